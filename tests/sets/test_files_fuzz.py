"""The set reader under fuzzing: whatever the file, ``load_set`` returns a valid set or raises
``SetFileError`` whose every problem says where (a path such as items[3].params.p, a line);
never another exception, never a construction of a YAML tag, and hostile files (alias bombs,
deep nesting, huge numbers) are refused in bounded memory.

Inputs: random JSON-like structures, mutations of docs/examples/sample-set.yaml (as data and
as text), and a list of known hostile files. Counts: tests/fuzz_settings.py.
"""

from __future__ import annotations

import json
import tracemalloc

import pytest
import yaml
from fuzz_settings import NASTY, fuzz_settings
from hypothesis import assume, given
from hypothesis import strategies as st

from quizapp.paths import examples_folder
from quizapp.sets.files import MAX_BYTES, load_set
from quizapp.sets.problems import Problem, SetFileError

SAMPLE_TEXT = (examples_folder() / "sample-set.yaml").read_text(encoding="utf-8")
SAMPLE = load_set(SAMPLE_TEXT)


def outcome(text: str | bytes, fmt: str) -> list[Problem] | None:
    """``load_set``'s problems (None: the file is valid); anything but SetFileError fails."""
    try:
        load_set(text, fmt)
    except SetFileError as error:
        assert error.problems, "a SetFileError without problems"
        for problem in error.problems:
            assert problem.message.strip(), problem
            assert problem.path or problem.line or "file" in str(problem), problem
        str(error)  # the summary a person sees renders
        return error.problems
    return None


def _scalars():
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(),
        st.sampled_from(NASTY),
        st.text(max_size=30),
    )


KEYS = st.one_of(
    st.sampled_from(
        [
            "format",
            "title",
            "items",
            "id",
            "kind",
            "type",
            "params",
            "prompt",
            "answer",
            "variables",
            "range",
            "step",
            "list",
            "formula",
            "tests",
            "expect",
            "options",
            "draw",
            "mistakes",
            "code",
            "tolerance",
        ]
    ),
    st.text(max_size=12),
)
VALUES = st.recursive(
    _scalars(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=25,
)


def _as_text(data, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, allow_nan=True)
    try:
        return yaml.safe_dump(data, allow_unicode=True)
    except yaml.YAMLError:
        assume(False)


@fuzz_settings(weight=3)
@given(data=VALUES, fmt=st.sampled_from(["yaml", "json"]))
def test_random_structures_are_refused_with_places(data, fmt):
    outcome(_as_text(data, fmt), fmt)


@fuzz_settings(weight=2)
@given(
    head=st.fixed_dictionaries(
        {"format": st.just("quizapp-set/1"), "title": st.just("T")},
        optional={"items": st.lists(st.dictionaries(KEYS, VALUES, max_size=6), max_size=3)},
    ),
    fmt=st.sampled_from(["yaml", "json"]),
)
def test_random_items_in_a_valid_head_are_refused_with_places(head, fmt):
    outcome(_as_text(head, fmt), fmt)


def _places(value, path=()):
    """Every (path tuple) inside ``value``, the root included."""
    yield path
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _places(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _places(inner, (*path, index))


PLACES = list(_places(SAMPLE))[1:]


def _mutated(place: tuple, how: str, value):
    data = json.loads(json.dumps(SAMPLE))
    parent = data
    for step in place[:-1]:
        parent = parent[step]
    last = place[-1]
    if how == "drop":
        del parent[last]
    elif how == "duplicate" and isinstance(parent, list):
        parent.insert(last, parent[last])
    elif how == "huge":
        parent[last] = "é" * 20_000
    elif how == "retype":
        old = parent[last]
        parent[last] = [old] if not isinstance(old, list) else {"x": old}
    else:
        parent[last] = value
    return data


def _dotted(place: tuple) -> str:
    text = ""
    for step in place:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


@fuzz_settings(weight=3)
@given(
    place=st.sampled_from(PLACES),
    how=st.sampled_from(["drop", "duplicate", "huge", "retype", "replace"]),
    value=VALUES,
    fmt=st.sampled_from(["yaml", "json"]),
)
def test_mutations_of_the_sample_are_refused_at_their_place(place, how, value, fmt):
    """A broken sample is refused with a problem in the part that was broken (the same
    top-level field, or the same item), never somewhere unrelated."""
    problems = outcome(_as_text(_mutated(place, how, value), fmt), fmt)
    if problems:
        broken = [place[:2] if place[0] == "items" else place[:1]]
        if how == "duplicate" and isinstance(place[-1], int):  # the copy is the later one
            broken.append((*place[:-1], place[-1] + 1)[:2] if place[0] == "items" else place)
        wheres = [_dotted(b) for b in broken]
        assert any(
            p.path in ("", "items") or any(p.path.startswith(w) for w in wheres) for p in problems
        ), (wheres, problems)


LINE_EDITS = [
    lambda text, at, bit: text[:at] + bit + text[at:],  # insert
    lambda text, at, bit: text[:at] + text[at + len(bit) :],  # delete
    lambda text, at, bit: text[:at] + bit + text[at + len(bit) :],  # overwrite
]
BITS = st.one_of(
    st.sampled_from(
        [
            "\t",
            "&a ",
            "*a ",
            "!!python/object/apply:os.system ['true'] ",
            "{",
            "[",
            ": ",
            "- ",
            "1e999",
            "1" + "0" * 5000,
            "\n  title: again\n",
            "\x00",
            "\x85",
            "'",
            '"',
            "#",
            "|\n",
        ]
    ),
    st.text(max_size=8),
)


@fuzz_settings(weight=3)
@given(
    edit=st.sampled_from(LINE_EDITS),
    at=st.integers(0, len(SAMPLE_TEXT)),
    bit=BITS,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]),
)
def test_edits_of_the_sample_text_are_refused_with_places(edit, at, bit, encoding):
    text = edit(SAMPLE_TEXT, at, bit)
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "replace")
    outcome(raw, "yaml")
    outcome(raw, "json")


def _bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


HOSTILE = [
    ("billion laughs", _bomb(10), "yaml", "anchors (&name) are not allowed"),
    ("alias only", "title: *a\n", "yaml", "aliases (*name) are not allowed"),
    ("10,000 [ in YAML", "a: " + "[" * 10_000 + "]" * 10_000, "yaml", "nested deeper"),
    ("10,000 { in YAML", "a: " + "{" * 10_000 + "}" * 10_000, "yaml", "nested deeper"),
    ("10,000 [ in JSON", "[" * 10_000 + "]" * 10_000, "json", "nested deeper"),
    ("10,000 { in JSON", '{"a":' * 10_000 + "1" + "}" * 10_000, "json", "nested deeper"),
    ("1e999", SAMPLE_TEXT.replace("p: 0.001", "p: 1e999"), "yaml", "finite number"),
    (
        "10**5000 in YAML",
        SAMPLE_TEXT.replace("p: 0.001", "p: 1" + "0" * 5000),
        "yaml",
        "finite number",
    ),
    (
        "10**5000 in JSON",
        json.dumps(SAMPLE).replace('"p": 0.001', '"p": 1' + "0" * 5000),
        "json",
        "finite number",
    ),
    (
        "duplicate key YAML",
        SAMPLE_TEXT.replace("title: Cross", "title: a\ntitle: Cross"),
        "yaml",
        "appears twice",
    ),
    ("duplicate key JSON", '{"title": "a", "title": "b"}', "json", "appears twice"),
    ("not UTF-8", SAMPLE_TEXT.encode("utf-16"), "yaml", "not UTF-8"),
    ("tabs", SAMPLE_TEXT.replace("  - id: bce", "\t- id: bce"), "yaml", "not valid YAML"),
    ("python tag", "title: !!python/object/apply:os.system ['true']\n", "yaml", "not allowed"),
    ("oversize", "#" * (MAX_BYTES + 1), "yaml", "at most 1,000,000"),
]


@pytest.mark.parametrize(
    ("text", "fmt", "words"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE]
)
def test_hostile_files_are_refused_clearly_in_bounded_memory(text, fmt, words):
    """Each is refused with its own message, using little memory: nothing is expanded or
    built (the bomb's 9¹⁰ strings, 10⁵⁰⁰⁰ as an int, a 10,000-deep structure)."""
    tracemalloc.start()
    try:
        problems = outcome(text, fmt)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert problems and any(words in p.message for p in problems), problems
    assert peak < 16 * 2**20 + 4 * len(text), f"{peak:,} bytes for {len(text):,}"


def test_a_bom_is_read_past(tmp_path):
    assert load_set(b"\xef\xbb\xbf" + SAMPLE_TEXT.encode()) == SAMPLE
    assert load_set("\ufeff" + SAMPLE_TEXT) == SAMPLE


def test_a_python_tag_never_constructs_anything(tmp_path):
    """SafeLoader-based, and tags are refused before construction: the file is not made."""
    made = tmp_path / "made"
    text = f"title: !!python/object/apply:builtins.open ['{made}', 'w']\n"
    assert any("not allowed" in p.message for p in outcome(text, "yaml"))
    assert not made.exists()
