"""Learners' problem reports as the author reads them: by item, with the instance to open."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.question_set import ProblemReport, QuestionSet, SetVersion


@dataclass(frozen=True)
class ReportLine:
    """One report with what the author needs to open the instance exactly."""

    id: int
    item_id: str
    version_number: int
    seed: int
    text: str
    created_at: datetime
    resolved: bool
    reporter: str  # a display name, or "a guest"


def reports_for(qset: QuestionSet, item_id: str | None = None) -> list[ReportLine]:
    """The set's reports (or one item's), open ones first, newest first: one query."""
    query = (
        db.select(ProblemReport, SetVersion.number, User.display_name)
        .join(SetVersion, SetVersion.id == ProblemReport.set_version_id)
        .outerjoin(User, User.id == ProblemReport.reporter_id)
        .where(SetVersion.set_id == qset.id)
        .order_by(ProblemReport.resolved, ProblemReport.created_at.desc(), ProblemReport.id.desc())
    )
    if item_id is not None:
        query = query.where(ProblemReport.item_id == item_id)
    return [
        ReportLine(
            report.id,
            report.item_id,
            number,
            report.seed,
            report.text,
            report.created_at,
            report.resolved,
            name or "a guest",
        )
        for report, number, name in db.session.execute(query).all()
    ]


def open_counts(qset: QuestionSet) -> Counter[str]:
    """Item id → how many unresolved reports it has (one query)."""
    rows = db.session.execute(
        db.select(ProblemReport.item_id)
        .join(SetVersion, SetVersion.id == ProblemReport.set_version_id)
        .where(SetVersion.set_id == qset.id, ProblemReport.resolved.is_(False))
    ).scalars()
    return Counter(rows)


def mark_resolved(qset: QuestionSet, report_id: int, resolved: bool) -> ProblemReport | None:
    """Mark a report of this set resolved (or open again); None if the set has no such report."""
    report = db.session.get(ProblemReport, report_id)
    if report is None:
        return None
    version = db.session.get(SetVersion, report.set_version_id)
    if version is None or version.set_id != qset.id:
        return None
    report.resolved = resolved
    db.session.commit()
    return report
