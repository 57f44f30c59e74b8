"""A package's names loaded on first use (PEP 562), for packages whose modules pull in
large libraries (OpenCV, python-escpos) that the terminal's first frame must not wait for."""

import importlib
from collections.abc import Callable


def lazy_names(package: str, where: dict[str, str]) -> Callable[[str], object]:
    """A module `__getattr__` for `package`: each name in `where` comes from the module
    `where[name]` of the package, imported when the name is first asked for."""

    def module_getattr(name: str) -> object:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{where[name]}"), name)

    return module_getattr
