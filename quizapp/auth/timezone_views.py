"""The time-zone setting: typed on the account page, or sent once by the browser.

The browser knows its zone (``Intl.DateTimeFormat().resolvedOptions().timeZone``);
``static/js/timezone.js`` fills the account page's field with it and, for a signed-in
user with none stored yet, sends it here once (a POST with the CSRF token). Names are
checked with zoneinfo; a bad one is a 422 saying so, and nothing is changed.
"""

from __future__ import annotations

from flask import flash, jsonify, redirect, url_for
from flask_login import current_user, login_required

from quizapp.auth import bp
from quizapp.auth.forms import TimezoneForm
from quizapp.auth.views import _account_page
from quizapp.extensions import db
from quizapp.timezones import ZoneError, checked_zone


@bp.post("/timezone")
@login_required
def set_timezone():
    """Store the zone typed (or sent by the browser); a bad name is a 422 with the reason."""
    form = TimezoneForm()
    automatic = form.automatic.data == "1"
    if not form.validate_on_submit():
        message = " ".join(form.timezone.errors) or "The form could not be checked."
        return _refused(form, automatic, message)
    try:
        zone = checked_zone(form.timezone.data or "")
    except ZoneError as problem:
        return _refused(form, automatic, str(problem))
    if automatic:
        if current_user.timezone is None:  # the browser's guess never replaces a choice
            current_user.timezone = zone
            db.session.commit()
        return jsonify(timezone=current_user.timezone), 200
    current_user.timezone = zone
    db.session.commit()
    flash(f"Dates are now shown in {zone}.")
    return redirect(url_for("auth.account", _anchor="time-zone"), code=303)


def _refused(form: TimezoneForm, automatic: bool, message: str):
    if automatic:
        return jsonify(error=message, where="timezone"), 422
    form.timezone.errors = [message]
    return _account_page(timezone_form=form, status=422)
