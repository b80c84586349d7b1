"""Data ownership on the account page: download everything as JSON or one's answers as CSV,
delete the account."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, stream_with_context, url_for
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, SubmitField
from wtforms.validators import DataRequired

from quizapp.auth import bp
from quizapp.extensions import db
from quizapp.models import utcnow
from quizapp.services import audit
from quizapp.services.ownership import answers_csv, delete_account, export_chunks


class DeleteAccountForm(FlaskForm):
    """Deleting an account needs the password, so a borrowed open session cannot do it."""

    password = PasswordField(
        "Your password",
        validators=[DataRequired("Enter your password to confirm.")],
        description="Type your password to confirm that you want everything deleted.",
    )
    submit = SubmitField("Delete my account and all my data")


@bp.get("/export")
@login_required
def export():
    """All of your data as a JSON file download, streamed as it is read from the database
    (a learner with thousands of answers is never built up in memory)."""
    now = utcnow()
    filename = f"quizapp-data-{now:%Y-%m-%d}.json"
    user = current_user._get_current_object()
    # Logged (and committed) as the download starts: the stream only reads.
    audit.record(user, "user.export", "user", user.id)
    db.session.commit()
    db.session.refresh(user)  # the stream reads the profile after this session has gone
    return Response(
        stream_with_context(export_chunks(user, now)),
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/export.csv")
@login_required
def export_csv():
    """Your answers as a CSV download for a spreadsheet, one row each, streamed; text that a
    spreadsheet could run as a formula is neutralised (services.csv_cells)."""
    now = utcnow()
    user = current_user._get_current_object()
    audit.record(user, "user.export", "user", user.id, format="csv")
    db.session.commit()
    db.session.refresh(user)  # as for the JSON download: the stream reads after this commit
    return Response(
        stream_with_context(answers_csv(user)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="quizapp-answers-{now:%Y-%m-%d}.csv"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete():
    """Confirm with the password, then delete the account and everything in it."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if current_user.check_password(form.password.data):
            user = current_user._get_current_object()
            logout_user()
            delete_account(user)
            flash("Your account and all its data are deleted. Thank you for practising with us.")
            return redirect(url_for("main.home"), code=303)
        form.password.errors.append("That is not your password; nothing was deleted.")
    status = 422 if form.errors else 200
    return render_template("auth/delete.html", form=form), status
