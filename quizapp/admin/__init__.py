"""The admin area: who is a learner, an instructor or an admin, and the audit log."""

from flask import Blueprint, abort
from flask_login import current_user

from quizapp.extensions import login_manager

bp = Blueprint("admin", __name__)


@bp.before_request
def require_admin():
    """Sign in first; then admins only."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_admin:
        abort(403, "Only admins can change who is an instructor.")
    return None


from quizapp.admin import audit_views, views  # noqa: E402,F401  (registers the routes on bp)
