"""The repository stands on its own: every file its documents point to is in it.

A fresh clone has only the repository. A link in the README, the platform's README, the
architecture document or a comment in pyproject.toml that points outside it (`../...`)
or to a file since moved leaves a newcomer with nothing to read.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ("README.md", "central/README.md", "docs/ARCHITECTURE.md", "pyproject.toml")
TOP_FOLDERS = ("kiosk", "drivers", "offline_cache", "ui", "central", "tests", "bench",
               "deploy", "scripts", "docs")

# [text](target): a Markdown link, resolved from the document's own folder.
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")
# kiosk/app.py, ui/qml/icons/, drivers/*/cards/: a path from the repository's root, not
# part of a longer path or address (/opt/one-terminal-kiosk/deploy/..., host:5432/central).
ROOT_PATH = re.compile(rf"(?<![\w./@+:-])(?:{'|'.join(TOP_FOLDERS)})/[\w./*-]*")
# ../notes/DESIGN.md: a path that climbs out of the document's folder.
CLIMBING_PATH = re.compile(r"(?<![\w./-])(?:\.\./)+[\w./*-]+")


def _exists_inside(base: Path, reference: str) -> bool:
    """True when `reference`, read from `base`, names something inside the repository."""
    target = (base / reference).resolve()
    if not target.is_relative_to(ROOT):
        return False
    if "*" in reference:
        return any(base.glob(reference))
    return target.exists()


def broken_references(text: str, folder: Path) -> list[str]:
    """The references in `text`, a document in `folder`, that name nothing in the
    repository."""
    broken = []
    for target in MARKDOWN_LINK.findall(text):
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # an address on the web, or a place in this document
        if not _exists_inside(folder, target.split("#")[0]):
            broken.append(target)
    for reference in ROOT_PATH.findall(text):
        if not _exists_inside(ROOT, reference.rstrip(".,")):
            broken.append(reference.rstrip(".,"))
    for reference in CLIMBING_PATH.findall(text):
        if not _exists_inside(folder, reference.rstrip(".,")):
            broken.append(reference.rstrip(".,"))
    return sorted(set(broken))  # a link is also a path: reported once


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_reference_resolves_in_a_fresh_clone(name):
    document = ROOT / name
    assert document.is_file(), f"{name} is missing"
    text = document.read_text(encoding="utf-8")
    assert broken_references(text, document.parent) == [], (
        f"{name} points to what the repository lacks")


def test_the_readme_leads_to_the_architecture_document():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/ARCHITECTURE.md)" in readme


def test_references_outside_the_repository_or_to_moved_files_are_found():
    # The check itself must be able to fail: from the repository's root, a path out of it
    # (which may well exist on a developer's machine), a link and a path to files that
    # are not there; a link that resolves and a web address are not reported.
    text = ("See `../notes/DESIGN.md`, [the kiosk](kiosk/no_such_module.py),\n"
            "kiosk/moved_away.py and [the app](kiosk/app.py) on https://example.org/kiosk/x.\n")
    assert broken_references(text, ROOT) == [
        "../notes/DESIGN.md", "kiosk/moved_away.py", "kiosk/no_such_module.py"]
