"""Bad set files through the instructor's import page and ``flask sets import``: a 422 page
(or exit status 1) listing every problem with its place, and the saved world untouched: no
row changed, none added. Known hostile files, then generated ones (mutated sample files,
random bytes). The reader itself is fuzzed harder in tests/sets/test_files_fuzz.py."""

from __future__ import annotations

import html
import io
import json

import pytest
from fuzz_settings import fuzz_settings
from fuzz_world import PEOPLE, build_world, snapshot
from hypothesis import given
from hypothesis import strategies as st
from support import sign_in
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from quizapp.paths import examples_folder
from quizapp.sets.files import MAX_BYTES

SAMPLE = (examples_folder() / "sample-set.yaml").read_bytes()
SAMPLE_JSON = json.dumps(
    {
        "format": "quizapp-set/1",
        "title": "T",
        "items": [{"id": "n", "kind": "numeric", "prompt": "x", "answer": 1}],
    }
)


def _bomb(levels: int) -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    return "\n".join(lines).encode()


#: (name, file name, content, words the page must show)
BAD_FILES = [
    (
        "bracket key",
        "set.yaml",
        SAMPLE.replace(b"  - id: bce", b"  - \"p['a'] b\": 1\n    id: bce"),
        "unknown field",
    ),
    ("NUL escape", "set.json", SAMPLE_JSON.replace('"T"', '"T\\u0000"').encode(), "NUL"),
    (
        "surrogate escape",
        "set.json",
        SAMPLE_JSON.replace('"x"', '"\\ud800"').encode(),
        "unpaired surrogate",
    ),
    ("billion laughs", "set.yaml", _bomb(10), "anchors (&amp;name) are not allowed"),
    ("deep nesting", "set.yaml", b"a: " + b"[" * 10_000, "nested deeper"),
    ("deep JSON", "set.json", b"[" * 10_000 + b"]" * 10_000, "nested deeper"),
    ("10**5000", "set.yaml", SAMPLE.replace(b"p: 0.001", b"p: 1" + b"0" * 5000), "finite number"),
    ("not UTF-8", "set.yaml", SAMPLE.decode().encode("utf-16"), "not UTF-8"),
    ("python tag", "set.yaml", b"title: !!python/object/apply:os.system ['true']\n", "not allowed"),
    ("duplicate key", "set.json", b'{"title": "a", "title": "b"}', "appears twice"),
    ("empty", "set.yaml", b"", "the file is empty"),
    ("oversize", "set.yaml", b"#" * (MAX_BYTES + 1), "at most 1,000,000"),
]


@pytest.fixture
def instructor(app):
    """The saved world, an instructor's client, and the world's rows as saved."""
    build_world(app)
    client = app.test_client()
    sign_in(client, PEOPLE["instructor"][0])
    with app.app_context():
        saved = snapshot()
    return client, saved


def _upload(client, name: str, content: bytes):
    # Encoded in memory: the test client spools a large body to a temporary file it never
    # closes (a ResourceWarning, an error in this suite).
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(content), name)})
    return client.post(
        "/instructor/sets/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_a_bad_upload_is_a_422_with_its_problems_and_changes_nothing(app, instructor):
    client, saved = instructor
    for what, name, content, words in BAD_FILES:
        response = _upload(client, name, content)
        assert response.status_code in (413, 422), (what, response.status_code)
        page = html.unescape(response.get_data(as_text=True))
        assert html.unescape(words) in page, (what, page[-2000:])
        with app.app_context():
            assert snapshot() == saved, what


CONTENT = st.one_of(
    st.binary(max_size=300),
    st.tuples(st.integers(0, len(SAMPLE)), st.binary(max_size=8)).map(
        lambda cut: SAMPLE[: cut[0]] + cut[1] + SAMPLE[cut[0] + len(cut[1]) :]
    ),
    st.tuples(st.integers(0, len(SAMPLE_JSON)), st.text(max_size=6)).map(
        lambda cut: (SAMPLE_JSON[: cut[0]] + cut[1] + SAMPLE_JSON[cut[0] :]).encode()
    ),
)


def test_generated_uploads_never_fail_and_refusals_change_nothing(app, instructor, backend):
    client, saved = instructor
    weight = 0.5 if backend.name == "sqlite" else 0.25

    @fuzz_settings(weight=weight)
    @given(content=CONTENT, name=st.sampled_from(["set.yaml", "set.json", "set.yml", "set"]))
    def upload(content, name):
        response = _upload(client, name, content)
        assert response.status_code in (303, 422), response.status_code
        if response.status_code == 422:
            assert b'id="import-problems"' in response.data
            with app.app_context():
                assert snapshot() == saved
        # An accepted file adds a set: later examples compare only the refused ones' rows.
        if response.status_code == 303:
            with app.app_context():
                saved.update(snapshot())

    upload()


def test_the_cli_refuses_a_bad_file_with_places_and_changes_nothing(
    app, instructor, runner, tmp_path
):
    _, saved = instructor
    for what, name, content, words in BAD_FILES[:-1]:  # not the oversize one: 1 MB to disk
        path = tmp_path / name
        path.write_bytes(content)
        owner = PEOPLE["instructor"][0]
        result = runner.invoke(args=["sets", "import", str(path), "--owner", owner])
        assert result.exit_code == 1, (what, result.output)
        assert isinstance(result.exception, SystemExit), what  # a message, not a traceback
        assert html.unescape(words) in result.output, (what, result.output)
        assert "nothing was imported" in result.output, what
        with app.app_context():
            assert snapshot() == saved, what
