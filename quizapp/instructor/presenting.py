"""What the instructor pages show, as plain values: a set and its items with their tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import abort
from flask_login import current_user

from quizapp.models.question_set import QuestionSet, SetVersion
from quizapp.services import question_sets as service
from quizapp.services import set_checks, set_reports
from quizapp.services.set_practice import KIND_LABELS, item_label

NOT_YOURS = "There is no set of yours with this number."


def managed_set_or_404(set_id: int) -> QuestionSet:
    """The set if the current user may manage it; else 404, whether or not it exists."""
    qset = service.find_set(set_id)
    if qset is None or not service.can_manage(current_user, qset):
        abort(404, NOT_YOURS)
    return qset


def version_or_404(qset: QuestionSet, number: str | None) -> SetVersion:
    """Version ``number`` (text from a query string) of the set, or the newest one."""
    if not number:
        return service.latest_version(qset)
    if not number.isascii() or not number.isdecimal() or len(number) > 9:
        abort(404, "Versions are numbered 1, 2, 3 …")
    version = service.version_number(qset, int(number))
    if version is None:
        abort(404, f"This set has no version {int(number)}.")
    return version


def item_or_404(version: SetVersion, item_id: str) -> dict[str, Any]:
    """The item ``item_id`` of ``version``, or a 404 that says so."""
    item = version.item(item_id)
    if item is None:
        abort(404, f"Version {version.number} of this set has no item “{item_id[:64]}”.")
    return item


@dataclass(frozen=True)
class ItemRow:
    """An item on its set's page: what it is and how its tests went."""

    item: dict[str, Any]
    number: int
    label: str
    kind_label: str
    report: dict[str, Any]
    failing: int
    open_reports: int

    @property
    def id(self) -> str:
        """The item's id."""
        return self.item["id"]


@dataclass(frozen=True)
class SetPage:
    """A set as its page shows it."""

    qset: QuestionSet
    latest: SetVersion
    published: SetVersion | None
    versions: list[SetVersion]
    items: list[ItemRow]
    problems: list[dict[str, str]]
    open_reports: int
    all_pass: bool = field(default=False)

    @property
    def has_draft(self) -> bool:
        """Whether there are changes learners do not have yet."""
        return self.latest.is_draft


def set_page(qset: QuestionSet) -> SetPage:
    """The set's page: newest version, its items and their stored tests (a few queries)."""
    versions = service.versions_of(qset)
    latest = versions[0]
    published = next((v for v in versions if v.status == "published"), None)
    counts = set_reports.open_counts(qset)
    rows = []
    for number, item in enumerate(latest.data.get("items", []), 1):
        record = set_checks.item_report(latest.checks, item)
        rows.append(
            ItemRow(
                item,
                number,
                item_label(item, number),
                KIND_LABELS.get(item["kind"], item["kind"]),
                record,
                set_checks.failing_count(record),
                counts.get(item["id"], 0),
            )
        )
    problems = list((latest.checks or {}).get("problems", []))
    return SetPage(
        qset,
        latest,
        published,
        versions,
        rows,
        problems,
        sum(counts.values()),
        all_pass=bool(rows) and not problems and all(r.report["ok"] for r in rows),
    )
