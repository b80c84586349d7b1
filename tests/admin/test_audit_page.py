"""The admins' audit log page: newest first, paginated, filtered by action and by actor;
nobody else sees it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from support import add_user, sign_in

from quizapp.extensions import db
from quizapp.models import User, utcnow
from quizapp.models.audit import AuditEvent
from quizapp.services import audit
from quizapp.services.audit import COMMAND_LINE, PAGE_SIZE


@pytest.fixture
def people(app):
    with app.app_context():
        return {
            "admin": add_user("ada@example.com", "admin", "Ada Admin"),
            "owner": add_user("owen@example.com", "instructor", "Owen Owner"),
            "learner": add_user("lee@example.com", "learner", "Lee Learner"),
        }


@pytest.fixture
def admin(app, people):
    client = app.test_client()
    sign_in(client, "ada@example.com")
    return client


def add_events(app, *events) -> None:
    """(actor email or None or COMMAND_LINE, action, subject type, subject id, detail),
    oldest first, a minute apart."""
    start = utcnow() - timedelta(days=1)
    with app.app_context():
        for n, (who, action, kind, subject, detail) in enumerate(events):
            actor = (
                db.session.execute(db.select(User).filter_by(email=who)).scalar_one()
                if isinstance(who, str)
                else who
            )
            audit.record(actor, action, kind, subject, **detail).created_at = start + timedelta(
                minutes=n
            )
        db.session.commit()


def rows(page: bytes) -> list[str]:
    """The actions of the table's rows, top to bottom."""
    return re.findall(r"<td><code>([a-z_.]+)</code></td>", page.decode())


def test_the_log_lists_events_newest_first_with_actor_subject_detail_and_time(app, admin, people):
    add_events(
        app,
        ("owen@example.com", "set.publish", "question_set", 12, {"version": 3}),
        ("ada@example.com", "user.role_change", "user", people["learner"], {"after": "admin"}),
        (COMMAND_LINE, "token.create", "api_token", 5, {"name": "cron"}),
        (None, "class.rename", "class", 9, {"before": "A", "after": "B"}),
    )
    response = admin.get("/admin/audit")
    assert response.status_code == 200
    page = response.data.decode()
    assert rows(response.data) == [
        "class.rename",
        "token.create",
        "user.role_change",
        "set.publish",
    ]
    assert 'href="/instructor/sets/12">question_set 12</a>' in page
    assert 'href="/instructor/classes/9">class 9</a>' in page
    assert f'href="/admin/users#user-{people["learner"]}">user {people["learner"]}</a>' in page
    assert "api_token 5</td>" in page  # no page shows one token
    assert "version: 3" in page and "before: A" in page and "after: B" in page
    assert "Owen Owner" in page and "command line" in page and "no account" in page
    with app.app_context():
        first = db.session.execute(db.select(AuditEvent).order_by(AuditEvent.id)).scalars().first()
    assert f'<time datetime="{first.created_at.isoformat()}">' in page
    assert first.created_at.strftime("%Y-%m-%d %H:%M:%S") in page
    assert first.created_at.utcoffset() == timedelta(0)
    assert 'aria-current="page">Audit log</a>' in page


def test_the_log_filters_by_action_and_by_actor(app, admin, people):
    add_events(
        app,
        ("owen@example.com", "set.publish", "question_set", 1, {}),
        ("owen@example.com", "class.create", "class", 2, {}),
        ("ada@example.com", "set.publish", "question_set", 3, {}),
    )
    assert rows(admin.get("/admin/audit?action=set.publish").data) == ["set.publish"] * 2
    by_owen = admin.get("/admin/audit?actor=OWEN@example.com").data
    assert rows(by_owen) == ["class.create", "set.publish"]
    both = admin.get("/admin/audit?action=set.publish&actor=owen@example.com").data.decode()
    assert rows(both.encode()) == ["set.publish"] and 'href="/instructor/sets/1"' in both
    assert '<option value="set.publish" selected>' in both
    assert 'value="owen@example.com"' in both


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("action=set.burn", "There is no action “set.burn”; choose one from the list."),
        ("actor=nobody@example.com", "No user has the email nobody@example.com"),
    ],
)
def test_a_filter_that_cannot_match_says_why(app, admin, people, query, message):
    add_events(app, ("owen@example.com", "set.publish", "question_set", 1, {}))
    response = admin.get(f"/admin/audit?{query}")
    assert response.status_code == 422
    assert message in response.data.decode()
    assert rows(response.data) == ["set.publish"]  # the filter is dropped, not the page


def test_the_log_is_paginated_with_links_that_keep_the_filter(app, admin, people):
    events = [("owen@example.com", "class.join", "class", n, {}) for n in range(PAGE_SIZE + 3)]
    add_events(app, *events, ("ada@example.com", "set.publish", "question_set", 1, {}))
    first = admin.get("/admin/audit?action=class.join").data.decode()
    assert len(rows(first.encode())) == PAGE_SIZE
    assert "/admin/audit?page=2&amp;action=class.join" in first and "Newer" not in first
    second = admin.get("/admin/audit?action=class.join&page=2").data.decode()
    assert rows(second.encode()) == ["class.join"] * 3
    assert 'href="/instructor/classes/0">' in second  # the oldest one is last
    assert "Older" not in second and "/admin/audit?page=1&amp;action=class.join" in second
    assert rows(admin.get("/admin/audit?page=x").data)[0] == "set.publish"  # page 1


@pytest.mark.parametrize(
    ("who", "status"), [(None, 302), ("lee@example.com", 403), ("owen@example.com", 403)]
)
def test_nobody_but_admins_sees_the_log(app, people, who, status):
    add_events(app, ("owen@example.com", "set.publish", "question_set", 1, {}))
    client = app.test_client()
    if who:
        sign_in(client, who)
        assert "Audit log" not in client.get("/instructor/").data.decode()
    response = client.get("/admin/audit")
    assert response.status_code == status
    assert "set.publish" not in response.data.decode()
