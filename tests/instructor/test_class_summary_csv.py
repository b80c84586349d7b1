"""The summary CSV: one row per learner per assignment, with the results service's figures
(hand-computed here from export_support's attempts)."""

from __future__ import annotations

import pytest
from export_support import build_class_world, client_as, download

from quizapp.services.class_summary import SUMMARY_COLUMNS


@pytest.fixture
def world(app):
    return build_class_world(app)


def by_key(rows):
    """Rows keyed by (assignment title, learner email): the order by name is the
    database's collation's, which differs between SQLite and PostgreSQL for '='."""
    return {(r["assignment_title"], r["learner_email"]): r for r in rows}


def test_the_class_summary_has_each_learner_on_each_assignment(app, world):
    header, rows = download(
        client_as(app, "owner"), f"/instructor/classes/{world.class_id}/summary.csv"
    )
    assert header == list(SUMMARY_COLUMNS)
    # Week 1 first (the older assignment), then Week 2; three learners each.
    assert [r["assignment_title"] for r in rows] == ["'-Week 1"] * 3 + ["Week 2"] * 3
    got = by_key(rows)
    assert set(got) == {
        (title, f"{who}@example.com")
        for title in ("'-Week 1", "Week 2")
        for who in ("ann", "bob", "cat")
    }
    ann = got[("'-Week 1", "ann@example.com")]
    # Ann: best 1.0 on ce-true-class (two tries), 0.5 on one-hot → (1.0 + 0.5) / 2.
    assert ann == {
        "class_id": str(world.class_id),
        "assignment_id": str(world.week1_id),
        "assignment_title": "'-Week 1",
        "attempts_policy": "practice",
        "due_at_utc": "",
        "learner_id": str(world.users["ann"]),
        "learner_name": "Ann",
        "learner_email": "ann@example.com",
        "items": "2",
        "items_attempted": "2",
        "completion": "1.0",
        "score": "0.75",
        "last_activity_utc": "2026-11-30T09:20:00Z",
    }
    bob = got[("'-Week 1", "bob@example.com")]
    assert bob["learner_name"] == '\'=HYPERLINK("http://x.example","Bob")'
    assert (bob["items_attempted"], bob["completion"], bob["score"]) == ("1", "0.5", "0.0")
    assert bob["last_activity_utc"] == "2026-11-30T09:05:00Z"
    cat = got[("'-Week 1", "cat@example.com")]
    assert (cat["items_attempted"], cat["completion"], cat["score"]) == ("0", "0.0", "0.0")
    assert cat["last_activity_utc"] == ""
    week2_bob = got[("Week 2", "bob@example.com")]
    assert week2_bob["due_at_utc"] == "2026-12-07T17:00:00Z"
    assert (week2_bob["items_attempted"], week2_bob["score"]) == ("1", "0.5")
    assert got[("Week 2", "ann@example.com")]["score"] == "0.0"


def test_an_assignment_summary_has_only_that_assignment(app, world):
    url = f"/instructor/classes/{world.class_id}/assignments/{world.week2_id}/summary.csv"
    _header, rows = download(client_as(app, "co"), url)
    assert {r["assignment_id"] for r in rows} == {str(world.week2_id)}
    assert len(rows) == 3


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("co", 200), ("admin", 200), ("other", 404), ("ann", 403), (None, 302)],
)
def test_only_the_classes_instructors_download_the_summary(app, world, who, status):
    for url in (
        f"/instructor/classes/{world.class_id}/summary.csv",
        f"/instructor/classes/{world.class_id}/assignments/{world.week1_id}/summary.csv",
    ):
        response = client_as(app, who).get(url)
        assert response.status_code == status, (url, who)
        response.close()


def test_an_assignment_of_another_class_has_no_summary_here(app, world):
    url = f"/instructor/classes/{world.other_class_id}/assignments/{world.week1_id}/summary.csv"
    assert client_as(app, "other").get(url).status_code == 404


def test_the_class_page_links_to_the_summary(app, world):
    page = client_as(app, "owner").get(f"/instructor/classes/{world.class_id}").data.decode()
    assert f'href="/instructor/classes/{world.class_id}/summary.csv"' in page
