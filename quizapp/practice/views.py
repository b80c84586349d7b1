"""Practice pages up to the answer: start, question, hints, answer, fixed links, preview.

Views parse the request, call the practice service, then redirect or render; the pages
after an answer (feedback, try again, next) are in ``practice.after``.
"""

from __future__ import annotations

import json

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from quizapp.engine.answers import ParseError, parse_answer
from quizapp.engine.limits import answer_limit
from quizapp.engine.questions import TOPICS, Question
from quizapp.main.errors import CSRF_RESHOW
from quizapp.main.session_state import (
    preferred_difficulty,
    remember_difficulty,
    remember_problem,
    take_problem,
)
from quizapp.models import ServedQuestion, utcnow
from quizapp.operations.read_only import read_only
from quizapp.practice import bp
from quizapp.practice.forms import (
    DIFFICULTY_RULE,
    MAX_ANSWER_CHARS,
    AnswerForm,
    StartForm,
    choices_of,
)
from quizapp.practice.served import PRACTICE_KEY, question_of, serve_and_show, served_or_abort
from quizapp.rendering.authored import render_question_text
from quizapp.rendering.question_pages import (
    LOG_NOTE,
    answer_input,
    difficulty_label,
    lettered_choices,
)
from quizapp.services import practice as service
from quizapp.services import tries
from quizapp.services.assignment_policy import AttemptRefused
from quizapp.services.journey import journey_of

MAX_PREVIEW_CHARS = 300


@bp.get("/")
def start():
    """Choose topics and difficulty."""
    form = StartForm(data=_start_defaults())
    form.topics.choices = choices_of(service.available_topics().items())
    return render_template("practice/start.html", form=form, difficulty_rule=DIFFICULTY_RULE)


def _start_defaults() -> dict[str, object]:
    chosen = session.get(PRACTICE_KEY, {})
    return {"topics": chosen.get("topics", []), "difficulty": str(preferred_difficulty())}


@bp.post("/")
def begin():
    """Remember the choice in the session and serve the first question."""
    form = StartForm()
    form.topics.choices = choices_of(service.available_topics().items())
    if not form.validate_on_submit():
        page = render_template("practice/start.html", form=form, difficulty_rule=DIFFICULTY_RULE)
        return page, 422
    topics = form.topics.data or list(service.available_topics())
    difficulty = int(form.difficulty.data)
    session[PRACTICE_KEY] = {"topics": topics, "difficulty": difficulty}
    remember_difficulty(difficulty)
    return serve_and_show(service.pick_type(topics), difficulty)


@bp.get("/question/<token>")
@read_only
def question(token: str):
    """Show a served question (an answered one goes to its feedback)."""
    served = served_or_abort(token)
    if served.answered_at is not None:
        return redirect(url_for("practice.feedback", token=token), code=303)
    return _render_question(
        served,
        question_of(served),
        typed=served.draft_answer or "",
        error=take_problem(token),
    )


def _render_question(
    served: ServedQuestion,
    question: Question,
    *,
    typed: str = "",
    error: str | None = None,
    status: int = 200,
):
    journey = journey_of(served, utcnow())
    # A later try's page names its try number and what the try before it answered.
    state = tries.try_state(served.token, later_try=True) if tries.is_retry(served) else None
    return render_template(
        "practice/question.html",
        served=served,
        journey=journey,
        nav_section=journey.section,
        retry=state.this_try if state is not None else None,
        previous_answer=state.previous_answer if state is not None else None,
        q=question,
        topic_title=TOPICS.get(question.topic, ""),
        prompt=render_question_text(question, question.prompt),
        answer_input=answer_input(question),
        choices=lettered_choices(question),
        hints=[render_question_text(question, h) for h in question.hints[: served.hints_revealed]],
        hints_left=len(question.hints) - served.hints_revealed,
        difficulty=difficulty_label(question),
        log_note=LOG_NOTE,
        typed=typed,
        error=error,
        max_chars=answer_limit(question.kind),
    ), status


@bp.post("/question/<token>")
def answer(token: str):
    """Grade the answer once; unreadable text comes back with the message and is not recorded.

    Unreadable text is kept as the question's draft and the page is shown again by a
    redirect (post/redirect/get), so reloading it never sends the answer again.
    """
    served = served_or_abort(token)
    # Read without an AnswerForm: CSRFProtect checked the token before this view, and the
    # form had nothing else to check here (building it cost 4 % of this POST).
    typed = request.form.get("answer", "")[:MAX_ANSWER_CHARS]
    sent_for = request.form.get("served_token")
    if sent_for and sent_for != token:
        abort(400, "This answer was sent for a different question. Open the question again.")
    if served.answered_at is not None:
        flash("This question was already answered; here is the recorded result.")
        return redirect(url_for("practice.feedback", token=token), code=303)
    question = question_of(served)
    try:
        tries.record_answer(served, typed, question)
    except ParseError as problem:
        service.save_draft(served, typed)
        remember_problem(token, problem.message)
        return redirect(url_for("practice.question", token=token), code=303)
    except service.AlreadyAnswered:
        flash("This question was already answered; here is the recorded result.")
    except AttemptRefused as refusal:  # a second attempt at an item of a "once" assignment
        flash(str(refusal), "error")
        return redirect(url_for("assignments.page", assignment_id=served.assignment_id), code=303)
    return redirect(url_for("practice.feedback", token=token), code=303)


def _reshow_after_csrf(message: str):
    """A CSRF failure on the answer form keeps the typed text (nothing is recorded)."""
    token = (request.view_args or {}).get("token", "")
    served = served_or_abort(token)
    if served.answered_at is not None:
        return redirect(url_for("practice.feedback", token=token), code=303)
    typed = request.form.get("answer", "")[:MAX_ANSWER_CHARS]
    return _render_question(
        served,
        question_of(served),
        typed=typed,
        error=message,
        status=400,
    )


CSRF_RESHOW["practice.answer"] = _reshow_after_csrf
CSRF_RESHOW["practice.hint"] = _reshow_after_csrf


@bp.post("/question/<token>/hint")
def hint(token: str):
    """Reveal the next hint, keep the typed answer as a draft, and show the question again.

    Post/redirect/get: the page after a hint is the question's own address, so reloading
    it neither re-sends the form nor lands on this POST-only address. The score penalty
    comes from grading.
    """
    served = served_or_abort(token)
    if served.answered_at is not None:
        return redirect(url_for("practice.feedback", token=token), code=303)
    form = AnswerForm()
    if form.validate_on_submit():
        upto = form.reveal.data if form.reveal.data is not None else served.hints_revealed + 1
        service.reveal_hint(served, question_of(served), upto)
        service.save_draft(served, (form.answer.data or "")[:MAX_ANSWER_CHARS])
    return redirect(url_for("practice.question", token=token), code=303)


@bp.get("/question/<token>/hint")
def question_again(token: str):
    """A POST-only address opened directly (a bookmark, a reopened tab): show the question."""
    return redirect(url_for("practice.question", token=token), code=303)


@bp.get("/q/<type_id>")
def fixed(type_id: str):
    """Open exactly one question from a link: fixed params and/or seed (instructor previews)."""
    if not service.is_known_type(type_id):
        abort(404, f"There is no question type called “{type_id[:80]}”. Pick one from Practise.")
    raw_params = request.args.get("params")
    raw_seed = request.args.get("seed")
    difficulty = request.args.get("difficulty", str(preferred_difficulty()))
    try:
        params = json.loads(raw_params) if raw_params else None
    except ValueError as problem:
        abort(400, f"The params in this link are not valid JSON ({problem}).")
    except RecursionError:
        abort(400, "The params in this link are nested too deeply.")
    try:
        return serve_and_show(
            type_id,
            difficulty,
            params=params,
            seed=raw_seed,
            origin="link",
        )
    except (ValueError, TypeError, KeyError) as problem:
        # Params come from the link's author: any complaint about them is a 400 with its reason.
        current_app.logger.info("fixed link refused: %s %r: %s", type_id, params, problem)
        abort(400, f"This question link cannot be opened: {problem}")


@bp.get("/preview")
def preview():
    """How typed text will be read: {"reading": …} or {"error": …} (for the live preview)."""
    text = request.args.get("text", "")
    expect = request.args.get("expect", "number")
    if expect not in ("number", "vector"):
        return jsonify(error="expect must be 'number' or 'vector'."), 400
    length_arg = request.args.get("length", "")
    valid_length = length_arg.isascii() and length_arg.isdecimal() and 0 < int(length_arg) <= 100
    length = int(length_arg) if valid_length else None
    if len(text) > MAX_PREVIEW_CHARS:
        return jsonify(error=f"That answer is too long; keep it under {MAX_PREVIEW_CHARS}.")
    try:
        parsed = parse_answer(
            text,
            expect=expect,
            allow_percent=request.args.get("percent") == "1",
            length=length,
        )
    except ParseError as problem:
        return jsonify(error=problem.message)
    return jsonify(reading=parsed.reading)
