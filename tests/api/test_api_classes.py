"""GET /api/v1/classes, /classes/{id}/attempts and /classes/{id}/results: a class's
instructors read its results with a personal token; anyone else gets 404, no token 401.
The figures are hand-computed from export_support's attempts."""

from __future__ import annotations

import pytest
from api_support import bearer, issue_token
from export_support import build_class_world, bulk_class_attempts
from jsonschema import Draft202012Validator
from support import StatementLog

from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.assignment import Assignment
from quizapp.services.class_attempts import ATTEMPT_COLUMNS
from quizapp.services.roles import change_role


@pytest.fixture
def world(app):
    return build_class_world(app)


@pytest.fixture
def token(app, world):
    """``token("owner")``: the headers of a personal token of that person."""
    return lambda who: bearer(issue_token(app, world.users[who]))


def get(api, url, headers, status=200, **query):
    response = api.get(url, headers=headers, query_string=query)
    assert response.status_code == status, (url, response.get_json())
    assert response.is_json
    return response.get_json()


def test_classes_lists_what_the_caller_manages_and_why(api, world, token):
    owned = get(api, "/api/v1/classes", token("owner"))["classes"]
    assert len(owned) == 1
    line = owned[0]
    assert {k: v for k, v in line.items() if k != "created_at_utc"} == {
        "class_id": world.class_id,
        "name": "Losses, autumn",
        "owner_id": world.users["owner"],
        "owner_name": "Owen",
        "role": "owner",
        "learners": 3,
        "assignments": 2,
        "results_url": f"/api/v1/classes/{world.class_id}/results",
        "attempts_url": f"/api/v1/classes/{world.class_id}/attempts",
    }
    assert line["created_at_utc"].endswith("Z")
    co = get(api, "/api/v1/classes", token("co"))["classes"]
    assert [(c["class_id"], c["role"]) for c in co] == [(world.class_id, "co-instructor")]
    admin = get(api, "/api/v1/classes", token("admin"))["classes"]
    assert {(c["class_id"], c["role"]) for c in admin} == {
        (world.class_id, "admin"),
        (world.other_class_id, "admin"),
    }
    other = get(api, "/api/v1/classes", token("other"))["classes"]
    assert [(c["class_id"], c["role"], c["learners"]) for c in other] == [
        (world.other_class_id, "owner", 1)
    ]
    assert get(api, "/api/v1/classes", token("ann")) == {"classes": []}


def test_attempts_come_a_page_at_a_time_oldest_first(api, world, token):
    url = f"/api/v1/classes/{world.class_id}/attempts"
    ids = world.attempt_ids
    first = get(api, url, token("owner"), per_page=2)
    assert first["class"] == {"class_id": world.class_id, "name": "Losses, autumn"}
    assert [a["attempt_id"] for a in first["attempts"]] == [ids["ann_1"], ids["bob_1"]]
    assert first["pagination"] == {
        "page": 1,
        "per_page": 2,
        "total": 5,
        "pages": 3,
        "next_page": 2,
    }
    second = get(api, url, token("owner"), page=2, per_page=2)
    assert [a["attempt_id"] for a in second["attempts"]] == [ids["ann_2"], ids["ann_3"]]
    last = get(api, url, token("co"), page=3, per_page=2)
    assert [a["attempt_id"] for a in last["attempts"]] == [ids["bob_2"]]
    assert last["pagination"]["next_page"] is None
    beyond = get(api, url, token("admin"), page=9)
    assert beyond["attempts"] == [] and beyond["pagination"]["total"] == 5


def test_an_attempt_has_the_csv_columns_with_json_types_and_the_text_as_typed(api, world, token):
    body = get(api, f"/api/v1/classes/{world.class_id}/attempts", token("owner"))
    bob = body["attempts"][1]
    assert set(bob) == set(ATTEMPT_COLUMNS)
    assert bob == {
        "attempt_id": world.attempt_ids["bob_1"],
        "class_id": world.class_id,
        "assignment_id": world.week1_id,
        "assignment_title": "-Week 1",  # JSON is not a spreadsheet: nothing is prefixed
        "learner_id": world.users["bob"],
        "learner_name": '=HYPERLINK("http://x.example","Bob")',
        "learner_email": "bob@example.com",
        "item_id": "one-hot",
        "item_title": "+Only the true class",
        "type_id": "ce_one_hot",
        "seed": 22,
        "difficulty": 1,
        "attempt_number": 1,
        "answered_at_utc": "2026-11-30T09:05:00Z",
        "answer": "=1+1",
        "correct": False,
        "score": 0.0,
        "diagnosis": "log_base_2",
        "hints_used": 1,
        "time_taken_ms": 12000,
    }
    assert [a["attempt_number"] for a in body["attempts"]] == [1, 1, 2, 1, 1]


def test_attempts_of_one_assignment(api, world, token):
    url = f"/api/v1/classes/{world.class_id}/attempts"
    body = get(api, url, token("owner"), assignment_id=world.week2_id)
    assert [a["attempt_id"] for a in body["attempts"]] == [world.attempt_ids["bob_2"]]
    assert body["pagination"]["total"] == 1
    error = get(api, url, token("owner"), 404, assignment_id=999)
    assert error["where"] == "assignment_id"


def test_results_per_assignment_with_item_analysis(api, world, token):
    body = get(api, f"/api/v1/classes/{world.class_id}/results", token("owner"))
    assert body["class"] == {"class_id": world.class_id, "name": "Losses, autumn"}
    week1, week2 = body["assignments"]
    assert (week1["assignment_id"], week1["title"], week1["due_at_utc"]) == (
        world.week1_id,
        "-Week 1",
        None,
    )
    assert week2["due_at_utc"] == "2026-12-07T17:00:00Z"
    # Week 1: ann and bob tried it (N = 2), so the groups of D are one learner each.
    assert (week1["learners"], week1["ranked"], week1["group_size"]) == (3, 2, 1)
    ce, one_hot = week1["items"]
    assert ce == {
        "item_id": "ce-true-class",
        "number": 1,
        "title": "Cross-entropy of the true class",
        "kind": "formula",
        "type_id": None,
        "attempts": 2,
        "learners": 1,
        "first_try_correct": 1.0,
        "discrimination": 1.0,  # ann (upper) right, bob (lower) never tried it
        "distribution": [
            {"bin": "0", "learners": 0},
            {"bin": "0–0.5", "learners": 0},
            {"bin": "0.5–1", "learners": 0},
            {"bin": "1", "learners": 1},
        ],
        "misconceptions": [],
    }
    assert (one_hot["attempts"], one_hot["learners"], one_hot["first_try_correct"]) == (2, 2, 0.0)
    assert one_hot["discrimination"] == 0.0 and one_hot["type_id"] == "ce_one_hot"
    assert [d["learners"] for d in one_hot["distribution"]] == [1, 0, 1, 0]  # bob 0, ann 0.5
    [mistake] = one_hot["misconceptions"]
    assert (mistake["code"], mistake["attempts"], mistake["learners"]) == ("log_base_2", 1, 1)
    assert mistake["example"] == "=1+1"


def test_results_learners_come_a_page_at_a_time_with_their_figures(api, world, token):
    url = f"/api/v1/classes/{world.class_id}/results"
    first = get(api, url, token("co"), per_page=2)
    assert first["pagination"] == {
        "page": 1,
        "per_page": 2,
        "total": 3,
        "pages": 2,
        "next_page": 2,
    }
    second = get(api, url, token("co"), page=2, per_page=2)
    learners = {row["learner_id"]: row for row in first["learners"] + second["learners"]}
    assert len(first["learners"]) == 2 and len(second["learners"]) == 1
    ann = learners[world.users["ann"]]
    # Over both assignments: 4 items, 2 attempted, (1.0 + 0.5 + 0 + 0) / 4.
    assert ann == {
        "learner_id": world.users["ann"],
        "learner_name": "Ann",
        "learner_email": "ann@example.com",
        "assignments": 2,
        "items": 4,
        "items_attempted": 2,
        "completion": 0.5,
        "score": 0.375,
        "last_activity_utc": "2026-11-30T09:20:00Z",
        "per_assignment": [
            {
                "assignment_id": world.week1_id,
                "items": 2,
                "items_attempted": 2,
                "completion": 1.0,
                "score": 0.75,
                "last_activity_utc": "2026-11-30T09:20:00Z",
            },
            {
                "assignment_id": world.week2_id,
                "items": 2,
                "items_attempted": 0,
                "completion": 0.0,
                "score": 0.0,
                "last_activity_utc": None,
            },
        ],
    }
    bob = learners[world.users["bob"]]
    assert (bob["items_attempted"], bob["score"], bob["last_activity_utc"]) == (
        2,
        0.25,
        "2026-11-30T09:30:00Z",
    )
    cat = learners[world.users["cat"]]
    assert (cat["items_attempted"], cat["score"], cat["last_activity_utc"]) == (0, 0.0, None)
    assert world.users["olly"] not in learners and world.users["owner"] not in learners


@pytest.mark.parametrize("route", ["results", "attempts"])
@pytest.mark.parametrize("who", ["other", "ann", "olly"])
def test_someone_who_does_not_manage_the_class_gets_404(api, world, token, route, who):
    body = get(api, f"/api/v1/classes/{world.class_id}/{route}", token(who), 404)
    assert body["where"] == "class_id" and "GET /api/v1/classes" in body["error"]


@pytest.mark.parametrize("route", ["results", "attempts"])
def test_a_class_that_does_not_exist_gets_the_same_404(api, world, token, route):
    mine = get(api, f"/api/v1/classes/{world.class_id}/{route}", token("other"), 404)
    missing = get(api, f"/api/v1/classes/999999/{route}", token("owner"), 404)
    huge = get(api, f"/api/v1/classes/{2**40}/{route}", token("owner"), 404)
    assert mine["where"] == missing["where"] == huge["where"] == "class_id"


@pytest.mark.parametrize(
    "url", ["/api/v1/classes", "/api/v1/classes/1/results", "/api/v1/classes/1/attempts"]
)
def test_without_a_token_it_is_401(api, world, url):
    response = api.get(url)
    assert response.status_code == 401 and response.is_json
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ({"page": "0"}, "page"),
        ({"per_page": "101"}, "per_page"),
        ({"assignment_id": "x"}, "assignment_id"),
    ],
)
def test_bad_paging_is_422_naming_the_parameter(api, world, token, query, where):
    body = get(api, f"/api/v1/classes/{world.class_id}/attempts", token("owner"), 422, **query)
    assert body["where"] == where


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/classes", "ClassList"),
        ("/api/v1/classes/{class_id}/attempts", "ClassAttempts"),
        ("/api/v1/classes/{class_id}/results", "ClassResults"),
    ],
)
def test_the_responses_keep_to_their_documented_schemas(api, world, token, path, name):
    """Validated against the served document, with real figures in every field."""
    document = api.get("/api/v1/openapi.json").get_json()
    operation = document["paths"][path]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": f"#/components/schemas/{name}"
    }
    assert operation["security"] == [{"bearerAuth": []}] and "401" in operation["responses"]
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for who in ("owner", "admin"):
        body = get(api, path.replace("{class_id}", str(world.class_id)), token(who))
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
        assert errors == []


def test_the_queries_do_not_grow_with_the_history(app, api, world, token):
    """Token, user, class, manager check, then a fixed number per route: none per attempt."""
    headers = token("owner")
    urls = [
        f"/api/v1/classes/{world.class_id}/results",
        f"/api/v1/classes/{world.class_id}/attempts",
        "/api/v1/classes",
    ]
    assert api.get(urls[0], headers=headers).status_code == 200  # the token's first use

    def selects() -> list[int]:
        counts = []
        for url in urls:
            with StatementLog(app) as log:
                assert api.get(url, headers=headers).status_code == 200
            counts.append(len(log.selects))
        return counts

    before = selects()
    bulk_class_attempts(app, world.users["bob"], world, 400)
    assert selects() == before
    assert before[1] <= 7 and before[2] <= 3, before


@pytest.mark.parametrize("who", ["owner", "co"])
def test_an_instructor_made_a_learner_no_longer_reads_their_classes(app, api, world, token, who):
    """The instructor area shut them out (403), but their API token still listed the class
    and exported its attempts with the learners' emails: ``manages`` did not ask the role."""
    headers = token(who)
    with app.app_context():
        change_role(db.session.get(User, world.users[who]), "learner")
    assert get(api, "/api/v1/classes", headers) == {"classes": []}
    for route in ("results", "attempts"):
        body = get(api, f"/api/v1/classes/{world.class_id}/{route}", headers, 404)
        assert body["where"] == "class_id"


def test_an_assignment_of_another_class_is_404_even_to_an_admin_of_both(app, api, world, token):
    """Filtering this class's attempts by another class's assignment must not read that
    class's attempts, whoever asks (an admin manages both)."""
    with app.app_context():
        hers = db.session.execute(
            db.select(Assignment.id).filter_by(class_id=world.other_class_id)
        ).scalar_one()
    url = f"/api/v1/classes/{world.class_id}/attempts"
    for who in ("owner", "admin"):
        error = get(api, url, token(who), 404, assignment_id=hers)
        assert error["where"] == "assignment_id"
