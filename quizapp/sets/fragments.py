"""Parts of a set file on their own: one list or mapping of an item, as a form edits it.

An item form edits lists such as ``mistakes`` or ``variables`` as small YAML texts. They
are read with the same restricted loader as whole files (no aliases, limited depth and
size, YAML 1.2 scalars) and written with the same quoting, so what a form saves is what
a file would hold.
"""

from __future__ import annotations

from typing import Any

import yaml

from quizapp.sets.files import _Dumper, _parse_yaml
from quizapp.sets.problems import Problem, SetFileError

MAX_FRAGMENT_BYTES = 100_000


def load_fragment(text: str) -> tuple[Any, dict[str, int]]:
    """A YAML (or JSON) value and the line of each path in it (``[0].answer`` → 2).

    Raises ``SetFileError`` whose problems carry the line in ``text``.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FRAGMENT_BYTES:
        raise SetFileError([Problem("", f"is too long: at most {MAX_FRAGMENT_BYTES:,} bytes")])
    return _parse_yaml(text)


class _FragmentDumper(_Dumper):
    """The file writer, with short lists of numbers inline (``range: [0.05, 0.95]``)."""


def _represent_list(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    inline = all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=inline)


_FragmentDumper.add_representer(list, _represent_list)


def dump_fragment(value: Any) -> str:
    """``value`` as YAML that :func:`load_fragment` reads back equal."""
    text = yaml.dump(
        value,
        Dumper=_FragmentDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        indent=2,
    )
    return text.removesuffix("...\n").rstrip("\n")


def line_of(path: str, lines: dict[str, int]) -> int | None:
    """The line of ``path`` in a fragment, or of its nearest ancestor that has one."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        cut = max(path.rfind("."), path.rfind("["))
        path = path[: max(cut, 0)]
