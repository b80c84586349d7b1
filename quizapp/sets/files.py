"""Reading and writing set files (YAML or JSON): safely, with every problem placed by line.

YAML is read with a restricted ``yaml.SafeLoader``:

- at most :data:`MAX_BYTES` of UTF-8 and :data:`MAX_DEPTH` levels of nesting;
- no anchors or aliases at all (``&a`` / ``*a``), so an alias bomb cannot expand;
- only text, numbers, true/false, null, lists and mappings with text keys, each key once;
- YAML 1.2 ("core") scalars, as JSON has them: ``yes``, ``on``, ``010`` and ``2024-01-01`` stay
  text and ``1e-8`` is a number (YAML 1.1 would read yes/on as true, 010 as 8 and 1e-8 as text);
- integers of more than :data:`MAX_INT_DIGITS` digits are read as too large, not converted.

The writer quotes any text that a YAML reader could take for something else and writes no
aliases, so ``load_set(dump_set(data, fmt), fmt) == data`` for every valid set.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizapp.sets.problems import Problem, SetFileError, join_path

FORMATS = ("yaml", "json")
MAX_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_INT_DIGITS = 15
_LINES_FOR_JSON_BELOW = 200_000  # mapping JSON positions costs a YAML parse: only for small files

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}
_CORE_RESOLVERS = [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("int", r"^[-+]?[0-9]+$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
]


class _Refused(Exception):
    def __init__(self, message: str, mark: yaml.Mark | None) -> None:
        super().__init__(message)
        self.message, self.line = message, (mark.line + 1 if mark else None)


class _Loader(yaml.SafeLoader):
    """SafeLoader without aliases, deep nesting or YAML 1.1's surprising scalars."""

    yaml_implicit_resolvers: dict = {}  # our own registry, not SafeLoader's YAML 1.1 one

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: object) -> Node:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused("aliases (*name) are not allowed in a set file", event.start_mark)
        if getattr(event, "anchor", None):
            raise _Refused("anchors (&name) are not allowed in a set file", event.start_mark)
        if not isinstance(event, CollectionStartEvent):
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(f"nested deeper than {MAX_DEPTH} levels", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_int(self, node: ScalarNode) -> int | float:
        """Decimal only (010 is ten, not YAML 1.1's eight); too many digits is too large."""
        digits = node.value.lstrip("+-")
        if len(digits.lstrip("0")) > MAX_INT_DIGITS:
            return math.inf  # reported by validation as too large, with its place
        return int(node.value)


_Loader.add_constructor(_TAG + "int", _Loader.construct_yaml_int)
for _name, _pattern, _first in _CORE_RESOLVERS:
    _Loader.add_implicit_resolver(_TAG + _name, re.compile(_pattern), list(_first))


class _Dumper(yaml.SafeDumper):
    """Quotes text that YAML 1.1 or 1.2 readers would take for a number, bool or null."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a shared list must be written twice: the reader refuses aliases


for _name, _pattern, _first in _CORE_RESOLVERS:
    _Dumper.add_implicit_resolver(_TAG + _name, re.compile(_pattern), list(_first))


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Multi-line text (Markdown) as a ``|`` block when YAML can hold it so, else quoted.

    PyYAML writes U+0085 (NEL, a YAML line break) raw inside single quotes and reads it back
    as a space, so text holding YAML's extra line breaks is double-quoted, where it is escaped.
    """
    if any(ch in value for ch in "\x85\u2028\u2029"):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar(_TAG + "str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(tuple, yaml.SafeDumper.represent_list)  # as json.dumps writes them


def format_for(filename: str) -> str:
    """The format a file name implies: ``json`` for ``.json``, else ``yaml``."""
    return "json" if filename.lower().endswith(".json") else "yaml"


def load_set(text: str | bytes, fmt: str = "yaml") -> dict[str, Any]:
    """Read and validate a set file; raises ``SetFileError`` listing every problem with its place.

    Nothing is returned unless the whole file is valid, so a caller never stores part of it.
    """
    from quizapp.sets.validate import validate_set  # validate imports the item machinery

    fmt = _check_format(fmt)
    source = _decode(text)
    data, lines = _parse_yaml(source) if fmt == "yaml" else _parse_json(source)
    problems = validate_set(data)
    if problems:
        if fmt == "json" and not lines and len(source) < _LINES_FOR_JSON_BELOW:
            lines = _json_lines(source)
        raise SetFileError([p.at_line(_line_of(p.path, lines)) for p in problems])
    return data


def dump_set(data: dict[str, Any], fmt: str = "yaml") -> str:
    """A set as file text that ``load_set`` reads back equal."""
    fmt = _check_format(fmt)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)


def _check_format(fmt: str) -> str:
    fmt = {"yml": "yaml"}.get(str(fmt).lower(), str(fmt).lower())
    if fmt not in FORMATS:
        raise ValueError(f"format must be 'yaml' or 'json', not {fmt!r}")
    return fmt


def _refuse(message: str, line: int | None = None) -> SetFileError:
    return SetFileError([Problem("", message, line)])


def _decode(text: str | bytes) -> str:
    size = len(text.encode("utf-8", "surrogatepass")) if isinstance(text, str) else len(text)
    if size > MAX_BYTES:
        raise _refuse(f"the file has {size:,} bytes; a set file may have at most {MAX_BYTES:,}")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise _refuse(f"the file is not UTF-8 text (byte {error.start + 1})") from None
    if not text.strip():
        raise _refuse("the file is empty")
    return text


def _parse_yaml(source: str) -> tuple[Any, dict[str, int]]:
    try:
        loader = _Loader(source)  # the reader refuses control characters here, before parsing
    except yaml.reader.ReaderError as error:
        line = source.count("\n", 0, error.position) + 1
        raise _refuse(f"not valid YAML: {error.reason} (#x{error.character:04x})", line) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise _refuse("the file is empty")
        lines: dict[str, int] = {}
        problems: list[Problem] = []
        _walk(node, "", lines, problems)
        if problems:
            raise SetFileError(problems)
        return loader.construct_document(node), lines
    except _Refused as error:
        raise _refuse(error.message, error.line) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise _refuse(f"not valid YAML: {what}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as error:
        raise _refuse(f"not valid YAML: {error}") from None
    finally:
        loader.dispose()


def _walk(node: Node, path: str, lines: dict[str, int], problems: list[Problem]) -> None:
    """Map each path to its line, and refuse tags, keys and duplicates JSON could not hold."""
    line = node.start_mark.line + 1
    lines.setdefault(path, line)
    if node.tag not in _ALLOWED_TAGS:
        problems.append(
            Problem(
                path,
                f"the YAML type {node.tag.replace(_TAG, '!!')} is not allowed: use text, numbers, "
                "true/false, lists and mappings",
                line,
            )
        )
        return
    if isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, join_path(path, index), lines, problems)
    elif isinstance(node, MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            key_line = key.start_mark.line + 1
            if not isinstance(key, ScalarNode) or key.tag != _TAG + "str":
                problems.append(Problem(path, "every key must be text", key_line))
                continue
            child = join_path(path, key.value)
            if key.value in seen:
                problems.append(Problem(child, f"the key {key.value!r} appears twice", key_line))
            seen.add(key.value)
            lines[child] = key_line
            _walk(value, child, lines, problems)


def _parse_json(source: str) -> tuple[Any, dict[str, int]]:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise _refuse(f"the key {key!r} appears twice in one object")
            result[key] = value
        return result

    def integer(text: str) -> int | float:
        return math.inf if len(text.lstrip("-").lstrip("0")) > MAX_INT_DIGITS else int(text)

    try:
        data = json.loads(source, object_pairs_hook=pairs, parse_int=integer)
    except json.JSONDecodeError as error:
        raise _refuse(f"not valid JSON: {error.msg}", error.lineno) from None
    except RecursionError:
        raise _refuse(f"nested deeper than {MAX_DEPTH} levels") from None
    depth = _depth(data)
    if depth > MAX_DEPTH:
        raise _refuse(f"nested deeper than {MAX_DEPTH} levels")
    return data, {}


def _depth(data: Any) -> int:
    """How deeply lists and objects nest (iteratively: a hostile file must not recurse us)."""
    deepest, stack = 0, [(data, 0)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            level += 1
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                stack.extend(
                    (v, level) for v in (value.values() if isinstance(value, dict) else value)
                )
    return deepest


def _json_lines(source: str) -> dict[str, int]:
    """Line numbers for a JSON file's paths, read by the YAML composer (JSON is YAML)."""
    try:
        loader = _Loader(source)
        try:
            node = loader.get_single_node()
            lines: dict[str, int] = {}
            if node is not None:
                _walk(node, "", lines, [])
            return lines
        finally:
            loader.dispose()
    except (yaml.YAMLError, _Refused):
        return {}


def _line_of(path: str, lines: dict[str, int]) -> int | None:
    """The line of ``path``, or of its nearest ancestor in the file (a missing field's parent)."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        cut = max(path.rfind("."), path.rfind("["))
        path = path[: max(cut, 0)]
