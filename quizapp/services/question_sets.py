"""The rules of authoring sets: who may manage one, drafts and versions, items, publishing.

A set's content is the plain dict of the set file format (``quizapp.sets``). Every change
goes to the set's draft: its newest version, created by copying the published one when
there is none, so a published version never changes under learners' attempts. Each save
runs the question tests of what changed (``services.set_checks``); publishing is refused
while any fails.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from quizapp.extensions import db
from quizapp.models import User, utcnow
from quizapp.models.question_set import QuestionSet, SetVersion
from quizapp.services import audit, set_checks
from quizapp.services.audit import Actor
from quizapp.sets import Problem, SetFileError, check_item, load_set, validate_set
from quizapp.sets.schema import FORMAT, MAX_ITEMS

MAX_TITLE_CHARS = 200
MAX_DESCRIPTION_CHARS = 20_000


class PublishRefused(Exception):
    """The set cannot be published yet; the message says why."""


class ItemRefused(ValueError):
    """An item was not saved; ``problems`` say where (paths relative to the item)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class SetLine:
    """One row of an instructor's list of sets."""

    qset: QuestionSet
    latest: SetVersion
    published: SetVersion | None
    item_count: int


# --- Finding sets and versions --------------------------------------------------------------


def can_manage(user: Any, qset: QuestionSet) -> bool:
    """Only a set's owner and admins see its drafts and reports, or change it."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_admin or qset.owner_id == user.id


def find_set(set_id: int) -> QuestionSet | None:
    """The set with this id, if any."""
    return db.session.get(QuestionSet, set_id)


def versions_of(qset: QuestionSet) -> list[SetVersion]:
    """All versions of a set, newest first (one query)."""
    return list(
        db.session.execute(
            db.select(SetVersion).filter_by(set_id=qset.id).order_by(SetVersion.number.desc())
        ).scalars()
    )


def latest_version(qset: QuestionSet) -> SetVersion:
    """The newest version: the draft when there is one, else the current published one."""
    return versions_of(qset)[0]


def published_version(qset: QuestionSet) -> SetVersion | None:
    """The version learners get: the newest published one."""
    return db.session.execute(
        db.select(SetVersion)
        .filter_by(set_id=qset.id, status="published")
        .order_by(SetVersion.number.desc())
        .limit(1)
    ).scalar_one_or_none()


def version_number(qset: QuestionSet, number: int) -> SetVersion | None:
    """Version ``number`` of the set, if it exists."""
    return db.session.execute(
        db.select(SetVersion).filter_by(set_id=qset.id, number=number)
    ).scalar_one_or_none()


def sets_for(user: User) -> list[SetLine]:
    """The sets a user manages (an admin: every set), newest change first; two queries."""
    query = _sets_query()
    return _lines(query if user.is_admin else query.filter_by(owner_id=user.id))


def all_sets() -> list[SetLine]:
    """Every set, newest change first (for operators)."""
    return _lines(_sets_query())


def _sets_query():
    return (
        db.select(QuestionSet)
        .options(joinedload(QuestionSet.owner))
        .order_by(QuestionSet.updated_at.desc(), QuestionSet.id.desc())
    )


def _lines(query) -> list[SetLine]:
    sets = list(db.session.execute(query).scalars())
    if not sets:
        return []
    by_set: dict[int, list[SetVersion]] = {}
    rows = db.session.execute(
        db.select(SetVersion)
        .where(SetVersion.set_id.in_([s.id for s in sets]))
        .order_by(SetVersion.number.desc())
    ).scalars()
    for version in rows:
        by_set.setdefault(version.set_id, []).append(version)
    lines = []
    for qset in sets:
        versions = by_set.get(qset.id) or []
        if not versions:
            continue
        published = next((v for v in versions if v.status == "published"), None)
        lines.append(SetLine(qset, versions[0], published, len(versions[0].data.get("items", []))))
    return lines


# --- Creating and importing ----------------------------------------------------------------


def empty_set(title: str, description: str = "") -> dict[str, Any]:
    """A set with no items yet, in the file format."""
    data: dict[str, Any] = {"format": FORMAT, "title": title.strip(), "items": []}
    if description.strip():
        data["description"] = description
    return data


def create_set(
    owner: User, title: str, description: str = "", *, actor: Actor = None
) -> QuestionSet:
    """A new set owned by ``owner``, with an empty draft as version 1."""
    data = empty_set(title, description)
    problems = validate_set(data)
    if problems:
        raise SetFileError(problems)
    return _store_new(owner, data, actor, "set.create")


def import_set(owner: User, text: str | bytes, fmt: str, *, actor: Actor = None) -> QuestionSet:
    """A new set from a set file, as a draft; ``SetFileError`` (nothing stored) if invalid."""
    return _store_new(owner, load_set(text, fmt), actor, "set.import")


def _store_new(owner: User, data: dict[str, Any], actor: Actor, action: str) -> QuestionSet:
    now = utcnow()
    qset = QuestionSet(owner_id=owner.id, title=data["title"], created_at=now, updated_at=now)
    db.session.add(qset)
    db.session.flush()
    version = SetVersion(
        set_id=qset.id,
        number=1,
        data=data,
        status="draft",
        checks=set_checks.refreshed(data, None),
        created_at=now,
    )
    db.session.add(version)
    detail = {"owner": owner.id} if getattr(actor, "id", None) != owner.id else {}
    audit.record(actor, action, "question_set", qset.id, title=qset.title, **detail)
    db.session.commit()
    return qset


# --- Changing the draft ----------------------------------------------------------------------


def draft_of(qset: QuestionSet, *, actor: Actor = None) -> SetVersion:
    """The set's draft, made now as a copy of the published version if there is none.

    Two editors racing both try to add the next number; the unique constraint lets one
    win and the other takes the winner's draft.
    """
    for _race in range(2):
        latest = latest_version(qset)
        if latest.is_draft:
            return latest
        draft = SetVersion(
            set_id=qset.id,
            number=latest.number + 1,
            data=copy.deepcopy(latest.data),
            status="draft",
            checks=copy.deepcopy(latest.checks),
            created_at=utcnow(),
        )
        db.session.add(draft)
        audit.record(
            actor,
            "set.draft_new",
            "question_set",
            qset.id,
            version=draft.number,
            from_version=latest.number,
        )
        try:
            db.session.commit()
            return draft
        except IntegrityError:
            db.session.rollback()
    raise RuntimeError(f"could not make a draft of set {qset.id}")


def _save(qset: QuestionSet, draft: SetVersion, data: dict[str, Any]) -> SetVersion:
    """Store new content in the draft (a new dict, so the JSON column sees the change)."""
    draft.data = data
    draft.checks = set_checks.refreshed(data, draft.checks)
    qset.title = data["title"]
    qset.updated_at = utcnow()
    db.session.commit()
    return draft


def _current_items(qset: QuestionSet) -> list[dict[str, Any]]:
    """A copy of the items as the next save starts from them (the draft's, or the published)."""
    return copy.deepcopy(latest_version(qset).data.get("items", []))


def _save_items(
    qset: QuestionSet, items: list[dict[str, Any]], actor: Actor, **known: Any
) -> SetVersion:
    """Store ``items`` in the draft (made only now, so a refused change leaves no draft)."""
    draft = draft_of(qset, actor=actor)
    if known:
        checks = copy.deepcopy(draft.checks) or {}
        checks.setdefault("items", {}).update(known)
        draft.checks = checks
    return _save(qset, draft, {**copy.deepcopy(draft.data), "items": items})


def update_details(
    qset: QuestionSet, title: str, description: str, *, actor: Actor = None
) -> SetVersion:
    """Change the title and description; ``SetFileError`` with their problems if invalid."""
    data = copy.deepcopy(latest_version(qset).data)
    data["title"] = title.strip()
    if description.strip():
        data["description"] = description
    else:
        data.pop("description", None)
    problems = [p for p in validate_set(data) if p.path in ("title", "description")]
    if problems:
        raise SetFileError(problems)
    draft = draft_of(qset, actor=actor)
    return _save(qset, draft, {**data, "items": copy.deepcopy(draft.data.get("items", []))})


def save_item(
    qset: QuestionSet,
    item: dict[str, Any],
    replacing: str | None = None,
    *,
    actor: Actor = None,
) -> SetVersion:
    """Add ``item`` (or put it in place of item ``replacing``) and run its tests.

    Raises ``ItemRefused`` with every problem, placed relative to the item, and saves
    nothing, when the item is invalid or its id is taken by another item.
    """
    report = check_item(item)
    problems = list(report.problems)
    items = _current_items(qset)
    index = _required_index(items, replacing) if replacing is not None else None
    if any(i["id"] == item.get("id") and i["id"] != replacing for i in items):
        problems.append(
            Problem("id", f"another item of this set already has the id {item['id']!r}")
        )
    if index is None and len(items) >= MAX_ITEMS:
        problems.append(Problem("", f"a set may have at most {MAX_ITEMS} items"))
    if problems:
        raise ItemRefused(problems)
    if index is None:
        items.append(item)
    else:
        items[index] = item
    record = set_checks.report_record(report, item)
    return _save_items(qset, items, actor, **{item["id"]: record})


def move_item(qset: QuestionSet, item_id: str, step: int, *, actor: Actor = None) -> SetVersion:
    """Move an item one place up (``step`` −1) or down (+1); at an end it stays."""
    items = _current_items(qset)
    index = _required_index(items, item_id)
    target = index + (1 if step > 0 else -1)
    if not 0 <= target < len(items):
        return latest_version(qset)
    items[index], items[target] = items[target], items[index]
    return _save_items(qset, items, actor)


def duplicate_item(
    qset: QuestionSet, item_id: str, *, actor: Actor = None
) -> tuple[SetVersion, str]:
    """A copy of an item right after it, with a new id; returns the draft and that id."""
    items = _current_items(qset)
    index = _required_index(items, item_id)
    if len(items) >= MAX_ITEMS:
        raise ItemRefused([Problem("", f"a set may have at most {MAX_ITEMS} items")])
    twin = copy.deepcopy(items[index])
    twin["id"] = free_id({i["id"] for i in items}, f"{item_id}-copy")
    if twin.get("title"):
        twin["title"] = f"{twin['title']} (copy)"[:MAX_TITLE_CHARS]
    items.insert(index + 1, twin)
    return _save_items(qset, items, actor), twin["id"]


def delete_item(qset: QuestionSet, item_id: str, *, actor: Actor = None) -> SetVersion:
    """Remove an item from the draft (published versions keep it for their attempts)."""
    items = _current_items(qset)
    del items[_required_index(items, item_id)]
    draft = draft_of(qset, actor=actor)
    audit.record(
        actor, "set.item_delete", "question_set", qset.id, item=item_id, version=draft.number
    )
    return _save_items(qset, items, actor)


def free_id(taken: set[str], wanted: str) -> str:
    """``wanted`` cut to a valid slug, with -2, -3 … added until no item uses it."""
    base = re.sub(r"[^a-z0-9_-]+", "-", wanted.lower()).strip("-_")[:56] or "item"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _index(items: list[dict[str, Any]], item_id: str) -> int | None:
    return next((n for n, item in enumerate(items) if item.get("id") == item_id), None)


def _required_index(items: list[dict[str, Any]], item_id: str) -> int:
    index = _index(items, item_id)
    if index is None:
        raise LookupError(f"there is no item {item_id!r} in this set")
    return index


# --- Publishing ------------------------------------------------------------------------------


def publish(qset: QuestionSet, *, actor: Actor = None) -> SetVersion:
    """Make the draft the version learners get; ``PublishRefused`` says why it cannot be."""
    latest = latest_version(qset)
    if not latest.is_draft:
        raise PublishRefused(f"Version {latest.number} is already published; nothing has changed.")
    if not latest.data.get("items"):
        raise PublishRefused("Add at least one item before publishing.")
    checks = set_checks.refreshed(latest.data, latest.checks)
    latest.checks = checks
    if checks["problems"]:
        db.session.commit()
        raise PublishRefused(
            "The set has problems to fix first: "
            + "; ".join(f"{p['path'] or 'the set'}: {p['message']}" for p in checks["problems"])
        )
    failing = [
        item.get("title") or item["id"]
        for item in latest.data["items"]
        if not checks["items"][item["id"]]["ok"]
    ]
    if failing:
        db.session.commit()
        raise PublishRefused(
            "A set cannot be published while a question test fails. Failing: "
            + ", ".join(f"“{name}”" for name in failing)
            + "."
        )
    now = utcnow()
    latest.status, latest.published_at = "published", now
    qset.updated_at = now
    audit.record(actor, "set.publish", "question_set", qset.id, version=latest.number)
    db.session.commit()
    return latest
