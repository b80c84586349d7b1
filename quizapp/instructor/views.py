"""Instructor pages for whole sets: list, new, import, set page, publish, export, reports."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from quizapp.extensions import db
from quizapp.instructor import bp
from quizapp.instructor.forms import ActionForm, ImportForm, ResolveForm, SetDetailsForm
from quizapp.instructor.item_form import KIND_NAMES
from quizapp.instructor.presenting import managed_set_or_404, set_page, version_or_404
from quizapp.services import audit, set_reports
from quizapp.services import question_sets as service
from quizapp.sets import SetFileError, dump_set, format_for, to_moodle_xml
from quizapp.sets.files import MAX_BYTES

EXPORTS = {
    "yaml": ("application/x-yaml; charset=utf-8", "yaml"),
    "json": ("application/json; charset=utf-8", "json"),
    "moodle": ("application/xml; charset=utf-8", "moodle.xml"),
}
#: Bodies bigger than the app's usual limit: a set file, and an item with long texts.
UPLOAD_LIMITS = {
    "instructor.import_set": MAX_BYTES + 64 * 1024,
    "instructor.new_item": 512 * 1024,
    "instructor.edit_item": 512 * 1024,
}


@bp.record_once
def _allow_larger_uploads(state) -> None:
    """Raise the body limit for the import form before CSRF protection reads the body."""

    def allow() -> None:
        limit = UPLOAD_LIMITS.get(request.endpoint or "")
        if limit is not None:
            request.max_content_length = limit

    state.app.before_request_funcs.setdefault(None, []).insert(0, allow)


@bp.get("/")
def index():
    """The sets this instructor manages (an admin: all), and how to start a new one."""
    return render_template(
        "instructor/index.html", lines=service.sets_for(current_user), kinds=KIND_NAMES
    )


@bp.route("/sets/new", methods=["GET", "POST"])
def new_set():
    """A new, empty set: a title and a description."""
    form = SetDetailsForm()
    if form.validate_on_submit():
        try:
            qset = service.create_set(
                current_user, form.title.data, form.description.data or "", actor=current_user
            )
        except SetFileError as error:
            _place_detail_problems(form, error)
        else:
            flash("The set is created as a draft. Add its first item.")
            return redirect(url_for("instructor.set_page_view", set_id=qset.id), code=303)
    status = 422 if form.errors else 200
    return render_template("instructor/set_details.html", form=form, qset=None), status


@bp.route("/sets/<int:set_id>/details", methods=["GET", "POST"])
def edit_details(set_id: int):
    """Change a set's title and description (in its draft)."""
    qset = managed_set_or_404(set_id)
    latest = service.latest_version(qset)
    form = SetDetailsForm(
        data={"title": latest.data["title"], "description": latest.data.get("description", "")}
    )
    if form.validate_on_submit():
        try:
            service.update_details(
                qset, form.title.data, form.description.data or "", actor=current_user
            )
        except SetFileError as error:
            _place_detail_problems(form, error)
        else:
            flash("Saved to the draft.")
            return redirect(url_for("instructor.set_page_view", set_id=qset.id), code=303)
    status = 422 if form.errors else 200
    return render_template("instructor/set_details.html", form=form, qset=qset), status


def _place_detail_problems(form: SetDetailsForm, error: SetFileError) -> None:
    for problem in error.problems:
        field = form.description if problem.path == "description" else form.title
        field.errors = list(field.errors or []) + [problem.message]


@bp.route("/sets/import", methods=["GET", "POST"])
def import_set():
    """A new set from an uploaded file; an invalid file is refused whole, every problem listed."""
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        upload = form.file.data
        content = upload.stream.read(MAX_BYTES + 1)
        try:
            qset = service.import_set(
                current_user, content, format_for(upload.filename or ""), actor=current_user
            )
        except SetFileError as error:
            problems = error.problems
        else:
            flash(f"Imported “{qset.title}” as a draft.")
            return redirect(url_for("instructor.set_page_view", set_id=qset.id), code=303)
    status = 422 if form.errors or problems else 200
    return render_template("instructor/import.html", form=form, problems=problems), status


@bp.get("/sets/<int:set_id>")
def set_page_view(set_id: int):
    """A set: details, items with their question tests, versions, share link, reports."""
    qset = managed_set_or_404(set_id)
    return render_template(
        "instructor/set.html", page=set_page(qset), action_form=ActionForm(), kinds=KIND_NAMES
    )


@bp.post("/sets/<int:set_id>/publish")
def publish(set_id: int):
    """Publish the draft, unless a question test fails (the message says which)."""
    qset = managed_set_or_404(set_id)
    if not ActionForm().validate_on_submit():
        abort(400, "The form could not be checked; please press the button again.")
    try:
        version = service.publish(qset, actor=current_user)
    except service.PublishRefused as refusal:
        flash(f"Not published. {refusal}", "error")
    else:
        flash(f"Version {version.number} is published. Learners with the link now get it.")
    return redirect(url_for("instructor.set_page_view", set_id=qset.id), code=303)


@bp.get("/sets/<int:set_id>/export.<fmt>")
def export(set_id: int, fmt: str):
    """A download of the set as YAML, JSON or Moodle XML (the newest version, or ?version=)."""
    qset = managed_set_or_404(set_id)
    if fmt not in EXPORTS:
        abort(404, "Sets can be downloaded as .yaml, .json or .moodle.")
    version = version_or_404(qset, request.args.get("version"))
    mimetype, extension = EXPORTS[fmt]
    try:
        body = to_moodle_xml(version.data) if fmt == "moodle" else dump_set(version.data, fmt)
    except SetFileError as error:
        flash(f"The set cannot be exported while it has problems: {error.problems[0]}", "error")
        return redirect(url_for("instructor.set_page_view", set_id=qset.id), code=303)
    audit.record(
        current_user, "set.export", "question_set", qset.id, version=version.number, format=fmt
    )
    db.session.commit()
    filename = f"set-{qset.id}-v{version.number}.{extension}"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/sets/<int:set_id>/reports")
def reports(set_id: int):
    """Every problem learners reported with the set's items, open ones first."""
    qset = managed_set_or_404(set_id)
    page = set_page(qset)
    return render_template(
        "instructor/reports.html",
        page=page,
        reports=set_reports.reports_for(qset),
        resolve_form=ResolveForm(formdata=None),
    )


@bp.post("/sets/<int:set_id>/reports/<int:report_id>")
def resolve_report(set_id: int, report_id: int):
    """Mark a report resolved (or open it again), then back where the button was."""
    qset = managed_set_or_404(set_id)
    form = ResolveForm()
    if not form.validate_on_submit():
        abort(400, "The form could not be checked; please press the button again.")
    report = set_reports.mark_resolved(qset, report_id, bool(form.resolved.data))
    if report is None:
        abort(404, "This set has no report with this number.")
    flash("Marked resolved." if report.resolved else "Opened again.")
    if form.back.data == "item":
        target = url_for("instructor.item_page", set_id=qset.id, item_id=report.item_id)
    else:
        target = url_for("instructor.reports", set_id=qset.id)
    return redirect(target + f"#report-{report.id}", code=303)
