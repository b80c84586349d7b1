"""Set files load safely, are refused whole with every problem placed, and round-trip exactly."""

from __future__ import annotations

import json
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from set_samples import CE_ITEM, make_set

from quizapp.sets.files import MAX_BYTES, dump_set, format_for, load_set
from quizapp.sets.problems import SetFileError

HEAD = "format: quizapp-set/1\ntitle: Losses\nitems:\n"


def refused(text: str | bytes, fmt: str = "yaml") -> list:
    with pytest.raises(SetFileError) as caught:
        load_set(text, fmt)
    return caught.value.problems


def marked(items_yaml: str) -> tuple[str, int]:
    """A set file around ``items_yaml`` and the line carrying the ``# <-`` marker."""
    text = HEAD + textwrap.indent(textwrap.dedent(items_yaml), "  ")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "# <-" in row)
    return text, line


def test_a_valid_yaml_file_loads_as_the_plain_dict():
    """YAML and JSON give the same dict; numbers are numbers, text is text."""
    text = HEAD + textwrap.dedent(
        """\
          - id: bce
            kind: numeric
            prompt: "The model says 0.6 for a panda that is there. BCE in nats?"
            answer: 0.5108
            tolerance: {rel: 0.005, abs: 1e-8}
        """
    )
    data = load_set(text, "yaml")
    assert data["items"][0]["tolerance"] == {"rel": 0.005, "abs": 1e-8}
    assert load_set(json.dumps(data), "json") == data
    assert load_set(b"\xef\xbb\xbf" + text.encode(), "yaml") == data  # a BOM is fine


@pytest.mark.parametrize(
    ("items_yaml", "path", "words"),
    [
        (
            """\
            - id: n
              kind: numeric
              prompt: x
              answer: abc  # <-
            """,
            "items[0].answer",
            "expected a number",
        ),
        (
            """\
            - id: n  # <-
              kind: numeric
              answer: 1
            """,
            "items[0].prompt",
            "is required",
        ),
        (
            """\
            - id: n
              kind: numeric
              prompt: x
              answer: 1
              colour: red  # <-
            """,
            "items[0].colour",
            "unknown field",
        ),
        (
            "- id: Not A Slug  # <-\n  kind: numeric\n  prompt: x\n  answer: 1\n",
            "items[0].id",
            "slug",
        ),
        ("- id: n\n  kind: calculated  # <-\n", "items[0].kind", "must be one of"),
        (
            """\
            - id: f
              kind: formula
              prompt: x
              variables:
                q: {range: [0.1, 0.9]}  # <-
              answer: -ln(q)
            """,
            "items[0].variables.q",
            "needs a step",
        ),
        (
            """\
            - id: f
              kind: formula
              prompt: x
              variables: {q: {list: [0.5]}}
              answer: -lg(q)  # <-
            """,
            "items[0].answer",
            "unknown function 'lg'",
        ),
        (
            """\
            - id: f
              kind: formula
              prompt: x
              variables: {q: {list: [0.5]}}
              answer: -ln(p)  # <-
            """,
            "items[0].answer",
            "'p', which is not one of the variables",
        ),
        (
            """\
            - id: f
              kind: formula
              prompt: x
              variables:
                a: {formula: b + 1}  # <-
                b: {formula: a * 2}
              answer: a
            """,
            "items[0].variables.a",
            "circle: a → b → a",
        ),
        (
            """\
            - {id: n, kind: numeric, prompt: x, answer: 1}
            - {id: n, kind: numeric, prompt: y, answer: 2}  # <-
            """,
            "items[1].id",
            "also used by items[0]",
        ),
        (
            "- id: t\n  kind: template\n  type: suprisal  # <-\n",
            "items[0].type",
            "did you mean surprisal",
        ),
        (
            """\
            - id: t
              kind: template
              type: surprisal
              draw:
                p: {range: [0, 0.5], step: 0.1}  # <-
            """,
            "items[0].draw.p",
            "with p = 0: p must be above 0",
        ),
        (
            """\
            - id: n
              kind: numeric
              prompt: x
              answer: 1
              tolerance:
                rel: 0.7  # <-
            """,
            "items[0].tolerance.rel",
            "must be below 0.5",
        ),
        (
            """\
            - id: n
              kind: numeric
              prompt: x
              answer: 1
              tests:
                - {answer: "2", expect: log_base_3}  # <-
            """,
            "items[0].tests[0].expect",
            "expects 'log_base_3'",
        ),
        (
            """\
            - id: c
              kind: choice
              prompt: x
              options:  # <-
                - {id: a, text: A, correct: true}
                - {id: b, text: B, correct: true}
            """,
            "items[0].options",
            "exactly one option must be correct, not 2",
        ),
    ],
)
def test_each_kind_of_invalid_file_is_placed_by_path_and_line(items_yaml, path, words):
    """The problem names the field and the YAML line an author must fix."""
    text, line = marked(items_yaml)
    problems = refused(text)
    matching = [p for p in problems if p.path == path]
    assert matching, problems
    assert words in matching[0].message
    assert matching[0].line == line
    assert str(matching[0]).startswith(f"{path} (line {line}): ")


def test_every_problem_is_listed_at_once():
    """An author fixes a file in one pass: all problems come together, nothing is loaded."""
    text = HEAD + "  - {id: a, kind: numeric, prompt: x, answer: x}\n  - {id: a, kind: nope}\n"
    text = text.replace("format: quizapp-set/1", "format: quizapp-set/2")
    paths = [p.path for p in refused(text)]
    assert paths == ["format", "items[0].answer", "items[1].id", "items[1].kind"]


def test_json_problems_are_placed_too():
    """JSON is read by json, and its problems get lines from the same composer."""
    data = make_set(CE_ITEM)
    data["items"][0]["answer"] = 3
    problem = refused(json.dumps(data, indent=2), "json")[0]
    assert problem.path == "items[0].answer" and problem.line is not None


BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]
"""


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        (BOMB, "anchors (&name) are not allowed", 1),
        ("format: quizapp-set/1\ntitle: x\nitems: *nowhere\n", "aliases", 3),
        ("base: &b {x: 1}\nmore:\n  <<: *b\n", "anchors", 1),
        ("a: " + "[" * 5000 + "]" * 5000, "nested deeper than 32", 1),
        ("a:\n" + "".join("  " * i + "- \n" for i in range(1, 60)), "nested deeper", None),
        ("x: !!binary aGk=\n", "!!binary is not allowed", 1),
        ("x: !!set {a, b}\n", "!!set is not allowed", 1),
        ("x: !!python/object:os.system ls\n", "not allowed", 1),
        ("x: !custom 1\n", "not allowed", 1),
        ("? [a, b]\n: 1\n", "every key must be text", 1),
        ("1: one\n", "every key must be text", 1),
        ("a: 1\nb: 2\na: 3\n", "the key 'a' appears twice", 3),
        ("a: 1\n---\nb: 2\n", "not valid YAML", 2),
        ("a: [1, 2\n", "not valid YAML", 2),
        ("a: 1\nb: c\x00d\n", "not valid YAML: special characters are not allowed (#x0000)", 2),
        ("", "the file is empty", None),
        ("   \n", "the file is empty", None),
    ],
)
def test_hostile_or_broken_yaml_is_refused_with_a_place(text, words, line):
    """Alias bombs, deep nesting, tags and duplicates never reach the construction step."""
    problems = refused(text)
    assert any(words in p.message for p in problems), problems
    if line is not None:
        assert problems[0].line == line


@pytest.mark.parametrize(
    ("value", "fmt"),
    [
        ("1" + "0" * 5000, "yaml"),  # Python would refuse to convert it, slowly
        ("1" + "0" * 5000, "json"),
        ("1e999", "yaml"),
        ("1e999", "json"),
        (".inf", "yaml"),
        ("-.inf", "yaml"),
        (".nan", "yaml"),
        ("NaN", "json"),
        ("Infinity", "json"),
        ("1e13", "yaml"),
    ],
)
def test_huge_and_non_finite_numbers_are_refused_at_their_place(value, fmt):
    """No number the app would choke on, or that no question needs, gets in."""
    if fmt == "yaml":
        text = HEAD + f"  - {{id: n, kind: numeric, prompt: x, answer: {value}}}\n"
    else:
        data = make_set({"id": "n", "kind": "numeric", "prompt": "x", "answer": "VALUE"})
        text = json.dumps(data).replace('"VALUE"', value)
    problems = refused(text, fmt)
    assert [p.path for p in problems] == ["items[0].answer"], problems
    assert "finite number no larger than 1e+12" in problems[0].message


def test_a_flood_of_problems_is_listed_in_full_and_shown_in_part():
    """5 000 unknown keys: every one in ``problems``, the first 50 in the message."""
    text = HEAD + "  []\n" + "".join(f"k{i}: 1\n" for i in range(5000))
    with pytest.raises(SetFileError) as caught:
        load_set(text.replace("items:\n  []", "items: []"))
    assert len(caught.value.problems) == 5000
    assert str(caught.value).endswith("… and 4950 more")


def test_deep_json_is_refused_without_recursing():
    """Four hundred thousand brackets are a clear problem, not a RecursionError."""
    assert "nested deeper" in refused("[" * 400_000 + "]" * 400_000, "json")[0].message
    assert "nested deeper" in refused('{"a":' * 40 + "1" + "}" * 40, "json")[0].message


def test_oversize_and_undecodable_files_are_refused_before_parsing():
    """1 MB at most, and UTF-8 only."""
    assert "at most 1,000,000" in refused("#" * (MAX_BYTES + 1))[0].message
    assert "at most 1,000,000" in refused(b"#" * (MAX_BYTES + 1))[0].message
    assert "not UTF-8" in refused(b"title: caf\xe9\n")[0].message
    assert "appears twice" in refused('{"a": 1, "a": 2}', "json")[0].message
    assert "not valid JSON" in refused("{'a': 1}", "json")[0].message


def test_yaml_scalars_read_as_json_would():
    """yes/no/on stay text, 010 is ten, 1e-8 is a number, dates and hex stay text."""
    text = HEAD + textwrap.dedent(
        """\
          - id: c
            kind: choice
            prompt: 2024-01-01 or 0x1F?
            options:
              - {id: yes, text: on, correct: true}
              - {id: no, text: off}
          - {id: n, kind: numeric, prompt: x, answer: 010, tolerance: {abs: 1e-8}}
        """
    )
    choice, numeric = load_set(text)["items"]
    assert [o["id"] for o in choice["options"]] == ["yes", "no"]
    assert [o["text"] for o in choice["options"]] == ["on", "off"]
    assert choice["prompt"] == "2024-01-01 or 0x1F?"
    assert numeric["answer"] == 10 and numeric["tolerance"]["abs"] == 1e-8


TRICKY = [
    "yes", "no", "on", "off", "null", "~", "true", "010", "1e-8", "1.0", ".5", "2024-01-01",
    "0x1F", ".inf", ".nan", "- a", "a: b", "#c", "[1]", "{a", "} {", "&a", "*a", "!tag", "|", ">",
    "  leading", "trailing  ", "multi\nline\n", "multi\nline", "tab\there", "ü → ∞ 🐼",
    "'quote", '"double', "\\(x\\) and \\frac{1}{2}", "line \nnext", "\n", "@at", "%pct",
]  # fmt: skip


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_then_import_gives_an_identical_set(fmt):
    """Text YAML would misread is quoted, multi-line text kept exactly, no aliases written."""
    items = [
        {
            "id": f"n{i}",
            "kind": "numeric",
            "prompt": "x",
            "answer": 0.5,
            "hints": TRICKY[i : i + 10],
        }
        for i in range(0, len(TRICKY), 10)
    ]
    shared = [{"answer": "1", "expect": "wrong"}]
    data = make_set(CE_ITEM, *items)
    data["description"] = "Line one\n\nLine *two* with \\(q\\)\n"
    data["items"][1]["tests"] = shared
    data["items"][0]["tests"] = shared + data["items"][0]["tests"]  # the same dicts twice
    text = dump_set(data, fmt)
    assert "&id" not in text and "*id" not in text
    assert load_set(text, fmt) == data
    data["items"][0]["tests"] = tuple(shared)  # built in code rather than read from a file
    assert load_set(dump_set(data, fmt), fmt)["items"][0]["tests"] == shared


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        # Every character but NUL, which no database stores as text (refused, see below).
        st.text(
            st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
            min_size=1,
            max_size=200,
        ),
        min_size=1,
        max_size=12,
    )
)
def test_any_text_survives_the_round_trip(texts):
    """Whatever an author types (here as key points) comes back exactly, in YAML and JSON."""
    points = [{"id": f"k{i}", "text": text} for i, text in enumerate(texts)]
    item = {"id": "e", "kind": "explain", "prompt": "?", "key_points": points, "model_answer": "."}
    data = make_set(item)
    data["description"] = texts[0]
    for fmt in ("yaml", "json"):
        assert load_set(dump_set(data, fmt), fmt) == data


def test_format_for_a_file_name():
    """.json is JSON; everything else (.yaml, .yml) YAML."""
    assert format_for("set.JSON") == "json" and format_for("set.yml") == "yaml"
    with pytest.raises(ValueError, match="yaml' or 'json"):
        load_set("a: 1", "xml")


@pytest.mark.parametrize(
    ("escape", "path", "words"),
    [
        ("\\u0000", "title", "NUL character (U+0000)"),
        ("\\ud800", "items[0].prompt", "unpaired surrogate"),
        ("\\u0000", "items[0].tests[0].answer", "NUL character"),
    ],
)
def test_json_escapes_of_unstorable_text_are_refused_at_their_place(escape, path, words):
    """JSON can spell a NUL or a lone surrogate, which PostgreSQL (NUL) or any database
    (surrogates are not UTF-8) fails to store: a fuzzing finding, now a placed problem."""
    data = make_set({"id": "n", "kind": "numeric", "prompt": "x", "answer": 1})
    data["items"][0]["tests"] = [{"answer": "1", "expect": "correct"}]
    if path == "title":
        data["title"] = "MARK"
    elif path == "items[0].prompt":
        data["items"][0]["prompt"] = "MARK"
    else:
        data["items"][0]["tests"][0]["answer"] = "MARK"
    text = json.dumps(data).replace("MARK", f"a{escape}b")
    problems = refused(text, "json")
    assert [p.path for p in problems] == [path], problems
    assert words in problems[0].message and problems[0].line is not None


def test_a_key_with_brackets_is_placed_not_a_crash():
    """Sorting problems by place read "[…]" as an index: a key such as ``p['a'] b`` raised
    ValueError (a 500 on the import page). Found by tests/sets/test_files_fuzz.py."""
    text = HEAD + '  - {id: n, kind: numeric, prompt: x, answer: 1, "p[\'a\'] b": 1, "q[]": 2}\n'
    problems = refused(text)
    assert [p.path for p in problems] == ["items[0].p['a'] b", "items[0].q[]"], problems
    assert all("unknown field" in p.message for p in problems)
