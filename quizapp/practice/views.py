"""Practice pages. Views parse the request, call the practice service, then redirect or render."""

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

from quizapp.auth.guests import current_owner
from quizapp.engine.answers import ParseError, parse_answer
from quizapp.engine.limits import answer_limit
from quizapp.engine.questions import TOPICS, Question
from quizapp.main.errors import CSRF_RESHOW
from quizapp.models import ServedQuestion
from quizapp.practice import bp
from quizapp.practice.forms import (
    MAX_ANSWER_CHARS,
    ActionForm,
    AnswerForm,
    SelfAssessForm,
    StartForm,
    choices_of,
)
from quizapp.practice.presenting import (
    DIFFICULTY_LABELS,
    LOG_NOTE,
    answer_input,
    feedback_summary,
    lettered_choices,
    worked_solution,
)
from quizapp.rendering import render_prose
from quizapp.services import practice as service

PRACTICE_KEY = "practice"  # session: {"topics": [...], "difficulty": 1..3}
MAX_PREVIEW_CHARS = 300


def _serve_and_show(type_id: str, difficulty: int, **options) -> object:
    served = service.serve_question(
        type_id, difficulty=difficulty, owner=current_owner(create=True), **options
    )
    return redirect(url_for("practice.question", token=served.token), code=303)


def _served_or_abort(token: str) -> ServedQuestion:
    """The served question behind ``token`` if it belongs to this learner; else a clear 404."""
    served = service.find_served(token)
    if served is None or not service.owns(served, current_owner()):
        abort(
            404,
            "This question is not open in this browser session. If you started it while signed "
            "in, sign in again; otherwise start a new question from Practise.",
        )
    return served


def _question_of(row):
    """Regenerate a stored question; a type removed since then is a clear 410, not a 500."""
    try:
        return service.question_for(row)
    except ValueError as problem:
        current_app.logger.warning("cannot regenerate %s: %s", row.type_id, problem)
        abort(410, f"This question ({row.type_id}) can no longer be shown: {problem}")


@bp.get("/")
def start():
    """Choose topics and difficulty."""
    form = StartForm(data=_start_defaults())
    form.topics.choices = choices_of(service.available_topics().items())
    return render_template("practice/start.html", form=form)


def _start_defaults() -> dict[str, object]:
    chosen = session.get(PRACTICE_KEY, {})
    return {"topics": chosen.get("topics", []), "difficulty": str(chosen.get("difficulty", 1))}


@bp.post("/")
def begin():
    """Remember the choice in the session and serve the first question."""
    form = StartForm()
    form.topics.choices = choices_of(service.available_topics().items())
    if not form.validate_on_submit():
        return render_template("practice/start.html", form=form), 422
    topics = form.topics.data or list(service.available_topics())
    difficulty = int(form.difficulty.data)
    session[PRACTICE_KEY] = {"topics": topics, "difficulty": difficulty}
    return _serve_and_show(service.pick_type(topics), difficulty)


@bp.get("/question/<token>")
def question(token: str):
    """Show a served question (an answered one goes to its feedback)."""
    served = _served_or_abort(token)
    if served.answered_at is not None:
        return redirect(url_for("practice.feedback", token=token), code=303)
    return _render_question(served, _question_of(served), AnswerForm())


def _render_question(
    served: ServedQuestion,
    question: Question,
    form: AnswerForm,
    *,
    typed: str = "",
    error: str | None = None,
    status: int = 200,
):
    return render_template(
        "practice/question.html",
        served=served,
        q=question,
        topic_title=TOPICS.get(question.topic, ""),
        prompt=render_prose(question.prompt),
        form=form,
        answer_input=answer_input(question),
        choices=lettered_choices(question),
        hints=[render_prose(h) for h in question.hints[: served.hints_revealed]],
        hints_left=len(question.hints) - served.hints_revealed,
        difficulty=DIFFICULTY_LABELS.get(served.difficulty, ""),
        log_note=LOG_NOTE,
        typed=typed,
        error=error,
        max_chars=answer_limit(question.kind),
    ), status


@bp.post("/question/<token>")
def answer(token: str):
    """Grade the answer once; unreadable text comes back with the message and is not recorded."""
    served = _served_or_abort(token)
    form = AnswerForm()
    typed = (form.answer.data or "")[:MAX_ANSWER_CHARS]
    if form.served_token.data and form.served_token.data != token:
        abort(400, "This answer was sent for a different question. Open the question again.")
    if served.answered_at is not None:
        flash("This question was already answered; here is the recorded result.")
        return redirect(url_for("practice.feedback", token=token), code=303)
    question = _question_of(served)
    if not form.validate_on_submit():
        return _render_question(
            served,
            question,
            form,
            typed=typed,
            status=400,
            error="The form could not be checked; please submit it again.",
        )
    try:
        service.submit_answer(served, typed)
    except ParseError as problem:
        return _render_question(
            served, question, form, typed=typed, error=problem.message, status=422
        )
    except service.AlreadyAnswered:
        flash("This question was already answered; here is the recorded result.")
    return redirect(url_for("practice.feedback", token=token), code=303)


def _reshow_after_csrf(message: str):
    """A CSRF failure on the answer form keeps the typed text (nothing is recorded)."""
    token = (request.view_args or {}).get("token", "")
    served = _served_or_abort(token)
    if served.answered_at is not None:
        return redirect(url_for("practice.feedback", token=token), code=303)
    typed = request.form.get("answer", "")[:MAX_ANSWER_CHARS]
    return _render_question(
        served,
        _question_of(served),
        AnswerForm(formdata=None),
        typed=typed,
        error=message,
        status=400,
    )


CSRF_RESHOW["practice.answer"] = _reshow_after_csrf
CSRF_RESHOW["practice.hint"] = _reshow_after_csrf


@bp.post("/question/<token>/hint")
def hint(token: str):
    """Reveal the next hint; the typed answer is kept. The score penalty comes from grading."""
    served = _served_or_abort(token)
    if served.answered_at is not None:
        return redirect(url_for("practice.feedback", token=token), code=303)
    form = AnswerForm()
    question = _question_of(served)
    if form.validate_on_submit():
        upto = form.reveal.data if form.reveal.data is not None else served.hints_revealed + 1
        service.reveal_hint(served, question, upto)
    typed = (form.answer.data or "")[:MAX_ANSWER_CHARS]
    return _render_question(served, question, AnswerForm(formdata=None), typed=typed)


@bp.get("/feedback/<token>")
def feedback(token: str):
    """Right or wrong, the named misconception, the reading, and the worked solution."""
    served = _served_or_abort(token)
    attempt = service.find_attempt(token)
    if attempt is None:
        return redirect(url_for("practice.question", token=token), code=303)
    question = _question_of(attempt)
    result = service.regrade(attempt, question)
    return render_template(
        "practice/feedback.html",
        served=served,
        attempt=attempt,
        q=question,
        topic_title=TOPICS.get(question.topic, ""),
        prompt=render_prose(question.prompt),
        result=result,
        summary=feedback_summary(question, result),
        choices=lettered_choices(question),
        solution=worked_solution(question),
        assess_form=_self_assess_form(question, result),
        action_form=ActionForm(),
        difficulty=DIFFICULTY_LABELS.get(attempt.difficulty, ""),
    )


def _self_assess_form(question: Question, result) -> SelfAssessForm | None:
    if question.kind != "explain" or not result.missed:
        return None
    form = SelfAssessForm(formdata=None)
    form.points.choices = choices_of(
        (p.id, p.text) for p in question.key_points if p.id in result.missed
    )
    return form


@bp.post("/feedback/<token>/self-assess")
def self_assess(token: str):
    """Count key points the learner says they made; updates the recorded attempt."""
    _served_or_abort(token)
    attempt = service.find_attempt(token)
    if attempt is None:
        abort(404, "There is no recorded answer to assess yet.")
    question = _question_of(attempt)
    form = SelfAssessForm()
    form.points.choices = choices_of((p.id, p.text) for p in question.key_points)
    if question.kind != "explain":
        abort(400, "Only explanations can be self-assessed.")
    if form.validate_on_submit():
        claimed = sorted(set(form.points.data or []) | set(attempt.self_assessed or []))
        service.self_assess(attempt, question, claimed)
        flash("Your self-assessment is recorded with this answer.")
    return redirect(url_for("practice.feedback", token=token, _anchor="key-points"), code=303)


@bp.post("/another/<token>")
def another(token: str):
    """The same type and difficulty with a new seed drawn on the server."""
    served = _served_or_abort(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    return _serve_and_show(served.type_id, served.difficulty)


@bp.post("/next")
def next_question():
    """A random type from the topics chosen at the start (all topics if none were chosen)."""
    if not ActionForm().validate_on_submit():
        abort(400)
    chosen = session.get(PRACTICE_KEY) or {}
    topics = chosen.get("topics") or list(service.available_topics())
    difficulty = chosen.get("difficulty") if chosen.get("difficulty") in (1, 2, 3) else 1
    return _serve_and_show(service.pick_type(topics), difficulty)


@bp.get("/q/<type_id>")
def fixed(type_id: str):
    """Open exactly one question from a link: fixed params and/or seed (instructor previews)."""
    raw_params = request.args.get("params")
    raw_seed = request.args.get("seed")
    difficulty = request.args.get("difficulty", "1")
    try:
        params = json.loads(raw_params) if raw_params else None
    except ValueError as problem:
        abort(400, f"The params in this link are not valid JSON ({problem}).")
    except RecursionError:
        abort(400, "The params in this link are nested too deeply.")
    try:
        return _serve_and_show(
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
