r"""Moodle XML export, so an instructor can use a set in the LMS they already have.

Each item becomes Moodle questions inside one category named after the set:

- numeric, formula and numeric template items → ``numerical``, one per drawn instance (a
  fixed item once), the right answer first and each mistake after it as a 0 % answer with its
  message as feedback. Moodle's tolerance is absolute, so ``max(rel·|value|, abs)`` is written
  for each value. The unit is listed, not graded (``unitgradingtype`` 0).
- vector items → ``cloze`` with one NUMERICAL gap per entry;
- choice items → ``multichoice`` (one right option; per-option feedback);
- explain items → ``essay`` with the model answer and key points as grader information.

Question text keeps LaTeX as ``\( … \)`` for Moodle's MathJax filter. The general feedback is
the app's own worked solution, which is MathML and may hold an SVG plot; how much of it Moodle
shows depends on its HTML filtering.

Nothing an author wrote reaches Moodle as live markup: the HTML texts (in CDATA) are the
app's own cleaned rendering, with MathJax's link and style commands taken out of the TeX
(``rendering/authored.py``); names and category paths, which Moodle shows as HTML through
``format_string``, are HTML-escaped before they are XML-escaped, so Moodle shows them as
written. Moodle cleans HTML texts again itself (HTML Purifier) unless an author is trusted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from markupsafe import escape as html_escape

from quizapp.engine.questions.base import Question
from quizapp.rendering.authored import AUTHORED_FAMILY, render_inline_markdown, render_markdown
from quizapp.rendering.solutions import render_solution
from quizapp.sets.items import item_is_randomised, item_question
from quizapp.sets.problems import ItemError, SetFileError
from quizapp.sets.validate import validate_set

#: Seeds tried per wanted instance before giving up on draws without a finite answer.
TRIES_PER_INSTANCE = 4


def to_moodle_xml(data: Mapping[str, Any], *, instances: int = 5, seed: int = 0) -> str:
    """The set as Moodle XML: ``instances`` drawn instances of each randomised item.

    Raises ``SetFileError`` for an invalid set. Draws without a finite answer are skipped.
    """
    problems = validate_set(data)
    if problems:
        raise SetFileError(problems)
    if not 1 <= instances <= 100:
        raise ValueError(f"instances must be from 1 to 100, not {instances!r}")
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>", _category(data)]
    for item in data["items"]:
        # A shuffled choice item is one Moodle question that Moodle shuffles itself.
        drawn = item_is_randomised(item) and item["kind"] != "choice"
        questions = _instances(item, instances if drawn else 1, seed)
        for number, question in enumerate(questions, 1):
            name = question.title if len(questions) == 1 else f"{question.title} ({number})"
            parts.append(_question(question, name, f"{item['id']}-{number}", item))
    parts.append("</quiz>")
    return "\n".join(parts) + "\n"


def _instances(item: Mapping[str, Any], wanted: int, seed: int) -> list[Question]:
    found: list[Question] = []
    for offset in range(wanted * TRIES_PER_INSTANCE):
        try:
            found.append(item_question(item, seed + offset))
        except ItemError:
            continue
        if len(found) == wanted:
            break
    return found


def _cdata(html: str) -> str:
    """HTML as CDATA; a "]]>" inside is split so it cannot end the section early."""
    return "<![CDATA[" + str(html).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _plain(text: str) -> str:
    """Plain text for a field Moodle shows as HTML (a name): HTML-escaped, then XML-escaped."""
    return escape(str(html_escape(text)))


def _text(html: str) -> str:
    return f"<text>{_cdata(html)}</text>"


def _category(data: Mapping[str, Any]) -> str:
    path = "$course$/top/" + data["title"].replace("/", "//")  # Moodle escapes "/" as "//"
    info = render_markdown(data.get("description", ""), math="tex")
    return (
        '<question type="category">'
        f"<category><text>{_plain(path)}</text></category>"
        f'<info format="html">{_text(info)}</info>'
        "</question>"
    )


def _html(question: Question, text: str, *, inline: bool = False) -> str:
    """Authored Markdown, or an engine's prose, as HTML keeping ``\\( … \\)`` for MathJax."""
    if question.family == AUTHORED_FAMILY:
        render = render_inline_markdown if inline else render_markdown
        return str(render(text, math="tex"))
    return str(html_escape(text)) if inline else f"<p>{html_escape(text)}</p>"


def _question(question: Question, name: str, idnumber: str, item: Mapping[str, Any]) -> str:
    kind = {"numeric": "numerical", "vector": "cloze", "choice": "multichoice"}
    qtype = kind.get(question.kind, "essay")
    text = _html(question, question.prompt)
    if question.kind == "vector":
        text += _gaps(question)
    head = (
        f"<question type={quoteattr(qtype)}>"
        f"<name><text>{_plain(name)}</text></name>"
        f'<questiontext format="html">{_text(text)}</questiontext>'
        f'<generalfeedback format="html">{_text(render_solution(question))}</generalfeedback>'
        f"<idnumber>{escape(idnumber)}</idnumber>"
        "<defaultgrade>1</defaultgrade>"
        f"<penalty>{'0' if qtype == 'essay' else '0.3333333'}</penalty>"
        "<hidden>0</hidden>"
    )
    if qtype == "numerical":
        body = _numerical(question)
    elif qtype == "multichoice":
        body = _multichoice(question, shuffle=item["kind"] == "choice" and item.get("shuffle"))
    elif qtype == "essay":
        body = _essay(question)
    else:
        body = ""  # a cloze question's answers are the gaps in its text
    return head + body + "</question>"


def _tolerance(question: Question, value: float) -> float:
    """Moodle's absolute tolerance for ``value``: what our relative rule allows there."""
    return max(question.tolerance.rel * abs(value), question.tolerance.abs)


def _number(value: float) -> str:
    return repr(float(value))


def _numerical(question: Question) -> str:
    answer = float(question.answer)  # type: ignore[arg-type]
    parts = [
        '<answer fraction="100" format="moodle_auto_format">'
        f"<text>{_number(answer)}</text>"
        f"<tolerance>{_number(_tolerance(question, answer))}</tolerance>"
        f'<feedback format="html">{_text("<p>Correct.</p>")}</feedback>'
        "</answer>"
    ]
    for mistake in question.misconceptions:
        if not isinstance(mistake.value, int | float):
            continue
        value = float(mistake.value)
        parts.append(
            '<answer fraction="0" format="moodle_auto_format">'
            f"<text>{_number(value)}</text>"
            f"<tolerance>{_number(_tolerance(question, value))}</tolerance>"
            f'<feedback format="html">{_text(_html(question, mistake.message))}</feedback>'
            "</answer>"
        )
    if question.unit:
        parts.append(
            "<units><unit><multiplier>1</multiplier>"
            f"<unit_name>{escape(question.unit)}</unit_name></unit></units>"
        )
    show_units = 0 if question.unit else 3  # 0: a box for the unit; 3: no units at all
    parts.append(
        f"<unitgradingtype>0</unitgradingtype><unitpenalty>0</unitpenalty>"
        f"<showunits>{show_units}</showunits><unitsleft>0</unitsleft>"
    )
    return "".join(parts)


_CLOZE_SPECIAL = str.maketrans({c: "\\" + c for c in '}#~/"\\'})


def _gaps(question: Question) -> str:
    """One cloze NUMERICAL gap per entry, each with its own absolute tolerance."""
    gaps = []
    for index, value in enumerate(question.answer or []):  # type: ignore[union-attr]
        choices = [f"={_number(value)}:{_number(_tolerance(question, value))}#Correct"]
        for mistake in question.misconceptions:
            if isinstance(mistake.value, tuple) and len(mistake.value) > index:
                wrong = float(mistake.value[index])
                # HTML like every other text, then escaped for the cloze syntax.
                feedback = _html(question, mistake.message, inline=True).translate(_CLOZE_SPECIAL)
                choices.append(
                    f"%0%{_number(wrong)}:{_number(_tolerance(question, wrong))}#{feedback}"
                )
        gaps.append(f"<li>entry {index + 1}: {{1:NUMERICAL:{'~'.join(choices)}}}</li>")
    unit = f" <p>(in {html_escape(question.unit)})</p>" if question.unit else ""
    return f"<ol>{''.join(gaps)}</ol>{unit}"


def _multichoice(question: Question, *, shuffle: bool) -> str:
    feedback = {m.value: m.message for m in question.misconceptions}
    correct_feedback = question.explanation.get("correct_feedback") or "Correct."
    parts = [f"<single>true</single><shuffleanswers>{str(bool(shuffle)).lower()}</shuffleanswers>"
             "<answernumbering>abc</answernumbering>"]  # fmt: skip
    for choice in question.choices:
        right = choice.id == question.answer
        said = correct_feedback if right else feedback.get(choice.id, "")
        parts.append(
            f'<answer fraction="{100 if right else 0}" format="html">'
            f"{_text(_html(question, choice.text, inline=True))}"
            f'<feedback format="html">{_text(_html(question, said) if said else "")}</feedback>'
            "</answer>"
        )
    return "".join(parts)


def _essay(question: Question) -> str:
    points = "".join(
        f"<li>{_html(question, point.text, inline=True)}</li>" for point in question.key_points
    )
    info = f"<p>Key points:</p><ol>{points}</ol><p>Model answer:</p>"
    info += _html(question, question.model_answer)
    return (
        "<responseformat>editor</responseformat><responserequired>1</responserequired>"
        "<responsefieldlines>10</responsefieldlines><attachments>0</attachments>"
        "<attachmentsrequired>0</attachmentsrequired>"
        f'<graderinfo format="html">{_text(info)}</graderinfo>'
        f'<responsetemplate format="html">{_text("")}</responsetemplate>'
    )
