"""Build hook: ship the top-level templates/, static/, migrations/ and docs/examples/ inside
the wheel.

They live at the top of the checkout, beside the package (see the README's layout); an
installed app finds them inside ``quizapp/`` instead (quizapp/paths.py). Editable installs
read them from the checkout, so nothing is copied for those. Everything else about the
build is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_FOLDERS = ("templates", "static", "migrations", "docs/examples")


class BuildPyWithDataFolders(build_py):
    """``build_py``, then a copy of each data folder into the built ``quizapp`` package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for name in DATA_FOLDERS:
            shutil.copytree(
                name,
                Path(self.build_lib, "quizapp", name),
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
                dirs_exist_ok=True,
            )


setup(cmdclass={"build_py": BuildPyWithDataFolders})
