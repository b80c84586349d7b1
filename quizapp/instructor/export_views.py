"""CSV downloads of a class's results, for its instructors (anyone else: 404).

The columns are documented in docs/class-exports.md. Downloads stream as the rows are
read, so a long history costs no memory, and every text cell is made safe to open in a
spreadsheet (``services.csv_cells``).
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Response, stream_with_context
from flask_login import current_user

from quizapp.clock import now
from quizapp.extensions import db
from quizapp.instructor import bp
from quizapp.instructor.class_views import assignment_of_class_or_404, managed_class_or_404
from quizapp.models.assignment import Assignment
from quizapp.models.classroom import Class
from quizapp.services import audit
from quizapp.services.class_attempts import attempts_csv
from quizapp.services.class_summary import summary_csv


@bp.get("/classes/<int:class_id>/attempts.csv")
def class_attempts_csv(class_id: int):
    """Every attempt made through the class's assignments, one row each."""
    klass = managed_class_or_404(class_id)
    logged_export(klass, None, "attempts")
    return csv_download(attempts_csv(klass), f"class-{klass.id}-attempts")


@bp.get("/classes/<int:class_id>/assignments/<int:assignment_id>/attempts.csv")
def assignment_attempts_csv(class_id: int, assignment_id: int):
    """Every attempt made through one assignment of the class, one row each."""
    klass = managed_class_or_404(class_id)
    assignment = assignment_of_class_or_404(klass, assignment_id)
    logged_export(klass, assignment, "attempts")
    return csv_download(
        attempts_csv(klass, assignment), f"class-{klass.id}-assignment-{assignment.id}-attempts"
    )


@bp.get("/classes/<int:class_id>/summary.csv")
def class_summary_csv(class_id: int):
    """Each learner's completion, score and last activity on each assignment of the class."""
    klass = managed_class_or_404(class_id)
    logged_export(klass, None, "summary")
    return csv_download(summary_csv(klass), f"class-{klass.id}-summary")


@bp.get("/classes/<int:class_id>/assignments/<int:assignment_id>/summary.csv")
def assignment_summary_csv(class_id: int, assignment_id: int):
    """Each learner's completion, score and last activity on one assignment of the class."""
    klass = managed_class_or_404(class_id)
    assignment = assignment_of_class_or_404(klass, assignment_id)
    logged_export(klass, assignment, "summary")
    return csv_download(
        summary_csv(klass, assignment), f"class-{klass.id}-assignment-{assignment.id}-summary"
    )


def logged_export(klass: Class, assignment: Assignment | None, what: str) -> None:
    """Record the download in the audit log, committed before the stream starts (which only
    reads); the rows it needs are read again so the stream never meets an expired one."""
    audit.record(
        current_user,
        "class.export",
        "class",
        klass.id,
        what=what,
        format="csv",
        assignment=assignment.id if assignment is not None else None,
    )
    db.session.commit()
    for row in (klass, assignment):
        if row is not None:
            db.session.refresh(row)


def csv_download(pieces: Iterator[str], name: str) -> Response:
    """A streamed CSV attachment named ``<name>-<date>.csv``, never cached."""
    filename = f"{name}-{now():%Y-%m-%d}.csv"
    return Response(
        stream_with_context(pieces),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
