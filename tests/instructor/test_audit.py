"""The audit log records each instructor, admin and operator action once, with its actor and
subject, in the action's own transaction (done here through the real views and commands)."""

from __future__ import annotations

import io

import pytest
from set_support import FORMULA, PEOPLE, TEMPLATE, make_set
from sqlalchemy import create_engine, event, insert, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from quizapp.extensions import db
from quizapp.models import User, utcnow
from quizapp.models.api_token import ApiToken
from quizapp.models.audit import AuditEvent
from quizapp.models.classroom import Class, ClassMember
from quizapp.paths import examples_folder
from quizapp.services import audit


def last_id(app) -> int:
    """The newest event's id (0 when there is none), to see what an action adds after it."""
    with app.app_context():
        return db.session.execute(select(db.func.max(AuditEvent.id))).scalar() or 0


def events_after(app, after: int) -> list[tuple]:
    """(actor id, action, subject type, subject id, detail) of the events after ``after``."""
    with app.app_context():
        rows = db.session.execute(
            select(AuditEvent).where(AuditEvent.id > after).order_by(AuditEvent.id)
        ).scalars()
        return [(e.actor_id, e.action, e.subject_type, e.subject_id, e.detail) for e in rows]


def user_id(app, who: str) -> int:
    with app.app_context():
        return db.session.execute(select(User.id).filter_by(email=PEOPLE[who][0])).scalar_one()


def new_class(client, name="Losses") -> int:
    response = client.post("/instructor/classes", data={"name": name})
    assert response.status_code == 303
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def join_code(app, class_id: int) -> str:
    with app.app_context():
        return db.session.get(Class, class_id).join_code


# --- Sets ----------------------------------------------------------------------------------


def test_creating_importing_publishing_and_exporting_a_set_are_recorded(app, as_, people):
    owner, me = as_("owner"), people["owner"]
    before = last_id(app)
    created = owner.post("/instructor/sets/new", data={"title": "Losses", "description": ""})
    set_id = int(created.headers["Location"].rsplit("/", 1)[-1])
    assert events_after(app, before) == [
        (me, "set.create", "question_set", str(set_id), {"title": "Losses"})
    ]

    before = last_id(app)
    sample = (examples_folder() / "sample-set.yaml").read_bytes()
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(sample), "s.yaml")})
    imported = owner.post(
        "/instructor/sets/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    imported_id = imported.headers["Location"].rsplit("/", 1)[-1]
    [(actor, action, kind, subject, detail)] = events_after(app, before)
    assert (actor, action, kind, subject) == (me, "set.import", "question_set", imported_id)
    assert set(detail) == {"title"}  # the owner imported it: no separate owner

    before = last_id(app)
    assert owner.post(f"/instructor/sets/{imported_id}/publish").status_code == 303
    assert owner.get(f"/instructor/sets/{imported_id}/export.moodle").status_code == 200
    assert events_after(app, before) == [
        (me, "set.publish", "question_set", imported_id, {"version": 1}),
        (me, "set.export", "question_set", imported_id, {"version": 1, "format": "moodle"}),
    ]


def test_a_refused_publish_records_nothing(app, as_, people):
    with app.app_context():
        set_id = make_set(PEOPLE["owner"][0])  # no items: cannot be published
    before = last_id(app)
    assert as_("owner").post(f"/instructor/sets/{set_id}/publish").status_code == 303
    assert events_after(app, before) == []


def test_a_new_draft_and_an_item_deleted_are_recorded_by_whoever_did_them(app, as_, people):
    with app.app_context():
        set_id = make_set(PEOPLE["owner"][0], FORMULA, TEMPLATE, publish=True)
    admin, before = as_("admin"), last_id(app)
    deleted = admin.post(f"/instructor/sets/{set_id}/items/{TEMPLATE['id']}/delete")
    assert deleted.status_code == 303
    ada, subject = people["admin"], str(set_id)
    assert events_after(app, before) == [
        (ada, "set.draft_new", "question_set", subject, {"version": 2, "from_version": 1}),
        (ada, "set.item_delete", "question_set", subject, {"item": "one-hot", "version": 2}),
    ]
    before = last_id(app)  # the draft exists now: a second change makes none
    admin.post(f"/instructor/sets/{set_id}/details", data={"title": "New", "description": ""})
    assert events_after(app, before) == []


# --- Admins --------------------------------------------------------------------------------


def test_a_role_change_is_recorded_with_both_roles_and_no_change_records_nothing(app, as_, people):
    admin, lee = as_("admin"), people["learner"]
    before = last_id(app)
    admin.post(f"/admin/users/{lee}/role", data={f"u{lee}-role": "instructor"})
    admin.post(f"/admin/users/{lee}/role", data={f"u{lee}-role": "instructor"})  # no change
    assert events_after(app, before) == [
        (people["admin"], "user.role_change", "user", str(lee),
         {"email": PEOPLE["learner"][0], "before": "learner", "after": "instructor"}),
    ]  # fmt: skip


def test_refusing_to_demote_the_last_admin_records_nothing(app, as_, people):
    ada, before = people["admin"], last_id(app)
    response = as_("admin").post(f"/admin/users/{ada}/role", data={f"u{ada}-role": "learner"})
    assert response.status_code == 303
    assert events_after(app, before) == []


# --- Classes -------------------------------------------------------------------------------


def test_every_change_to_a_class_is_recorded_once(app, as_, people):
    owner, me = as_("owner"), people["owner"]
    before = last_id(app)
    class_id = new_class(owner)
    cid = str(class_id)
    owner.post(f"/instructor/classes/{class_id}/rename", data={"name": "Losses, autumn"})
    owner.post(f"/instructor/classes/{class_id}/rename", data={"name": "Losses, autumn"})
    owner.post(f"/instructor/classes/{class_id}/rotate-code")
    learner = as_("learner")
    assert learner.post("/classes/join", data={"code": join_code(app, class_id)}).status_code == 303
    learner.post("/classes/join", data={"code": join_code(app, class_id)})  # in it already
    assert learner.post(f"/classes/{class_id}/leave").status_code == 303
    learner.post(f"/classes/join/{join_code(app, class_id)}")  # by the link this time
    lee = people["learner"]
    owner.post(f"/instructor/classes/{class_id}/learners/{lee}/remove")
    owner.post(f"/instructor/classes/{class_id}/co-instructors", data={"email": PEOPLE["other"][0]})
    olga = people["other"]
    owner.post(f"/instructor/classes/{class_id}/co-instructors/{olga}/remove")
    email = {"learner": PEOPLE["learner"][0], "other": PEOPLE["other"][0]}
    assert events_after(app, before) == [
        (me, "class.create", "class", cid, {"name": "Losses"}),
        (me, "class.rename", "class", cid, {"before": "Losses", "after": "Losses, autumn"}),
        (me, "class.code_rotate", "class", cid, {}),
        (lee, "class.join", "class", cid, {}),
        (lee, "class.leave", "class", cid, {}),
        (lee, "class.join", "class", cid, {}),
        (me, "class.member_remove", "class", cid, {"user": lee, "email": email["learner"]}),
        (me, "class.co_instructor_add", "class", cid, {"user": olga, "email": email["other"]}),
        (me, "class.co_instructor_remove", "class", cid, {"user": olga, "email": email["other"]}),
    ]


def test_a_co_instructor_taken_off_a_class_no_longer_manages_it(app, as_, people):
    owner, other = as_("owner"), as_("other")
    class_id = new_class(owner)
    owner.post(f"/instructor/classes/{class_id}/co-instructors", data={"email": PEOPLE["other"][0]})
    assert other.get(f"/instructor/classes/{class_id}").status_code == 200
    response = other.post(f"/instructor/classes/{class_id}/co-instructors/{people['other']}/remove")
    assert response.headers["Location"].endswith("/instructor/classes")  # not theirs any more
    assert other.get(f"/instructor/classes/{class_id}").status_code == 404
    assert (
        owner.post(
            f"/instructor/classes/{class_id}/co-instructors/{people['owner']}/remove"
        ).status_code
        == 404
    )  # the owner is no co-instructor


def test_a_bad_new_name_is_a_message_and_keeps_the_old_one(app, as_, people):
    owner = as_("owner")
    class_id = new_class(owner)
    before = last_id(app)
    response = owner.post(f"/instructor/classes/{class_id}/rename", data={"name": "  "})
    assert response.status_code == 422
    assert "Give the class a name." in response.data.decode()
    with app.app_context():
        assert db.session.get(Class, class_id).name == "Losses"
    assert events_after(app, before) == []


def test_a_join_that_fails_and_rolls_back_leaves_no_event(app, as_, people):
    """Two joins at once: the other one commits its membership between this one's check and
    its insert, so this one's commit fails on the unique key and rolls back, event and all."""
    class_id = new_class(as_("owner"))
    lee, code = people["learner"], join_code(app, class_id)

    raced = []

    def the_other_join_first(session, _context, _instances):
        if not raced and any(isinstance(row, ClassMember) for row in session.new):
            raced.append(True)
            with db.engine.begin() as other:
                other.execute(
                    insert(ClassMember).values(
                        class_id=class_id, user_id=lee, role="learner", joined_at=utcnow()
                    )
                )

    event.listen(Session, "before_flush", the_other_join_first)
    before = last_id(app)
    try:
        response = as_("learner").post("/classes/join", data={"code": code}, follow_redirects=True)
    finally:
        event.remove(Session, "before_flush", the_other_join_first)
    assert raced and "You were in the class “Losses” already." in response.data.decode()
    assert events_after(app, before) == []


def test_an_action_that_committed_has_its_event_committed_with_it(app, database_url, as_):
    """Read from a connection of its own, right after the response: both are there."""
    class_id = new_class(as_("owner"))
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            name = connection.execute(select(Class.name).filter_by(id=class_id)).scalar_one()
            actions = connection.execute(
                select(AuditEvent.action).filter_by(subject_id=str(class_id))
            ).scalars()
            assert (name, list(actions)) == ("Losses", ["class.create"])
    finally:
        engine.dispose()


def test_assigning_a_set_to_a_class_is_recorded_and_a_refused_one_is_not(app, as_, people):
    owner, me = as_("owner"), people["owner"]
    class_id = new_class(owner)
    with app.app_context():
        set_id = make_set(PEOPLE["owner"][0], FORMULA, publish=True)
    form = {"set_id": str(set_id), "title": "Week 1", "attempts_policy": "practice",
            "solutions": "immediately"}  # fmt: skip
    before = last_id(app)
    refused = owner.post(
        f"/instructor/classes/{class_id}/assignments", data={**form, "title": "x" * 500}
    )
    assert refused.status_code == 422
    assert owner.post(f"/instructor/classes/{class_id}/assignments", data=form).status_code == 303
    [(actor, action, kind, subject, detail)] = events_after(app, before)
    assert (actor, action, kind, subject) == (me, "assignment.create", "class", str(class_id))
    assert detail == {"assignment": detail["assignment"], "title": "Week 1", "set": set_id,
                      "version": 1, "due_at": None}  # fmt: skip


def test_an_admin_signing_someone_out_everywhere_is_recorded(app, as_, people):
    lee, before = people["learner"], last_id(app)
    assert as_("admin").post(f"/admin/users/{lee}/sign-out-everywhere").status_code == 303
    assert events_after(app, before) == [
        (people["admin"], "user.sessions_end", "user", str(lee), {"email": PEOPLE["learner"][0]})
    ]


# --- Tokens and exports --------------------------------------------------------------------


def test_api_tokens_made_and_revoked_in_the_browser_are_recorded(app, as_, people):
    lee, learner = people["learner"], as_("learner")
    before = last_id(app)
    learner.post("/auth/api-tokens", data={"name": "laptop"})
    with app.app_context():
        token_id = db.session.execute(select(ApiToken.id).filter_by(user_id=lee)).scalar_one()
    learner.post(f"/auth/api-tokens/{token_id}/revoke")
    learner.post(f"/auth/api-tokens/{token_id}/revoke")  # already revoked
    assert events_after(app, before) == [
        (lee, "token.create", "api_token", str(token_id), {"name": "laptop", "user": lee}),
        (lee, "token.revoke", "api_token", str(token_id), {"name": "laptop"}),
    ]


def test_a_learner_downloading_their_data_is_recorded_and_outlives_their_account(app, as_, people):
    lee, learner = people["learner"], as_("learner")
    before = last_id(app)
    assert learner.get("/auth/export").status_code == 200
    assert events_after(app, before) == [(lee, "user.export", "user", str(lee), {})]
    learner.post("/auth/delete", data={"password": "correct horse"})
    assert events_after(app, before) == [(None, "user.export", "user", str(lee), {})]


def test_commands_are_recorded_with_no_actor_and_via_cli(app, runner, people, tmp_path):
    path = tmp_path / "set.yaml"
    path.write_bytes((examples_folder() / "sample-set.yaml").read_bytes())
    before = last_id(app)
    imported = runner.invoke(args=["sets", "import", str(path), "--owner", PEOPLE["owner"][0]])
    set_id = imported.output.strip()
    assert runner.invoke(args=["sets", "export", set_id, "--format", "json"]).exit_code == 0
    assert runner.invoke(args=["tokens", "create", PEOPLE["other"][0], "cron"]).exit_code == 0
    assert runner.invoke(args=["set-role", PEOPLE["learner"][0], "instructor"]).exit_code == 0
    with app.app_context():
        token_id = db.session.execute(select(ApiToken.id)).scalar_one()
    cli, other, lee = {"via": "cli"}, people["other"], people["learner"]
    imported_as = {**cli, "title": "Cross-entropy, from surprise to loss", "owner": people["owner"]}
    assert events_after(app, before) == [
        (None, "set.import", "question_set", set_id, imported_as),
        (None, "set.export", "question_set", set_id, {**cli, "version": 1, "format": "json"}),
        (None, "token.create", "api_token", str(token_id), {**cli, "name": "cron", "user": other}),
        (None, "user.role_change", "user", str(lee),
         {**cli, "email": PEOPLE["learner"][0], "before": "learner", "after": "instructor"}),
    ]  # fmt: skip


def test_an_unknown_action_is_refused_before_anything_is_stored(app):
    with app.app_context(), pytest.raises(ValueError, match="unknown audit action 'set.burn'"):
        audit.record(None, "set.burn", "question_set", 1)


def test_seed_demo_is_recorded_as_the_command_line_and_the_learner_joining(app, runner):
    before = last_id(app)
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    events = events_after(app, before)
    assert [action for _, action, *_ in events] == [
        "set.import", "set.publish", "class.create", "class.join", "assignment.create",
    ]  # fmt: skip
    for actor, action, _kind, _subject, detail in events:
        if action == "class.join":
            assert actor is not None and "via" not in detail  # the demo learner
        else:
            assert actor is None and detail["via"] == "cli"
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert len(events_after(app, before)) == len(events)  # run again: nothing new
