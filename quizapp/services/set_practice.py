"""Learners practising a published set from its link, and reporting a problem with an item.

An item is served like any practice question, behind a one-time token, with the set
version and item id on the served row, so the same question and feedback pages show it
and the attempt records where it came from. Reports carry the version and seed, so the
author opens exactly the instance the learner saw.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from quizapp.engine.questions import registry
from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, utcnow
from quizapp.models.question_set import MAX_REPORT_CHARS, ProblemReport, QuestionSet, SetVersion
from quizapp.services.practice import Owner, draw_seed
from quizapp.sets import ItemError, item_is_randomised, item_question

#: served_question.origin of an item served from a set's link.
SET_ORIGIN = "set"
#: Seeds tried before an item is declared unservable (a draw may have no finite answer).
SEED_TRIES = 8

KIND_LABELS = {
    "template": "Generated question",
    "formula": "Calculation",
    "numeric": "Number",
    "vector": "Vector",
    "choice": "Multiple choice",
    "explain": "Explain it",
}


class ItemUnavailable(Exception):
    """The item cannot be served now (it is not in the set, or no draw gave an answer)."""


class ReportRefused(ValueError):
    """A problem report was not stored; the message says why."""


@dataclass(frozen=True)
class SetPlace:
    """Where a served item sits in its set, for the question and feedback pages."""

    share_token: str
    title: str
    item_id: str
    number: int  # 1-based, in the version it was served from
    count: int
    has_next: bool
    randomised: bool  # another seed gives other numbers
    reported: bool  # a problem was already reported for this instance


@dataclass(frozen=True)
class ItemLine:
    """One item on a set's page for learners."""

    id: str
    number: int
    title: str
    kind: str
    last_correct: bool | None  # the learner's latest first try at it, if signed in


def item_label(item: dict[str, Any], number: int) -> str:
    """What an item is called in lists: its title, a template's type title, or its number."""
    if item.get("title"):
        return item["title"]
    if item.get("kind") == "template" and item.get("type") in registry():
        return registry()[item["type"]].title
    return f"Question {number}"


def published_set(share_token: str) -> tuple[QuestionSet, SetVersion] | None:
    """The set behind a learners' link and its current published version; None if neither."""
    if not share_token or len(share_token) > 32:
        return None
    qset = db.session.execute(
        db.select(QuestionSet).filter_by(share_token=share_token)
    ).scalar_one_or_none()
    if qset is None:
        return None
    version = db.session.execute(
        db.select(SetVersion)
        .filter_by(set_id=qset.id, status="published")
        .order_by(SetVersion.number.desc())
        .limit(1)
    ).scalar_one_or_none()
    return (qset, version) if version is not None else None


def item_lines(version: SetVersion, user_id: int | None) -> list[ItemLine]:
    """The items of a version with the learner's latest result on each (one query)."""
    latest: dict[str, bool] = {}
    if user_id is not None:
        rows = db.session.execute(
            db.select(Attempt.item_id, Attempt.correct)
            .join(SetVersion, SetVersion.id == Attempt.set_version_id)
            .where(Attempt.user_id == user_id, SetVersion.set_id == version.set_id)
            .order_by(Attempt.created_at, Attempt.id)
        ).all()
        latest = {item_id: correct for item_id, correct in rows}
    return [
        ItemLine(item["id"], n, item_label(item, n), item["kind"], latest.get(item["id"]))
        for n, item in enumerate(version.data["items"], 1)
    ]


def serve_item(
    version: SetVersion,
    item_id: str,
    owner: Owner,
    *,
    seed: int | None = None,
    origin: str = SET_ORIGIN,
    assignment_id: int | None = None,
) -> ServedQuestion:
    """Serve ``item_id`` of ``version`` with a fresh seed (or ``seed``); one-time token.

    An assignment serves its items through here too, with its own origin and its id.
    """
    item = version.item(item_id)
    if item is None:
        raise ItemUnavailable(f"This set has no item “{item_id[:64]}”.")
    for _try in range(1 if seed is not None else SEED_TRIES):
        chosen = draw_seed() if seed is None else seed
        try:
            question = item_question(item, chosen)
        except ItemError:
            continue  # this draw has no finite answer; the question tests report how often
        served = ServedQuestion(
            token=secrets.token_urlsafe(24),
            type_id=question.type_id,
            seed=question.seed,
            difficulty=question.difficulty,
            params=question.params,
            params_fixed=False,
            origin=origin,
            user_id=owner.user_id,
            guest_key=None if owner.user_id else owner.guest_key,
            hints_revealed=0,
            served_at=utcnow(),
            set_version_id=version.id,
            item_id=item_id,
            assignment_id=assignment_id,
        )
        db.session.add(served)
        db.session.commit()
        return served
    raise ItemUnavailable("This item could not be drawn just now; its author has been told.")


def serve_again(served: ServedQuestion, owner: Owner) -> ServedQuestion:
    """The same item with new numbers, from the set's current published version."""
    version = db.session.get(SetVersion, served.set_version_id or 0)
    found = published_set(share_token_of(version.id) or "") if version is not None else None
    if found is None:
        raise ItemUnavailable("This set is no longer published.")
    return serve_item(found[1], served.item_id or "", owner)


def next_item_id(version: SetVersion, after_item: str | None) -> str | None:
    """The item after ``after_item`` in ``version`` (the first if it is not there, None after
    the last)."""
    ids = [item["id"] for item in version.data["items"]]
    if after_item not in ids:
        return ids[0] if ids else None
    position = ids.index(after_item) + 1
    return ids[position] if position < len(ids) else None


def place_of(served: ServedQuestion) -> SetPlace | None:
    """Where a served set item sits: its set, number and whether another follows."""
    if served.set_version_id is None:
        return None
    version = db.session.get(SetVersion, served.set_version_id)
    if version is None:
        return None
    qset = db.session.get(QuestionSet, version.set_id)
    ids = [item["id"] for item in version.data.get("items", [])]
    number = ids.index(served.item_id) + 1 if served.item_id in ids else 0
    item = version.item(served.item_id or "")
    reported = db.session.execute(
        db.select(ProblemReport.id).filter_by(served_token=served.token)
    ).first()
    return SetPlace(
        share_token=qset.share_token,
        title=version.data.get("title", qset.title),
        item_id=served.item_id or "",
        number=number,
        count=len(ids),
        has_next=0 < number < len(ids),
        randomised=item is not None and item_is_randomised(item),
        reported=reported is not None,
    )


def share_token_of(version_id: int | None) -> str | None:
    """The learners' link token of the set a version belongs to, if it still exists."""
    if version_id is None:
        return None
    return db.session.execute(
        db.select(QuestionSet.share_token)
        .join(SetVersion, SetVersion.set_id == QuestionSet.id)
        .where(SetVersion.id == version_id)
    ).scalar_one_or_none()


def report_problem(served: ServedQuestion, reporter_id: int | None, text: str) -> ProblemReport:
    """Store a learner's report about the instance behind ``served`` (its first try's token).

    Raises ``ReportRefused`` for an empty or long text, a question not from a set or not
    answered yet, or a second report on the same instance.
    """
    text = (text or "").strip()
    if not text:
        raise ReportRefused("Say in a few words what is wrong with this question.")
    if len(text) > MAX_REPORT_CHARS:
        raise ReportRefused(
            f"Please keep the report under {MAX_REPORT_CHARS} characters; it has {len(text)}."
        )
    if served.set_version_id is None or served.item_id is None:
        raise ReportRefused("Only questions of an instructor's set can be reported here.")
    if served.answered_at is None:
        raise ReportRefused("Answer the question first; then you can report a problem with it.")
    report = ProblemReport(
        reporter_id=reporter_id,
        set_version_id=served.set_version_id,
        item_id=served.item_id,
        seed=served.seed,
        served_token=served.token,
        text=text,
        created_at=utcnow(),
        resolved=False,
    )
    db.session.add(report)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ReportRefused("You have already reported a problem with this question.") from None
    return report
