"""Moodle XML, parsed back and checked against what Moodle's XML importer reads."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from set_samples import CE_ITEM, make_set
from xss_checks import PAYLOAD, TITLE, hostile_items, live_markup

from quizapp.sets.items import item_question
from quizapp.sets.moodle import to_moodle_xml
from quizapp.sets.problems import SetFileError

CHOICE = {
    "id": "which-loss",
    "kind": "choice",
    "title": "Multi-label loss",
    "prompt": "Which loss suits **multi-label** classification?",
    "shuffle": True,
    "options": [
        {"id": "bce", "text": "One BCE per label, summed", "correct": True, "feedback": "Yes."},
        {"id": "cce", "text": "Categorical cross-entropy", "feedback": "That needs one class."},
        {"id": "mse", "text": "Mean squared error"},
    ],
}
EXPLAIN = {
    "id": "one-minute",
    "kind": "explain",
    "prompt": "Explain cross-entropy loss in one minute.",
    "key_points": [{"id": "log", "text": "It is −log of the true class's probability"}],
    "model_answer": "It is the negative log of the probability given to the true class.",
}
VECTOR = {
    "id": "grad",
    "kind": "vector",
    "prompt": "softmax([0, 0]) − [1, 0]?",
    "answer": [-0.5, 0.5],
    "mistakes": [{"answer": [0.5, 0.5], "message": "Subtract the target {#~}.", "code": "no_y"}],
}
TEMPLATE = {"id": "bce", "kind": "template", "type": "bce", "difficulty": 1}


def export(*items: dict, **options) -> ET.Element:
    text = to_moodle_xml(make_set(*items), **options)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    return ET.fromstring(text)


def questions(root: ET.Element, kind: str) -> list[ET.Element]:
    return [q for q in root.findall("question") if q.get("type") == kind]


def test_every_question_has_what_the_importer_needs():
    """A quiz root; each question a type, a name, html question text and general feedback."""
    root = export(CE_ITEM, CHOICE, EXPLAIN, VECTOR, TEMPLATE, instances=3)
    assert root.tag == "quiz"
    category = root.find("question")
    assert category.get("type") == "category"
    assert category.findtext("category/text") == "$course$/top/Losses, by hand"
    kinds = [q.get("type") for q in root.findall("question")[1:]]
    assert kinds == ["numerical"] * 3 + ["multichoice", "essay", "cloze"] + ["numerical"] * 3
    for question in root.findall("question")[1:]:
        assert question.findtext("name/text")
        assert question.find("questiontext").get("format") == "html"
        assert question.findtext("questiontext/text").strip()
        assert question.find("generalfeedback").get("format") == "html"
        assert question.findtext("defaultgrade") == "1"
        for answer in question.findall("answer"):
            assert answer.get("fraction") in ("0", "100")


def test_formula_items_become_drawn_numerical_questions_with_absolute_tolerances():
    """Instance n is seed n; Moodle's absolute tolerance is our relative one at that value."""
    root = export(CE_ITEM, instances=4, seed=10)
    numerical = questions(root, "numerical")
    assert [q.findtext("name/text") for q in numerical] == [
        f"Cross-entropy of one prediction ({n})" for n in range(1, 5)
    ]
    for offset, question in enumerate(numerical):
        instance = item_question(CE_ITEM, 10 + offset)
        right, *wrong = question.findall("answer")
        assert right.get("fraction") == "100"
        assert float(right.findtext("text")) == instance.answer
        assert float(right.findtext("tolerance")) == pytest.approx(0.01 * instance.answer)
        mistake = instance.misconceptions[0]
        assert [float(a.findtext("text")) for a in wrong] == [mistake.value]
        assert float(wrong[0].findtext("tolerance")) == pytest.approx(0.01 * mistake.value)
        assert "log base 2" in wrong[0].findtext("feedback/text")
        assert question.findtext("units/unit/unit_name") == "nats"
        assert question.findtext("unitgradingtype") == "0"
        assert "\\(q = {" in question.findtext("questiontext/text")  # LaTeX kept for MathJax
        assert "Worked solution" in question.findtext("generalfeedback/text")
    texts = {q.findtext("questiontext/text") for q in numerical}
    assert len(texts) > 1  # the instances differ


def test_a_fixed_item_is_exported_once_and_a_tiny_answer_keeps_its_floor():
    """No draws, one question; the abs floor applies when rel·|answer| is smaller."""
    item = {"id": "tiny", "kind": "numeric", "prompt": "?", "answer": 1e-10,
            "tolerance": {"rel": 0.01, "abs": 1e-8}}  # fmt: skip
    (question,) = questions(export(item, instances=5), "numerical")
    assert question.findtext("name/text") == "tiny"
    assert float(question.findtext("answer/tolerance")) == 1e-8
    assert question.findtext("showunits") == "3"  # no unit: no unit box


def test_choice_items_become_multichoice_with_per_option_feedback():
    """One right answer, Moodle shuffles when the author asked, each option's feedback."""
    (question,) = questions(export(CHOICE), "multichoice")
    assert question.findtext("single") == "true"
    assert question.findtext("shuffleanswers") == "true"
    answers = question.findall("answer")
    assert [a.get("fraction") for a in answers].count("100") == 1
    by_text = {a.findtext("text"): a for a in answers}
    right = by_text["One BCE per label, summed"]
    assert right.get("fraction") == "100" and "Yes." in right.findtext("feedback/text")
    assert "one class" in by_text["Categorical cross-entropy"].findtext("feedback/text")
    assert "<strong>multi-label</strong>" in question.findtext("questiontext/text")


def test_template_items_bring_their_worked_solution_and_mistakes():
    """A built-in type's numbers, worked solution and misconceptions, per instance."""
    root = export(TEMPLATE, instances=2)
    for seed, question in enumerate(questions(root, "numerical")):
        instance = item_question(TEMPLATE, seed)
        assert float(question.findtext("answer/text")) == instance.answer
        fractions = [a.get("fraction") for a in question.findall("answer")]
        assert fractions == ["100"] + ["0"] * len(instance.misconceptions)
        assert "<math" in question.findtext("generalfeedback/text")


def test_explain_items_become_essays_with_the_model_answer_for_the_grader():
    """Moodle essays are marked by hand: the key points and model answer go to graderinfo."""
    (question,) = questions(export(EXPLAIN), "essay")
    info = question.findtext("graderinfo/text")
    assert "true class" in info and "Key points" in info
    assert question.find("graderinfo").get("format") == "html"
    assert question.findtext("responseformat") == "editor"


def test_vector_items_become_cloze_with_one_numerical_gap_per_entry():
    """{1:NUMERICAL:=value:tolerance#…~%0%mistake:tolerance#message}; } # ~ / \" \\ escaped."""
    (question,) = questions(export(VECTOR), "cloze")
    text = question.findtext("questiontext/text")
    gaps = re.findall(r"\{1:NUMERICAL:(.*?)\}</li>", text)
    assert len(gaps) == 2
    assert gaps[0] == "=-0.5:0.005#Correct~%0%0.5:0.005#Subtract the target {\\#\\~\\}."


def test_text_that_would_end_cdata_or_break_xml_survives():
    """A title with & and <, a message with ]]>: parsed back, names HTML-escaped (Moodle's
    importer strips tags from names with PARAM_TEXT and shows them as HTML, so the escaped
    form is what shows them as written)."""
    item = {**CE_ITEM, "title": "<b> & ]]> </b>"}
    item["mistakes"] = [{**CE_ITEM["mistakes"][0], "message": "Bits ]]> <script>x</script>"}]
    data = make_set(item)
    data["title"] = "A/B & <C>"
    root = ET.fromstring(to_moodle_xml(data, instances=1))
    assert root.find("question").findtext("category/text") == "$course$/top/A//B &amp; &lt;C&gt;"
    question = questions(root, "numerical")[0]
    assert question.findtext("name/text") == "&lt;b&gt; &amp; ]]&gt; &lt;/b&gt;"
    feedback = question.findall("answer")[1].findtext("feedback/text")
    assert "Bits ]]&gt;" in feedback and "<script" not in feedback


def test_draws_without_a_finite_answer_are_skipped():
    """Only instances with an answer are exported."""
    item = {
        "id": "z",
        "kind": "formula",
        "prompt": "p = {p}",
        "variables": {"p": {"list": [0.5, 0.25, 0.75]}},
        "answer": "1 / (p - 0.5)",
    }
    numerical = questions(export(item, instances=3), "numerical")
    assert len(numerical) == 3
    assert all(float(q.findtext("answer/text")) in (-4.0, 4.0) for q in numerical)


def test_an_invalid_set_is_not_exported():
    """The same problems as an import would list."""
    with pytest.raises(SetFileError, match=r"items\[0\]\.answer"):
        to_moodle_xml(make_set({**CE_ITEM, "answer": "-ln(x)"}))
    with pytest.raises(ValueError, match="instances"):
        to_moodle_xml(make_set(CE_ITEM), instances=0)


def test_authored_payloads_reach_moodle_as_text_never_as_markup():
    """Parseable XML; every HTML text (what Moodle cleans, then MathJax typesets) is inert,
    MathJax's link commands are gone, and names are HTML-escaped (Moodle shows names as HTML)."""
    data = {**make_set(*hostile_items()), "title": TITLE, "description": PAYLOAD}
    root = ET.fromstring(to_moodle_xml(data, instances=2))
    html_texts = [
        element.findtext("text")
        for element in root.iter()
        if element.get("format") == "html" and element.find("text") is not None
    ]
    assert len(html_texts) > 20
    for html in html_texts:
        assert live_markup(html or "") == [], html
        assert "\\href" not in (html or "")
    assert any("&lt;script&gt;window.__xss=1&lt;/script&gt;" in (h or "") for h in html_texts)
    names = [q.findtext("name/text") for q in root.findall("question")[1:]]
    category = root.find("question/category/text").text
    for plain in [*names, category]:
        assert "<" not in plain and "&lt;script&gt;" in plain, plain
    cloze = questions(root, "cloze")[0].findtext("questiontext/text")
    assert "#&lt;script&gt;window.__xss=1&lt;\\/script&gt;" in cloze  # escaped, then \/ for cloze
