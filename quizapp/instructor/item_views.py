"""Instructor pages for one item: its page with tests and reports, add, edit, move, copy, delete."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from quizapp.instructor import bp
from quizapp.instructor.forms import ActionForm, ResolveForm
from quizapp.instructor.item_form import (
    ITEM_KEYS,
    KIND_NAMES,
    YAML_FIELDS,
    ItemForm,
    field_of,
    fill_form,
    item_from_form,
    new_item_defaults,
    place_problems,
    shown_fields,
)
from quizapp.instructor.presenting import (
    item_or_404,
    managed_set_or_404,
    set_page,
)
from quizapp.models.question_set import QuestionSet
from quizapp.services import question_sets as service
from quizapp.services import set_checks, set_reports
from quizapp.sets import check_item
from quizapp.sets.fragments import dump_fragment


def _kind_or_404(kind: str | None) -> str:
    if kind not in KIND_NAMES:
        abort(404, "Choose one of the kinds of item: " + ", ".join(KIND_NAMES) + ".")
    return kind


@bp.get("/sets/<int:set_id>/items/<item_id>")
def item_page(set_id: int, item_id: str):
    """One item of the newest version: what it is, its question tests, learners' reports."""
    qset = managed_set_or_404(set_id)
    page = set_page(qset)
    row = next((r for r in page.items if r.id == item_id), None)
    if row is None:
        abort(404, f"This set has no item “{item_id[:64]}”.")
    return render_template(
        "instructor/item.html",
        page=page,
        row=row,
        distinguish=set_checks.distinguishability(row.item, row.report),
        draw_findings=set_checks.other_findings(row.item, row.report),
        reports=set_reports.reports_for(qset, item_id),
        item_source=dump_fragment(row.item),
        action_form=ActionForm(),
        resolve_form=ResolveForm(formdata=None),
    )


@bp.route("/sets/<int:set_id>/items/new", methods=["GET", "POST"])
def new_item(set_id: int):
    """Add an item of the kind chosen (``?kind=``); its tests run when it is saved."""
    qset = managed_set_or_404(set_id)
    kind = _kind_or_404(request.args.get("kind"))
    form = ItemForm().prepare(kind)
    if request.method == "GET":
        taken = {i["id"] for i in service.latest_version(qset).data.get("items", [])}
        fill_form(form, new_item_defaults(kind, taken))
        return _render_form(qset, form, kind, None)
    return _save(qset, form, kind, None)


@bp.route("/sets/<int:set_id>/items/<item_id>/edit", methods=["GET", "POST"])
def edit_item(set_id: int, item_id: str):
    """Change an item (in the draft); a bad submit keeps what was typed and saves nothing."""
    qset = managed_set_or_404(set_id)
    latest = service.latest_version(qset)
    item = item_or_404(latest, item_id)
    form = ItemForm().prepare(item["kind"])
    if request.method == "GET":
        fill_form(form, item)
        report = set_checks.item_report(latest.checks, item)
        notes = test_notes(report, item["kind"])
        return _render_form(qset, form, item["kind"], item_id, findings=notes)
    return _save(qset, form, item["kind"], item_id)


def _save(qset: QuestionSet, form: ItemForm, kind: str, replacing: str | None):
    if not form.validate_on_submit():
        return _render_form(
            qset, form, kind, replacing, general=["The form could not be checked; send it again."]
        )
    read = item_from_form(form, kind)
    for name, messages in read.errors.items():
        form[name].errors = list(form[name].errors or []) + messages
    if read.errors:
        # Show the other fields' problems too, so one submit shows everything to fix.
        others = other_problems(read.item, set(read.errors), kind)
        general = place_problems(form, kind, others, read.lines)
        return _render_form(qset, form, kind, replacing, general=general)
    try:
        version = service.save_item(qset, read.item, replacing, actor=current_user)
    except service.ItemRefused as refusal:
        wrong = {field_of(p.path, kind) for p in refusal.problems}
        problems = refusal.problems + other_problems(read.item, wrong, kind)
        general = place_problems(form, kind, problems, read.lines)
        return _render_form(qset, form, kind, replacing, general=general)
    except LookupError:
        abort(404, "This item is no longer in the set; it may have been deleted.")
    record = set_checks.item_report(version.checks, read.item)
    failing = set_checks.failing_count(record)
    if failing:
        flash(
            f"Saved. {failing} question test{'s' if failing != 1 else ''} failing: see below.",
            "error",
        )
    else:
        flash("Saved. Every question test passes.")
    return redirect(
        url_for("instructor.item_page", set_id=qset.id, item_id=read.item["id"]), code=303
    )


def other_problems(item: dict, wrong: set[str | None], kind: str) -> list:
    """The problems of the fields not already found wrong.

    One field the schema refuses stops the checks of what the item means, so the item
    is checked again without the wrong fields. Not when a field others refer to is wrong
    (variables, or mistakes and options that tests name): that would only mislead.
    """
    if None in wrong or "variables" in wrong:
        return []
    keys = {"tolerance" if n.startswith("tolerance") else ITEM_KEYS.get(n, n) for n in wrong}
    if keys & {"mistakes", "options", "key_points"}:
        keys.add("tests")
    reduced = {key: value for key, value in item.items() if key not in keys - {"id", "kind"}}
    if "id" in keys:
        reduced["id"] = "item"  # any valid slug: the rest is checked, the id is already wrong
    dropped = {field_of(key, kind) for key in keys}
    return [
        p for p in check_item(reduced).problems if field_of(p.path, kind) not in wrong | dropped
    ]


def test_notes(report: dict, kind: str) -> dict[str, list[str]]:
    """Failing question tests of the stored report, by the form field they concern."""
    notes: dict[str, list[str]] = {}
    for finding in report.get("findings", []):
        if finding["failing"]:
            name = field_of(finding["field"], kind) or ""
            notes.setdefault(name, []).append("Question test: " + finding["message"])
    for test in report.get("tests", []):
        if not test["passed"]:
            notes.setdefault("tests", []).append(
                f"{test['field']}: {test['answer']!s:.60} should be {test['expect']} "
                f"but was {test['outcome']}."
            )
    return notes


def _render_form(qset, form, kind, item_id, *, general=None, findings=None):
    status = 422 if (general or any(f.errors for f in shown_fields(form, kind))) else 200
    return render_template(
        "instructor/item_form.html",
        qset=qset,
        form=form,
        kind=kind,
        kind_name=KIND_NAMES[kind],
        fields=shown_fields(form, kind),
        item_id=item_id,
        general=general or [],
        findings=findings or {},
        yaml_fields=YAML_FIELDS,
    ), status


@bp.post("/sets/<int:set_id>/items/<item_id>/move")
def move_item(set_id: int, item_id: str):
    """One place up or down (``direction``), no JavaScript needed."""
    qset = managed_set_or_404(set_id)
    if not ActionForm().validate_on_submit():
        abort(400, "The form could not be checked; please press the button again.")
    step = -1 if request.form.get("direction") == "up" else 1
    _or_404(service.move_item, qset, item_id, step, actor=current_user)
    return redirect(
        url_for("instructor.set_page_view", set_id=qset.id, _anchor=f"item-{item_id}"), code=303
    )


@bp.post("/sets/<int:set_id>/items/<item_id>/duplicate")
def duplicate_item(set_id: int, item_id: str):
    """A copy right after the item, to edit into a variant."""
    qset = managed_set_or_404(set_id)
    if not ActionForm().validate_on_submit():
        abort(400, "The form could not be checked; please press the button again.")
    try:
        _version, new_id = _or_404(service.duplicate_item, qset, item_id, actor=current_user)
    except service.ItemRefused as refusal:
        flash(str(refusal.problems[0].message).capitalize() + ".", "error")
        return redirect(url_for("instructor.set_page_view", set_id=qset.id), code=303)
    flash(f"Copied as “{new_id}”.")
    return redirect(url_for("instructor.item_page", set_id=qset.id, item_id=new_id), code=303)


@bp.route("/sets/<int:set_id>/items/<item_id>/delete", methods=["GET", "POST"])
def delete_item(set_id: int, item_id: str):
    """Ask, then remove the item from the draft (published versions keep it)."""
    qset = managed_set_or_404(set_id)
    item = item_or_404(service.latest_version(qset), item_id)
    form = ActionForm()
    if form.validate_on_submit():
        _or_404(service.delete_item, qset, item_id, actor=current_user)
        flash(f"Deleted “{item.get('title') or item_id}” from the draft.")
        return redirect(url_for("instructor.set_page_view", set_id=qset.id), code=303)
    return render_template("instructor/delete_item.html", qset=qset, item=item, form=form)


def _or_404(change, qset, item_id, *args, **kwargs):
    try:
        return change(qset, item_id, *args, **kwargs)
    except LookupError:
        abort(404, f"This set has no item “{item_id[:64]}”.")
