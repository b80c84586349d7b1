"""CSV downloads of a class's results, for its instructors (anyone else: 404).

The columns are documented in docs/class-exports.md. Downloads stream as the rows are
read, so a long history costs no memory, and every text cell is made safe to open in a
spreadsheet (``services.csv_cells``).
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Response, stream_with_context

from quizapp.clock import now
from quizapp.instructor import bp
from quizapp.instructor.class_views import assignment_of_class_or_404, managed_class_or_404
from quizapp.services.class_attempts import attempts_csv
from quizapp.services.class_summary import summary_csv


@bp.get("/classes/<int:class_id>/attempts.csv")
def class_attempts_csv(class_id: int):
    """Every attempt made through the class's assignments, one row each."""
    klass = managed_class_or_404(class_id)
    return csv_download(attempts_csv(klass), f"class-{klass.id}-attempts")


@bp.get("/classes/<int:class_id>/assignments/<int:assignment_id>/attempts.csv")
def assignment_attempts_csv(class_id: int, assignment_id: int):
    """Every attempt made through one assignment of the class, one row each."""
    klass = managed_class_or_404(class_id)
    assignment = assignment_of_class_or_404(klass, assignment_id)
    return csv_download(
        attempts_csv(klass, assignment), f"class-{klass.id}-assignment-{assignment.id}-attempts"
    )


@bp.get("/classes/<int:class_id>/summary.csv")
def class_summary_csv(class_id: int):
    """Each learner's completion, score and last activity on each assignment of the class."""
    klass = managed_class_or_404(class_id)
    return csv_download(summary_csv(klass), f"class-{klass.id}-summary")


@bp.get("/classes/<int:class_id>/assignments/<int:assignment_id>/summary.csv")
def assignment_summary_csv(class_id: int, assignment_id: int):
    """Each learner's completion, score and last activity on one assignment of the class."""
    klass = managed_class_or_404(class_id)
    assignment = assignment_of_class_or_404(klass, assignment_id)
    return csv_download(
        summary_csv(klass, assignment), f"class-{klass.id}-assignment-{assignment.id}-summary"
    )


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
