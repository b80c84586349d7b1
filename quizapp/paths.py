"""Where templates, static files and migrations live, in a checkout and in a wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(name: str) -> Path:
    """The checkout's top-level folder, or the copy a wheel ships inside the package."""
    for candidate in (_PACKAGE.parent / name, _PACKAGE / name):
        if candidate.is_dir():
            return candidate
    raise RuntimeError(f"cannot find the {name}/ folder next to or inside {_PACKAGE}")


def template_folder() -> Path:
    """The folder holding Jinja templates (``templates/``)."""
    return _first_existing("templates")


def static_folder() -> Path:
    """The folder holding CSS and JS (``static/``)."""
    return _first_existing("static")


def migrations_folder() -> Path:
    """The Alembic folder (``migrations/``)."""
    return _first_existing("migrations")


def examples_folder() -> Path:
    """The example set files (``docs/examples/``, beside the package or inside a wheel's)."""
    for candidate in (_PACKAGE.parent / "docs" / "examples", _PACKAGE / "docs" / "examples"):
        if candidate.is_dir():
            return candidate
    raise RuntimeError(f"cannot find docs/examples/ next to or inside {_PACKAGE}")
