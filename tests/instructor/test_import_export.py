"""Set files in and out: in the browser and on the CLI, refused whole when invalid, round trips."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import pytest
from set_support import FORMULA, PEOPLE, TEMPLATE, flashes, make_set
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from quizapp.extensions import db
from quizapp.models.question_set import QuestionSet, SetVersion
from quizapp.paths import examples_folder
from quizapp.sets import dump_set, load_set

BAD_YAML = b"""format: quizapp-set/1
title: Broken
items:
  - id: a
    kind: numeric
    prompt: How much?
    answer: lots
  - id: a
    kind: formula
    prompt: "{p}"
"""
BOMB = b"a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"


def set_count(app) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count(QuestionSet.id))).scalar_one()


def upload(client, content: bytes, name: str):
    """Post a file to the import form (encoded in memory: the test client's own encoding
    spools a big body to a temporary file it never closes)."""
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(content), name)})
    return client.post(
        "/instructor/sets/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_the_sample_file_imports_as_a_draft(app, as_, people):
    owner = as_("owner")
    response = upload(owner, (examples_folder() / "sample-set.yaml").read_bytes(), "s.yaml")
    assert response.status_code == 303
    page = owner.get(response.headers["Location"]).data
    assert "as a draft" in " ".join(flashes(page))
    assert b"Every question test passes" in page and b"test-fail" not in page


def test_an_invalid_file_is_refused_whole_with_every_problem_by_place(app, as_, people):
    response = upload(as_("owner"), BAD_YAML, "broken.yaml")
    assert response.status_code == 422
    page = response.data.decode()
    assert "The file was not imported: 4 problems." in page
    for place in ('items[0].answer</code> <span class="muted">(line 7)', "items[1].id</code>"):
        assert place in page
    assert "expected a number" in page and "is also used by items[0]" in page
    assert set_count(app) == 0


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (BOMB, "bomb.yaml", "anchors (&amp;name) are not allowed"),
        (b"{not json", "x.json", "not valid JSON"),
        (b"\xff\xfe", "x.yaml", "not UTF-8"),
        (b"", "x.yaml", "the file is empty"),
        (b"title: x\n" + b"#" * 1_000_001, "big.yaml", "a set file may have at most"),
    ],
)
def test_unsafe_or_unreadable_files_are_refused_with_a_message(
    app, as_, people, content, name, message
):
    response = upload(as_("owner"), content, name)
    assert response.status_code == 422 and message in response.data.decode()
    assert set_count(app) == 0


def test_no_file_chosen_is_a_message_not_an_error(as_, people):
    response = as_("owner").post("/instructor/sets/import", data={})
    assert response.status_code == 422 and b"Choose a .yaml" in response.data


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_then_import_gives_back_an_identical_set(app, as_, people, fmt):
    with app.app_context():
        set_id = make_set(PEOPLE["owner"][0], FORMULA, TEMPLATE)
    owner = as_("owner")
    exported = owner.get(f"/instructor/sets/{set_id}/export.{fmt}")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["Content-Disposition"]
    response = upload(owner, exported.data, f"again.{fmt}")
    assert response.status_code == 303
    with app.app_context():
        first, second = db.session.execute(db.select(SetVersion).order_by(SetVersion.id)).scalars()
        assert first.data == second.data == load_set(exported.data, fmt)
    again = owner.get(f"{response.headers['Location']}/export.{fmt}").data
    assert again == exported.data


def test_moodle_xml_is_a_download_moodle_can_read(app, as_, people):
    with app.app_context():
        set_id = make_set(PEOPLE["owner"][0], FORMULA, TEMPLATE)
    response = as_("owner").get(f"/instructor/sets/{set_id}/export.moodle")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    quiz = ET.fromstring(response.data)
    types = [q.get("type") for q in quiz.findall("question")]
    assert types[0] == "category" and types.count("numerical") >= 2


def test_an_old_version_can_be_exported(app, as_, people):
    with app.app_context():
        set_id = make_set(PEOPLE["owner"][0], FORMULA, publish=True)
    owner = as_("owner")
    owner.post(f"/instructor/sets/{set_id}/items/{FORMULA['id']}/duplicate")
    v1 = json.loads(owner.get(f"/instructor/sets/{set_id}/export.json?version=1").data)
    v2 = json.loads(owner.get(f"/instructor/sets/{set_id}/export.json").data)
    assert len(v1["items"]) == 1 and len(v2["items"]) == 2
    assert owner.get(f"/instructor/sets/{set_id}/export.json?version=9").status_code == 404
    assert owner.get(f"/instructor/sets/{set_id}/export.pdf").status_code == 404


# --- The CLI -----------------------------------------------------------------------------


def test_cli_import_prints_the_id_and_export_round_trips(app, runner, people, tmp_path):
    path = tmp_path / "set.yaml"
    path.write_bytes((examples_folder() / "sample-set.yaml").read_bytes())
    result = runner.invoke(args=["sets", "import", str(path), "--owner", PEOPLE["owner"][0]])
    assert result.exit_code == 0, result.output
    set_id = int(result.output.strip())
    exported = runner.invoke(args=["sets", "export", str(set_id)])
    assert exported.exit_code == 0
    again_path = tmp_path / "again.yaml"
    again_path.write_text(exported.output)
    second = runner.invoke(args=["sets", "import", str(again_path), "--owner", PEOPLE["owner"][0]])
    assert second.exit_code == 0
    with app.app_context():
        first, again = db.session.execute(db.select(SetVersion).order_by(SetVersion.id)).scalars()
        assert first.data == again.data == load_set(path.read_bytes())
    assert runner.invoke(args=["sets", "export", second.output.strip()]).output == exported.output
    as_json = runner.invoke(args=["sets", "export", str(set_id), "--format", "json"]).output
    assert json.loads(as_json) == first.data
    out = tmp_path / "out.json"
    runner.invoke(args=["sets", "export", str(set_id), "--output", str(out)])
    assert json.loads(out.read_text()) == first.data  # the format follows the file name


def test_cli_import_refuses_an_invalid_file_whole(app, runner, people, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_bytes(BAD_YAML)
    result = runner.invoke(args=["sets", "import", str(path), "--owner", PEOPLE["owner"][0]])
    assert result.exit_code == 1
    assert "items[0].answer (line 7): expected a number" in result.output
    assert "4 problems; nothing was imported" in result.output
    assert set_count(app) == 0


@pytest.mark.parametrize(
    ("owner", "message"),
    [
        ("nobody@example.com", "No user has the email"),
        (PEOPLE["learner"][0], "make them an instructor first"),
    ],
)
def test_cli_import_needs_an_instructor_to_own_it(app, runner, people, tmp_path, owner, message):
    path = tmp_path / "set.yaml"
    path.write_text(dump_set({"format": "quizapp-set/1", "title": "T", "items": [FORMULA]}))
    result = runner.invoke(args=["sets", "import", str(path), "--owner", owner])
    assert result.exit_code == 1 and message in result.output
    assert set_count(app) == 0


def test_cli_import_without_owner_gives_it_to_an_admin_and_can_publish(
    app, runner, people, tmp_path
):
    path = tmp_path / "set.json"
    path.write_text(dump_set({"format": "quizapp-set/1", "title": "T", "items": [FORMULA]}, "json"))
    result = runner.invoke(args=["sets", "import", str(path), "--publish"])
    assert result.exit_code == 0, result.output
    listing = runner.invoke(args=["sets", "list"]).output.splitlines()
    assert listing[0].split("\t") == ["id", "title", "owner", "status", "version", "published"]
    assert listing[1].split("\t") == [
        result.output.strip(),
        "T",
        PEOPLE["admin"][0],
        "published",
        "1",
        "1",
    ]


def test_cli_export_of_a_missing_set_says_so(runner, people):
    result = runner.invoke(args=["sets", "export", "42"])
    assert result.exit_code == 1 and "There is no set 42" in result.output


def test_seed_demo_publishes_the_sample_set_once(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "already there" in again.output
    with app.app_context():
        qset = db.session.execute(db.select(QuestionSet)).scalar_one()
        version = db.session.execute(db.select(SetVersion)).scalar_one()
        assert qset.owner.email == "teacher@example.com"
        assert version.status == "published"
        assert version.data == load_set((examples_folder() / "sample-set.yaml").read_bytes())
