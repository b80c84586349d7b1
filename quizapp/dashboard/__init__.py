"""The progress dashboard, attempt review pages and spaced review ("what is due")."""

from flask import Blueprint

from quizapp.main.headers import no_store

bp = Blueprint("dashboard", __name__)
# Every page here shows one learner's answers and schedule.
bp.after_request(no_store)


@bp.record_once
def _install_filters(state) -> None:
    from quizapp.dashboard.presenting import install_filters

    install_filters(state.app)


from quizapp.dashboard import views  # noqa: E402,F401  (registers the routes on bp)
