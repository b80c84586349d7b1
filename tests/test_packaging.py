"""The wheel ships every Python package and the top-level templates, static and migrations."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_FOLDERS = {
    "quizapp.templates": "templates",
    "quizapp.static": "static",
    "quizapp.migrations": "migrations",
    "quizapp.examples": "docs/examples",
}


def test_every_package_is_listed_for_the_wheel():
    """A new sub-package not added to pyproject.toml would be missing from an install."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "quizapp").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert set(config["packages"]) == on_disk | set(DATA_FOLDERS)
    assert config["package-dir"] == DATA_FOLDERS
