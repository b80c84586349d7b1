"""The instructor area: question sets, their items, previews, question tests and reports.

Only instructors and admins enter; anyone else signed in gets 403, anonymous visitors
are sent to sign in. Within the area a set is seen only by its owner and admins: for
anyone else it does not exist (404), so set ids reveal nothing.
"""

from flask import Blueprint, abort
from flask_login import current_user

from quizapp.extensions import login_manager

bp = Blueprint("instructor", __name__)


@bp.before_request
def require_instructor():
    """Sign in first; then only instructors and admins."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_instructor:
        abort(403, "The instructor area is for instructors. An admin can make you one.")
    return None


from quizapp.instructor import (  # noqa: E402,F401,I001
    assignment_views,
    class_views,
    item_views,
    preview,
    views,
)
