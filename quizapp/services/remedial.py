"""Remedial practice: a new set of the question types behind one misconception of a class,
assigned to exactly the learners who showed it.

The set goes through the same import and publish as any instructor's set (validated, its
question tests run), owned by the instructor who asked for it, so they can open, edit or
reuse it like their own. Its items are template items: a built-in question type draws new
numbers at each try. An authored item (formula, numeric, vector, choice, explain) has no
type to draw from and is left out, with a note saying so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quizapp.engine.questions import registry
from quizapp.extensions import db
from quizapp.models import Attempt, User
from quizapp.models.assignment import MAX_TITLE_CHARS, Assignment, AssignmentRecipient
from quizapp.models.classroom import Class, ClassMember
from quizapp.models.question_set import SetVersion
from quizapp.services import assignments, question_sets
from quizapp.services import misconception_labels as labels
from quizapp.services.set_practice import item_label
from quizapp.sets import SetFileError
from quizapp.sets.schema import FORMAT, MAX_ITEMS


class RemedialRefused(ValueError):
    """No remedial practice could be made; the message says why."""


@dataclass(frozen=True)
class RemedialPlan:
    """What remedial practice for ``code`` would hold, and for whom."""

    code: str
    label: str
    learner_ids: tuple[int, ...]  # learners of the class with an attempt diagnosed ``code``
    type_ids: tuple[str, ...]  # the built-in types they showed it on, in registry order
    skipped: tuple[str, ...]  # authored items they showed it on, which cannot be drawn anew
    last_seen: datetime | None = None  # the latest of those attempts


@dataclass(frozen=True)
class RemedialMade:
    """The remedial assignment made, and the plan it followed."""

    assignment: Assignment
    plan: RemedialPlan

    def summary(self) -> str:
        """The flash message: what was assigned to whom, and what was left out."""
        count = len(self.plan.learner_ids)
        who = "1 learner" if count == 1 else f"{count} learners"
        kinds = len(self.plan.type_ids)
        text = (
            f"“{self.assignment.title}” is assigned to {who}, with "
            f"{kinds} question type{'' if kinds == 1 else 's'}."
        )
        if self.plan.skipped:
            text += (
                " Left out, as your own items cannot be drawn with new numbers: "
                + ", ".join(f"“{name}”" for name in self.plan.skipped)
                + "."
            )
        return text


def remedial_plan(klass: Class, code: str) -> RemedialPlan:
    """The learners of ``klass`` whose attempts on its assignments were diagnosed ``code``,
    and the question types of those attempts (two SELECTs)."""
    where = (Attempt.user_id, Attempt.type_id, Attempt.set_version_id, Attempt.item_id)
    rows = db.session.execute(
        db.select(*where, db.func.max(Attempt.created_at).label("last_at"))
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .join(
            ClassMember,
            (ClassMember.user_id == Attempt.user_id) & (ClassMember.class_id == klass.id),
        )
        .where(
            Assignment.class_id == klass.id,
            ClassMember.role == "learner",
            Attempt.diagnosis == code,
        )
        .group_by(*where)
    ).all()
    types = registry()
    version_ids = {row.set_version_id for row in rows if row.set_version_id is not None}
    versions = {
        version.id: version
        for version in db.session.execute(
            db.select(SetVersion).where(SetVersion.id.in_(version_ids))
        ).scalars()
    }
    found: set[str] = set()
    skipped: dict[str, None] = {}
    items: list[dict[str, Any]] = []
    for row in rows:
        version = versions.get(row.set_version_id)
        item = version.item(row.item_id) if version is not None and row.item_id else None
        if item is not None:
            items.append(item)
        if row.type_id in types:
            found.add(row.type_id)  # a template item is served as its type
        elif item is not None and item.get("kind") == "template" and item.get("type") in types:
            found.add(item["type"])
        elif item is not None:
            number = version.data["items"].index(item) + 1
            skipped[item_label(item, number)] = None
    return RemedialPlan(
        code=code,
        label=labels.code_label(code, items),
        learner_ids=tuple(sorted({row.user_id for row in rows})),
        type_ids=tuple(type_id for type_id in types if type_id in found)[:MAX_ITEMS],
        skipped=tuple(sorted(skipped)),
        last_seen=max((row.last_at for row in rows), default=None),
    )


def remedial_set(plan: RemedialPlan) -> dict[str, Any]:
    """The set file of the practice: one template item per question type."""
    title = f"Practice: {plan.label}"[:MAX_TITLE_CHARS]
    return {
        "format": FORMAT,
        "title": title,
        "description": (
            "Practice made for the learners who showed this mistake: "
            f"{plan.label}. Each question draws new numbers every time."
        ),
        "items": [
            {"id": question_sets.free_id(set(), type_id), "kind": "template", "type": type_id}
            for type_id in plan.type_ids
        ],
    }


def _refuse_a_repeat(klass: Class, plan: RemedialPlan) -> None:
    """Refuse practice the same learners were given already for ``plan.code`` when nobody has
    shown it since (a second click on the button would otherwise assign it twice)."""
    latest = db.session.execute(
        db.select(Assignment)
        .filter_by(class_id=klass.id, remedial_code=plan.code)
        .order_by(Assignment.created_at.desc(), Assignment.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if latest is None or plan.last_seen is None or latest.created_at < plan.last_seen:
        return
    recipients = db.session.execute(
        db.select(AssignmentRecipient.user_id).filter_by(assignment_id=latest.id)
    ).scalars()
    if tuple(sorted(recipients)) == plan.learner_ids:
        raise RemedialRefused(
            f"“{latest.title}” was assigned to these learners already, and none of them has "
            "made this mistake since."
        )


def assign_remedial(klass: Class, code: str, *, creator: User) -> RemedialMade:
    """Make, publish and assign remedial practice for ``code`` to the learners who showed it.

    ``RemedialRefused`` when nobody in the class shows ``code``, when it was seen only on
    authored items, when the same learners got practice for it already and nobody made the
    mistake since, or when the set or the assignment is refused (nothing is assigned then).
    """
    plan = remedial_plan(klass, code)
    if not plan.learner_ids:
        raise RemedialRefused(
            f"No learner of this class has an answer diagnosed “{code[:60]}”, "
            "so there is nobody to assign practice to."
        )
    if not plan.type_ids:
        raise RemedialRefused(
            f"“{plan.label}” was seen only on your own items ("
            + ", ".join(f"“{name}”" for name in plan.skipped)
            + "), which cannot be drawn with new numbers. Assign those items again instead."
        )
    _refuse_a_repeat(klass, plan)
    data = remedial_set(plan)
    try:
        qset = question_sets.import_set(creator, json.dumps(data), "json")
        version = question_sets.publish(qset)
    except (SetFileError, question_sets.PublishRefused) as error:
        raise RemedialRefused(f"The practice set could not be published: {error}") from None
    try:
        assignment = assignments.create_assignment(
            klass,
            version,
            creator=creator,
            title=data["title"],
            recipients=list(plan.learner_ids),
            remedial_code=code,
        )
    except assignments.AssignmentError as error:
        raise RemedialRefused(str(error)) from None
    return RemedialMade(assignment, plan)
