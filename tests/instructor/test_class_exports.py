"""CSV downloads of a class's attempts: exactly the class's rows, safe cells, streamed,
for the class's instructors only."""

from __future__ import annotations

import csv
import io

import pytest
from export_support import build_class_world, bulk_class_attempts, client_as, download
from sqlalchemy import select
from support import StatementLog

from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.assignment import Assignment
from quizapp.models.audit import AuditEvent
from quizapp.services.assignments import serve_assignment_item
from quizapp.services.class_attempts import ATTEMPT_COLUMNS
from quizapp.services.csv_cells import PIECE_CHARS
from quizapp.services.practice import Owner, submit_answer


@pytest.fixture
def world(app):
    return build_class_world(app)


@pytest.fixture
def as_(app, world):
    """``as_("owner")``: a new client signed in as that person (``as_(None)``: anonymous)."""
    return lambda who: client_as(app, who)


def test_the_class_csv_has_exactly_the_attempts_of_its_learners_through_its_assignments(as_, world):
    header, rows = download(as_("owner"), f"/instructor/classes/{world.class_id}/attempts.csv")
    assert header == list(ATTEMPT_COLUMNS)
    ids = world.attempt_ids
    # Oldest first; olly (not in the class), the owner, an attempt outside any assignment
    # and one through another class's assignment are all left out.
    assert [int(r["attempt_id"]) for r in rows] == [
        ids["ann_1"],
        ids["bob_1"],
        ids["ann_2"],
        ids["ann_3"],
        ids["bob_2"],
    ]
    ann, bob = world.users["ann"], world.users["bob"]
    assert rows[0] == {
        "attempt_id": str(ids["ann_1"]),
        "class_id": str(world.class_id),
        "assignment_id": str(world.week1_id),
        "assignment_title": "'-Week 1",
        "learner_id": str(ann),
        "learner_name": "Ann",
        "learner_email": "ann@example.com",
        "item_id": "ce-true-class",
        "item_title": "Cross-entropy of the true class",
        "type_id": "authored",
        "seed": "11",
        "difficulty": "1",
        "attempt_number": "1",
        "answered_at_utc": "2026-11-30T09:00:00Z",
        "answer": "0.357",
        "correct": "true",
        "score": "1.0",
        "diagnosis": "",
        "hints_used": "0",
        "time_taken_ms": "41000",
    }
    assert rows[1] == {
        "attempt_id": str(ids["bob_1"]),
        "class_id": str(world.class_id),
        "assignment_id": str(world.week1_id),
        "assignment_title": "'-Week 1",
        "learner_id": str(bob),
        "learner_name": '\'=HYPERLINK("http://x.example","Bob")',
        "learner_email": "bob@example.com",
        "item_id": "one-hot",
        "item_title": "'+Only the true class",
        "type_id": "ce_one_hot",
        "seed": "22",
        "difficulty": "1",
        "attempt_number": "1",
        "answered_at_utc": "2026-11-30T09:05:00Z",
        "answer": "'=1+1",
        "correct": "false",
        "score": "0.0",
        "diagnosis": "log_base_2",
        "hints_used": "1",
        "time_taken_ms": "12000",
    }
    # Ann's second try at the same item is number 2; her first at the other item is 1.
    assert [(r["learner_id"], r["item_id"], r["attempt_number"]) for r in rows] == [
        (str(ann), "ce-true-class", "1"),
        (str(bob), "one-hot", "1"),
        (str(ann), "ce-true-class", "2"),
        (str(ann), "one-hot", "1"),
        (str(bob), "ce-true-class", "1"),
    ]
    assert [r["answer"] for r in rows] == ["0.357", "'=1+1", "'-ln(0.7)", "'@SUM(A1)", "0.36"]
    assert [r["score"] for r in rows] == ["1.0", "0.0", "1.0", "0.5", "1.0"]
    assert rows[4]["assignment_title"] == "Week 2" and rows[4]["time_taken_ms"] == ""


def test_an_assignment_csv_has_only_that_assignments_attempts(as_, world):
    url = f"/instructor/classes/{world.class_id}/assignments/{world.week2_id}/attempts.csv"
    _header, rows = download(as_("co"), url)
    assert [int(r["attempt_id"]) for r in rows] == [world.attempt_ids["bob_2"]]
    _header, rows = download(
        as_("owner"),
        f"/instructor/classes/{world.class_id}/assignments/{world.week1_id}/attempts.csv",
    )
    assert len(rows) == 4
    assert [r["attempt_number"] for r in rows] == ["1", "1", "2", "1"]


def test_a_removed_learner_takes_their_rows_out_of_the_export(app, as_, world):
    owner = as_("owner")
    removed = owner.post(
        f"/instructor/classes/{world.class_id}/learners/{world.users['bob']}/remove"
    )
    assert removed.status_code == 303
    _header, rows = download(owner, f"/instructor/classes/{world.class_id}/attempts.csv")
    assert {r["learner_name"] for r in rows} == {"Ann"}


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("co", 200), ("admin", 200), ("other", 404), ("ann", 403), (None, 302)],
)
def test_only_the_classes_instructors_download_it(as_, world, who, status):
    for url in (
        f"/instructor/classes/{world.class_id}/attempts.csv",
        f"/instructor/classes/{world.class_id}/assignments/{world.week1_id}/attempts.csv",
    ):
        response = as_(who).get(url)
        assert response.status_code == status, (url, who)
        response.close()


def test_an_assignment_of_another_class_is_404(app, as_, world):
    """Olga's assignment through the owner's class id: not this class's, so not found."""
    with app.app_context():
        hers = db.session.execute(
            db.select(Assignment.id).filter_by(class_id=world.other_class_id)
        ).scalar_one()
    response = as_("owner").get(
        f"/instructor/classes/{world.class_id}/assignments/{hers}/attempts.csv"
    )
    assert response.status_code == 404
    missing = as_("owner").get(
        f"/instructor/classes/{world.class_id}/assignments/9999/attempts.csv"
    )
    assert missing.status_code == 404


def test_the_class_page_links_to_the_download(as_, world):
    page = as_("owner").get(f"/instructor/classes/{world.class_id}").data.decode()
    assert f'href="/instructor/classes/{world.class_id}/attempts.csv"' in page


def test_a_long_history_streams_in_pieces_from_one_query(app, as_, world):
    """Thousands of attempts come in several pieces, read by one query of attempts (after
    the one that reads the class's item titles), and parse back to every row."""
    ann = world.users["ann"]
    bulk_class_attempts(app, ann, world, 3_000)
    owner = as_("owner")
    with StatementLog(app) as log:
        response = owner.get(f"/instructor/classes/{world.class_id}/attempts.csv")
        pieces = list(response.response)
        response.close()
    assert response.is_streamed and "Content-Length" not in response.headers
    assert len(pieces) > 1 and all(len(p) <= PIECE_CHARS * 2 for p in pieces)
    rows = list(csv.DictReader(io.StringIO(b"".join(pieces).decode(), newline="")))
    assert len(rows) == 3_005
    bulk = [
        r for r in rows if r["assignment_id"] == str(world.week2_id) and r["learner_id"] == str(ann)
    ]
    assert [int(r["attempt_number"]) for r in bulk] == list(range(1, 3_001))
    reads = [s for s in log.selects if "FROM attempt" in s]
    assert len(reads) == 1, reads


def test_an_answer_given_through_the_assignment_shows_in_the_export(app, as_, world):
    """The real path: the assignment serves the item, the learner answers, the attempt
    carries the assignment's id and lands in the CSV as Ann's third try at the item."""
    with app.app_context():
        assignment = db.session.get(Assignment, world.week1_id)
        ann = db.session.get(User, world.users["ann"])
        served = serve_assignment_item(assignment, "ce-true-class", Owner(user_id=ann.id))
        # Wrong for every q the item draws (its loss is at most -ln 0.05 = 3.0), and with
        # enough figures: "+0.5" was refused as too rounded whenever q = 0.6 came up.
        attempt, _grade = submit_answer(served, "+12.5")
        attempt_id = attempt.id
    _header, rows = download(as_("owner"), f"/instructor/classes/{world.class_id}/attempts.csv")
    row = rows[-1]
    assert int(row["attempt_id"]) == attempt_id
    assert (row["learner_name"], row["item_id"], row["attempt_number"]) == (
        "Ann",
        "ce-true-class",
        "3",
    )
    assert (row["answer"], row["correct"], row["type_id"]) == ("'+12.5", "false", "authored")


def test_the_results_pages_link_to_their_downloads(as_, world):
    owner = as_("owner")
    base = f"/instructor/classes/{world.class_id}"
    class_results = owner.get(f"{base}/results")
    assert class_results.status_code == 200
    page = class_results.data.decode()
    assert f'href="{base}/summary.csv"' in page and f'href="{base}/attempts.csv"' in page
    one = owner.get(f"{base}/results/{world.week2_id}")
    assert one.status_code == 200
    page = one.data.decode()
    assert f'href="{base}/assignments/{world.week2_id}/summary.csv"' in page
    assert f'href="{base}/assignments/{world.week2_id}/attempts.csv"' in page


def test_each_csv_download_is_in_the_audit_log_with_what_was_taken(app):
    world = build_class_world(app)
    owner = client_as(app, "owner")
    base = f"/instructor/classes/{world.class_id}"
    for url in (
        f"{base}/attempts.csv",
        f"{base}/summary.csv",
        f"{base}/assignments/{world.week1_id}/attempts.csv",
    ):
        download(owner, url)
    with app.app_context():
        events = db.session.execute(
            select(AuditEvent).filter_by(action="class.export").order_by(AuditEvent.id)
        ).scalars()
        logged = [(e.actor_id, e.subject_id, e.detail) for e in events]
    me, klass = world.users["owner"], str(world.class_id)
    assert logged == [
        (me, klass, {"what": "attempts", "format": "csv", "assignment": None}),
        (me, klass, {"what": "summary", "format": "csv", "assignment": None}),
        (me, klass, {"what": "attempts", "format": "csv", "assignment": world.week1_id}),
    ]


def test_a_refused_download_is_not_logged(app):
    world = build_class_world(app)
    stranger = client_as(app, "other")
    assert stranger.get(f"/instructor/classes/{world.class_id}/attempts.csv").status_code == 404
    with app.app_context():
        assert (
            db.session.execute(select(AuditEvent.id).filter_by(action="class.export")).first()
            is None
        )
