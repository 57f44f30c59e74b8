"""The core layers never load Qt or the UI: checked in a fresh interpreter."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE_PACKAGES = ("kiosk", "drivers", "offline_cache")


def modules_of(*packages: str) -> list[str]:
    """Every importable module of `packages` (their __main__ scripts left out)."""
    modules = []
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__main__":
                continue
            if parts[-1] == "__init__":
                parts.pop()
            modules.append(".".join(parts))
    return modules


def core_modules() -> list[str]:
    return modules_of(*CORE_PACKAGES)


def loaded_after_importing(modules: list[str], tops: tuple[str, ...]) -> str:
    """In a fresh interpreter: import `modules`, then name every loaded module whose top
    package is one of `tops` (comma-separated; empty when none)."""
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {tops!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_there_are_core_modules_to_check():
    assert len(core_modules()) > 20


@pytest.mark.parametrize("package", CORE_PACKAGES)
def test_core_imports_neither_qt_nor_ui(package):
    modules = [m for m in core_modules() if m.split(".")[0] == package]
    pulled = loaded_after_importing(modules, ("PySide6", "shiboken6", "ui"))
    assert pulled == "", f"{package} pulled in: {pulled}"


def test_command_line_tools_do_not_load_qt():
    script = (
        "import sys\n"
        "from kiosk.cli import main\n"
        "main(['config', 'show'])\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt loaded'\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_the_platform_imports_nothing_of_the_terminal():
    """central/ runs on a server: it never loads the kiosk's core, drivers, store or UI."""
    modules = modules_of("central")
    assert len(modules) > 20
    pulled = loaded_after_importing(modules, ("kiosk", "drivers", "offline_cache", "ui",
                                              "PySide6"))
    assert pulled == "", f"central pulled in: {pulled}"


@pytest.mark.parametrize("package", ["drivers", "offline_cache"])
def test_the_lower_layers_name_nothing_of_the_core(package):
    """drivers/ and offline_cache/ sit below the core: not even a type of the core's is
    named in them (a driver states what it reads of its configuration itself)."""
    import ast

    named = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            named += [f"{path.relative_to(ROOT)}: {name}" for name in names
                      if name.split(".")[0] in ("kiosk", "ui", "central")]
    assert named == []


def test_the_search_ranking_does_not_reach_back_into_the_index():
    """The index uses its ranking; the ranking reads what the index hands it (Searched)
    and never imports the index: no cycle between them."""
    import ast

    ranking = ROOT / "kiosk" / "catalogue" / "search" / "ranking.py"
    imported = {node.module for node in ast.walk(ast.parse(ranking.read_text("utf-8")))
                if isinstance(node, ast.ImportFrom)}
    assert "kiosk.catalogue.search.index" not in imported
    assert "kiosk.catalogue.search.postings" in imported


def test_the_terminals_screens_never_import_the_rehearsal_tools():
    """ui/rehearsal/ (tour, burn-in, tap driver, simulator) rehearses the terminal; the
    screens that serve residents do not depend on it (the demo opens its simulator from
    inside a function)."""
    import ast

    named = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        if "rehearsal" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level: what loading the screens loads
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "ui.rehearsal"):
                named.append(f"{path.relative_to(ROOT)}: {node.module}")
    assert named == []
