"""Interview pages: start, the current question, answer, abandon, summary. Guests may play."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from quizapp.auth.guests import current_owner
from quizapp.engine.answers import ParseError
from quizapp.engine.limits import answer_limit
from quizapp.engine.questions import TOPICS
from quizapp.interview import bp
from quizapp.interview.forms import RoundAnswerForm, StartRoundForm
from quizapp.main.errors import CSRF_RESHOW
from quizapp.main.session_state import (
    preferred_difficulty,
    remember_difficulty,
    remember_problem,
    take_problem,
)
from quizapp.models import ServedQuestion, utcnow
from quizapp.models.progress import InterviewRound
from quizapp.practice.forms import DIFFICULTY_RULE, MAX_ANSWER_CHARS, ActionForm
from quizapp.rendering import render_prose
from quizapp.rendering.question_pages import LOG_NOTE, answer_input, lettered_choices
from quizapp.services import interview as service
from quizapp.services import practice as practice_service


def _round_or_404(round_id: int) -> InterviewRound:
    round_ = service.find_round(round_id, current_owner())
    if round_ is None:
        abort(
            404,
            "This interview round is not open in this browser session. If you started it "
            "while signed in, sign in again; otherwise start a new round.",
        )
    return round_


@bp.get("/")
def index():
    """Start a round, or resume the unfinished one; links to past summaries."""
    owner = current_owner()
    return render_template(
        "interview/index.html",
        active=service.active_round(owner),
        past=service.past_rounds(owner),
        form=StartRoundForm(data={"difficulty": str(preferred_difficulty())}),
        action_form=ActionForm(),
        size=service.ROUND_SIZE,
        explain_seconds=service.EXPLAIN_SECONDS,
        difficulty_rule=DIFFICULTY_RULE,
    )


@bp.post("/start")
def start():
    """Plan a round and show its first question (an unfinished round is resumed instead)."""
    form = StartRoundForm()
    owner = current_owner(create=True)
    active = service.active_round(owner)
    if active is not None:
        flash("You already have a round in progress; here it is. Abandon it to start afresh.")
        return redirect(url_for("interview.round_page", round_id=active.id), code=303)
    if not form.validate_on_submit():
        return render_template(
            "interview/index.html",
            active=None,
            past=service.past_rounds(owner),
            form=form,
            action_form=ActionForm(),
            size=service.ROUND_SIZE,
            explain_seconds=service.EXPLAIN_SECONDS,
            difficulty_rule=DIFFICULTY_RULE,
        ), 422
    difficulty = int(form.difficulty.data)
    remember_difficulty(difficulty)
    round_ = service.start_round(owner, difficulty, utcnow())
    return redirect(url_for("interview.round_page", round_id=round_.id), code=303)


@bp.get("/start")
def start_again():
    """The start address opened directly (e.g. reloading after a refused form): the index."""
    return redirect(url_for("interview.index"), code=303)


@bp.get("/round/<int:round_id>")
def round_page(round_id: int):
    """The round's current question (after a reload or a crash, too); the summary once over."""
    round_ = _round_or_404(round_id)
    served = service.current_question(round_, current_owner(), utcnow())
    if served is None:
        return redirect(url_for("interview.summary", round_id=round_.id), code=303)
    return _render_question(
        round_,
        served,
        RoundAnswerForm(formdata=None),
        typed=served.draft_answer or "",
        error=take_problem(served.token),
    )


def _render_question(
    round_: InterviewRound,
    served: ServedQuestion,
    form: RoundAnswerForm,
    *,
    typed: str = "",
    error: str | None = None,
    status: int = 200,
):
    try:
        question = practice_service.question_for(served)
    except ValueError as problem:
        current_app.logger.warning("cannot regenerate %s: %s", served.type_id, problem)
        abort(410, f"This question ({served.type_id}) can no longer be shown: {problem}")
    now = utcnow()
    return render_template(
        "interview/question.html",
        round=round_,
        served=served,
        q=question,
        number=round_.position + 1,
        topic_title=TOPICS.get(question.topic, ""),
        prompt=render_prose(question.prompt),
        form=form,
        action_form=ActionForm(),
        answer_input=answer_input(question),
        choices=lettered_choices(question),
        log_note=LOG_NOTE,
        typed=typed,
        error=error,
        max_chars=answer_limit(question.kind),
        seconds_left=service.seconds_left(served, now) if question.kind == "explain" else None,
        explain_seconds=service.EXPLAIN_SECONDS,
        elapsed_ms=int((now - served.served_at).total_seconds() * 1000),
    ), status


@bp.post("/round/<int:round_id>/answer")
def answer(round_id: int):
    """Grade the current question's answer and move on; unreadable text comes back to fix.

    Unreadable text is kept as the question's draft and shown again after a redirect
    (post/redirect/get), so reloading that page never sends the answer again.
    """
    round_ = _round_or_404(round_id)
    form = RoundAnswerForm()
    typed = (form.answer.data or "")[:MAX_ANSWER_CHARS]
    owner = current_owner()
    if round_.status != "active":
        flash("This round is over; here is its summary.")
        return redirect(url_for("interview.summary", round_id=round_.id), code=303)
    if not form.validate_on_submit():
        abort(400, "The form could not be checked; please submit it again.")
    try:
        service.answer_current(round_, form.served_token.data or "", typed, owner, utcnow())
    except ParseError as problem:
        served = service.current_question(round_, owner, utcnow())
        if served is not None:
            practice_service.save_draft(served, typed)
            remember_problem(served.token, problem.message)
    except (service.NotCurrentQuestion, practice_service.AlreadyAnswered):
        flash(
            "That answer was for an earlier question (recorded already); here is the current one."
        )
    except service.RoundOver:
        pass
    return redirect(url_for("interview.round_page", round_id=round_.id), code=303)


def _reshow_after_csrf(message: str):
    """A CSRF failure on the answer form keeps the typed text (nothing is recorded)."""
    round_ = _round_or_404((request.view_args or {}).get("round_id", 0))
    served = service.current_question(round_, current_owner(), utcnow())
    if served is None:
        return redirect(url_for("interview.summary", round_id=round_.id), code=303)
    typed = request.form.get("answer", "")[:MAX_ANSWER_CHARS]
    return _render_question(
        round_, served, RoundAnswerForm(formdata=None), typed=typed, error=message, status=400
    )


CSRF_RESHOW["interview.answer"] = _reshow_after_csrf


@bp.get("/round/<int:round_id>/answer")
def answer_again(round_id: int):
    """The answer address opened directly (a reload after a refused form): the round."""
    return redirect(url_for("interview.round_page", round_id=round_id), code=303)


@bp.post("/round/<int:round_id>/abandon")
def abandon(round_id: int):
    """Stop the round; answers so far are kept and summarised."""
    round_ = _round_or_404(round_id)
    if not ActionForm().validate_on_submit():
        abort(400, "The form could not be checked; please press the button again.")
    service.abandon(round_, utcnow())
    flash("Round abandoned. The answers you gave are kept in your history.")
    return redirect(url_for("interview.summary", round_id=round_.id), code=303)


@bp.get("/round/<int:round_id>/summary")
def summary(round_id: int):
    """Score, time per question, misconceptions and what to review next."""
    round_ = _round_or_404(round_id)
    if round_.status == "active":
        return redirect(url_for("interview.round_page", round_id=round_.id), code=303)
    return render_template(
        "interview/summary.html", round=round_, report=service.round_report(round_)
    )
