"""The wheel ships every Python package and the top-level templates, static and migrations,
and building it (or the editable install) prints no warnings a newcomer would take for a
failure."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA_FOLDERS = ("templates", "static", "migrations", "docs/examples")
BUILD_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md")


def shipped_sources() -> set[str]:
    """What the wheel must hold, as paths inside it: the package's modules and every file
    of the data folders under quizapp/."""
    wanted = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "quizapp").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    for name in DATA_FOLDERS:
        for path in (ROOT / name).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                wanted.add("quizapp/" + path.relative_to(ROOT).as_posix())
    return wanted


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory) -> Path:
    """The files a build reads, copied away from the checkout (a build writes build/)."""
    copy = tmp_path_factory.mktemp("source")
    for name in BUILD_FILES:
        shutil.copy2(ROOT / name, copy / name)
    for name in ("quizapp", *DATA_FOLDERS):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def build(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run a build with this environment's setuptools (no download, no isolation)."""
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=True
    )


def test_the_wheel_ships_every_module_and_data_file_and_builds_quietly(source_copy, tmp_path):
    built = build(
        ["-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["--disable-pip-version-check", "--wheel-dir", str(tmp_path), "."],
        source_copy,
    )
    assert "warning" not in (built.stdout + built.stderr).lower(), built.stderr
    (wheel,) = tmp_path.glob("quizapp-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert shipped_sources() <= names
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_the_editable_install_builds_quietly(source_copy, tmp_path):
    """setuptools warns about layouts it finds ambiguous (data folders mapped into the
    package, a license table) on every set-up; a plain layout gets no such warning."""
    built = build(
        ["-c", "import setuptools.build_meta as b; b.build_editable(" + repr(str(tmp_path)) + ")"],
        source_copy,
    )
    assert "warning" not in built.stderr.lower(), built.stderr
    assert list(tmp_path.glob("quizapp-*.whl"))
