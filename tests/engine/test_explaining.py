"""The meaning checker for "explain it" answers, measured on hand-labelled answers.

``explain_answers.yaml`` holds answers an interviewer would pass or fail (good ones in
varied wording, partial ones, keyword lists, negated and fluent-but-false statements,
off-topic text, one-liners); ``explain_answers_heldout.yaml`` a second batch written
after the rules were. ``explain_answers_blind.yaml`` and ``explain_answers_blind2.yaml``
were written by someone else from the prompts and key-point texts only, each answer
labelled at difficulty 3 and 1; the first before the checker was read, the second after
the fixes the first prompted, and measured before any further fix. Every set must agree
with the labels at least 90 % of the time, and no answer labelled fail may pass.

``explain_answers_blind3.yaml`` and ``explain_answers_blind4.yaml`` are wrong-but-fluent
batches: answers that are right but for one or two false statements of varied kinds (not
only the listed misconceptions), with good answers in varied voices. The first was
written before the checker was read and prompted its denials (each key point's meaning
with its relation contradicted); the second was written after, and measured before any
further fix.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from quizapp.engine.explaining import MIN_STATEMENTS, read_answer
from quizapp.engine.grading import grade
from quizapp.engine.questions import generate, registry

HERE = Path(__file__).parent
SETS = [
    "explain_answers.yaml",
    "explain_answers_heldout.yaml",
    "explain_answers_blind.yaml",
    "explain_answers_blind2.yaml",
    "explain_answers_blind3.yaml",
    "explain_answers_blind4.yaml",
]
#: Sets written to have every kind of answer; the second blind batch tried new voices instead.
FULL_SETS = SETS[:3]
#: Batches of fluent answers with one or two false statements, and good ones: no partials.
WRONG_BUT_FLUENT = SETS[4:]
AGREEMENT = 0.90
EXPLAIN_TYPES = sorted(t for t, q in registry().items() if q.kind == "explain")


def labelled(name: str) -> list[dict]:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SETS)
def test_labelled_answers_agree_and_no_fail_passes(name, capsys):
    """≥ 90 % agreement with the interviewer's labels and not one false pass."""
    items = labelled(name)
    agreed, false_passes, false_fails = 0, [], []
    cells: Counter[tuple[str, int, str]] = Counter()  # (type, level, outcome)
    for item in items:
        level = item.get("level", 1)
        question = generate(item["type"], 0, difficulty=level)
        result = grade(question, item["text"])
        wanted = item["label"] == "pass"
        if result.correct == wanted:
            agreed += 1
            outcome = "agree"
        elif result.correct:
            false_passes.append((item["type"], level, item["kind"], item["text"][:60]))
            outcome = "false pass"
        else:
            false_fails.append((item["type"], level, item["kind"], result.missed, result.diagnosis))
            outcome = "false fail"
        cells[item["type"], level, outcome] += 1
    share = agreed / len(items)
    with capsys.disabled():
        print(
            f"\n{name}: {len(items)} answers, agreement {agreed}/{len(items)} = {share:.1%}, "
            f"false passes {len(false_passes)}, false fails {len(false_fails)}"
        )
        for type_id, level in sorted({(t, lv) for t, lv, _ in cells}):
            counts = [cells[type_id, level, o] for o in ("agree", "false pass", "false fail")]
            print(
                f"  {type_id} at difficulty {level}: {counts[0]}/{sum(counts)} agree, "
                f"{counts[1]} false passes, {counts[2]} false fails"
            )
    assert not false_passes, false_passes
    assert share >= AGREEMENT, false_fails


@pytest.mark.parametrize("name", SETS)
def test_labelled_sets_cover_every_type_and_kind(name):
    items = labelled(name)
    assert {item["type"] for item in items} == set(EXPLAIN_TYPES)
    kinds = {item["kind"] for item in items}
    assert {"good", "wrong"} | ({"partial"} if name not in WRONG_BUT_FLUENT else set()) <= kinds
    if name in FULL_SETS:
        assert {"good", "keywords", "negated", "wrong", "off_topic", "one_liner"} <= kinds
    assert {item["label"] for item in items} == {"pass", "fail"}


@pytest.mark.parametrize("name", SETS)
def test_answers_labelled_fail_fail_at_every_level(name):
    """A keyword list, a negation or a false claim fails however few points are asked."""
    for item in labelled(name):
        if item["label"] == "fail" and item["kind"] != "partial":
            for level in (1, 2, 3):
                question = generate(item["type"], 0, difficulty=level)
                assert not grade(question, item["text"]).correct, (level, item["text"][:60])


#: Terms from the old phrase lists, comma-separated: the old checker passed this 15/15.
KEYWORDS = (
    "classification, classifier, probability distribution, predicted probabilities, log, "
    "-log, infinity, confident mistakes, one-hot, true class, softmax, soft-max, gradient, "
    "derivative, prediction minus target"
)


@pytest.mark.parametrize("level", [1, 2, 3])
def test_keyword_list_fails(level):
    question = generate("explain_cross_entropy_loss", 0, difficulty=level)
    result = grade(question, KEYWORDS)
    assert not result.correct and result.covered == [] and result.score == 0.0
    assert result.diagnosis == "not_sentences"
    listed = grade(question, "It has " + KEYWORDS.replace(", ", ". It has ") + ".")
    assert not listed.correct and listed.covered == []


def test_negated_statement_fails():
    question = generate("explain_cross_entropy_loss", 0, difficulty=1)
    for text in (
        "not for classification, no probability distribution, no log, no one-hot",
        "It is not for classification. There is no probability distribution, no log and "
        "no one-hot target.",
    ):
        result = grade(question, text)
        assert not result.correct and result.covered == [] and result.score == 0.0


def test_without_bound_is_a_claim_not_a_negation():
    """Saying "grows without bound" makes the point; "does not grow without bound" denies it."""
    question = generate("explain_why_log", 0, difficulty=3)
    said = read_answer("The loss grows without bound as p falls.", question.key_points)
    denied = read_answer("The loss does not grow without bound.", question.key_points)
    assert "unbounded" in said.evidence and "unbounded" not in denied.evidence
    assert "unbounded" in read_answer("The loss is not bounded.", question.key_points).evidence


def test_one_liner_fails_even_when_it_makes_points():
    question = generate("explain_why_log", 0, difficulty=1)
    text = (
        "A perfect prediction costs nothing because log 1 is 0, while the loss grows without "
        "bound as the probability goes to 0, so confident mistakes are punished far harder."
    )
    result = grade(question, text)
    assert len(result.covered) >= 3 and not result.correct
    assert result.diagnosis == "not_sentences" and str(MIN_STATEMENTS) in result.message


def test_feedback_names_the_sentence_behind_each_point():
    question = generate("explain_entropy_vs_cross_entropy", 0, difficulty=3)
    first = "Entropy is the average surprisal under the true distribution."
    second = "Cross-entropy is never smaller than the entropy, and the gap is the KL divergence."
    result = grade(question, f"{first} {second}")
    assert result.evidence == {"entropy": first, "inequality": second, "kl": second}
    assert set(result.covered) == set(result.evidence)


def test_false_claim_is_quoted_and_corrected():
    question = generate("explain_entropy_vs_cross_entropy", 0)
    text = (
        "Entropy is the average surprise under p and cross-entropy uses the predicted q. "
        "The entropy is always larger than the cross-entropy, and they are equal only when "
        "q = p."
    )
    result = grade(question, text)
    assert not result.correct and result.diagnosis == "false_claim"
    assert "“The entropy is always larger than the cross-entropy" in result.message
    assert "never smaller than the entropy" in result.message


def test_formulas_make_points_but_do_not_replace_sentences():
    """A line with a relation is a statement that can make a point; formulas alone fail."""
    question = generate("explain_entropy_vs_cross_entropy", 0, difficulty=1)
    formulas = "H(p) = -Σ p log p. H(p,q) = -Σ p log q. H(p,q) ≥ H(p). H(p,q) = H(p) + KL."
    result = grade(question, formulas)
    assert "inequality" in result.covered and result.diagnosis == "not_sentences"
    worded = (
        "Entropy is the average surprisal under the true distribution p. Cross-entropy "
        "scores the same outcomes with the model's q. H(p,q) ≥ H(p), with equality iff q = p."
    )
    assert grade(question, worded).correct


def test_notes_read_arrows_colons_and_symbols():
    question = generate("explain_why_log", 0, difficulty=3)
    reading = read_answer("p → 0 ⇒ L → ∞.", question.key_points)
    assert "unbounded" in reading.evidence  # "→" is "goes to", L the loss
    question = generate("explain_entropy_vs_cross_entropy", 0, difficulty=3)
    note = "Entropy H(p): avg. number of bits to encode samples from p with the optimal code."
    assert "entropy" in read_answer(note, question.key_points).evidence


def test_a_disowned_false_claim_is_not_made_but_an_asserted_one_is():
    question = generate("explain_entropy_vs_cross_entropy", 0, difficulty=3)
    points, claims = question.key_points, question.false_claims
    for text in (
        "A common mistake is to think cross-entropy is symmetric, but it is not.",
        "People sometimes think cross-entropy is symmetric; H(p,q) and H(q,p) differ.",
    ):
        assert not read_answer(text, points, claims).false_claims, text
    asserted = "Some say they differ, but cross-entropy is symmetric."
    assert [c.id for c, _ in read_answer(asserted, points, claims).false_claims] == ["symmetric"]


def test_a_false_claim_is_about_what_the_sentence_names_first():
    """ "barely punished" is about 1 − p when the sentence is about 1 − p, not about the log."""
    question = generate("explain_why_log", 0, difficulty=3)
    points, claims = question.key_points, question.false_claims
    about_difference = (
        "With 1 - p instead of the log, a confident mistake barely costs more than a small one."
    )
    about_log = (
        "The log makes the loss grow more slowly than a plain difference, so confident "
        "mistakes are punished more gently."
    )
    assert not read_answer(about_difference, points, claims).false_claims
    assert read_answer(about_log, points, claims).false_claims


#: Wrong-but-fluent answers that the list of false claims let through: each passed before
#: every key point brought its own denial (see ``explaining.deny``).
PROBES = {
    "explain_binary_vs_categorical": (
        "Binary cross-entropy is for two classes with a single sigmoid output giving p, and "
        "the loss is -(y log p + (1-y) log(1-p)). Categorical cross-entropy is for many "
        "classes with a softmax. They are completely different and give different numbers "
        "even for two classes."
    ),
    "explain_why_log": (
        "We use the log because it makes the loss linear in the probability, which keeps the "
        "gradient constant. A perfect prediction costs zero since log 1 is 0. As p goes to 0 "
        "the loss goes to infinity, so confident mistakes are punished hard. It also turns the "
        "product of likelihoods into a sum."
    ),
}


@pytest.mark.parametrize("type_id", sorted(PROBES))
@pytest.mark.parametrize("level", [1, 2, 3])
def test_a_sentence_that_denies_a_key_point_fails_the_answer(type_id, level):
    result = grade(generate(type_id, 0, difficulty=level), PROBES[type_id])
    assert not result.correct and result.diagnosis == "false_claim"


def test_the_denial_quotes_the_sentence_and_gives_the_point():
    question = generate("explain_binary_vs_categorical", 0, difficulty=1)
    result = grade(question, PROBES["explain_binary_vs_categorical"])
    assert "“They are completely different" in result.message
    equivalence = next(p for p in registry()[question.type_id].points if p.id == "equivalence")
    assert equivalence.text in result.message


def test_a_point_is_not_earned_next_to_its_contrary():
    """ "keeps the gradient constant" names the gradient but says the opposite of p − y."""
    question = generate("explain_why_log", 0, difficulty=3)
    points = question.key_points
    said = "With softmax the gradient is simply the prediction minus the target."
    assert "gradient" in read_answer(said, points).evidence
    contrary = "It makes the loss linear, which keeps the gradient constant."
    assert "gradient" not in read_answer(contrary, points).evidence
    found = read_answer(contrary, points, question.false_claims).false_claims
    assert found and all(c.denies for c, _ in found)  # of the gradient, or of unbounded


@pytest.mark.parametrize(
    ("type_id", "text", "claim"),
    [
        # an opposite of the relation: bounded against unbounded, product against sum …
        ("explain_why_log", "The loss levels off as p goes to 0.", "denies_unbounded"),
        ("explain_multilabel", "We multiply the per-label losses together.", "denies_sum"),
        (
            "explain_cross_entropy_loss",
            "The gradient with respect to the logits is the target minus the prediction.",
            "denies_gradient",
        ),
        (
            "explain_entropy_vs_cross_entropy",
            "The two are the same when the predicted distribution is uniform.",
            "denies_equality",
        ),
        (
            "explain_binary_vs_categorical",
            "With two classes categorical cross-entropy gives twice the binary loss.",
            "denies_equivalence",
        ),
        (
            "explain_why_log",
            "A plain difference 1 - p would work just as well for confident mistakes.",
            "denies_vs_difference",
        ),
        # … or the relation negated
        (
            "explain_binary_vs_categorical",
            "Categorical cross-entropy handles classes that are not mutually exclusive.",
            "denies_categorical",
        ),
        (
            "explain_multilabel",
            "Absent labels do not count towards the loss of the example.",
            "absent_ignored",  # listed too: the list is read first
        ),
    ],
)
def test_a_denial_is_derived_for_the_point_it_contradicts(type_id, text, claim):
    question = generate(type_id, 0, difficulty=1)
    found = read_answer(text, question.key_points, question.false_claims).false_claims
    assert claim in {c.id for c, _ in found}, [c.id for c, _ in found]


@pytest.mark.parametrize(
    ("type_id", "text"),
    [
        # the opposite said of something else, supposed, or contrasted
        ("explain_why_log", "A plain difference like 1 - p would be bounded by one."),
        ("explain_why_log", "Unlike a plain difference, which is bounded, the log blows up."),
        ("explain_multilabel", "For multi-class we'd use a softmax, where classes compete."),
        # the point and its opposite for another case, in that order
        ("explain_why_log", "The loss is zero for p = 1 and infinite for p = 0."),
        ("explain_multilabel", "We sum the per-label losses, not average them."),
        ("explain_entropy_vs_cross_entropy", "Cross-entropy is bounded below by the entropy."),
    ],
)
def test_no_denial_is_read_into_a_contrast_or_a_correction(type_id, text):
    question = generate(type_id, 0, difficulty=1)
    found = read_answer(text, question.key_points, question.false_claims).false_claims
    assert not [c.id for c, _ in found if c.denies], [c.id for c, _ in found]


def test_it_is_read_as_the_subject_before_it():
    """ "It uses a sigmoid" after "Categorical CE is for many classes" is about categorical CE."""
    question = generate("explain_binary_vs_categorical", 0, difficulty=1)
    text = (
        "Categorical cross-entropy is for many mutually exclusive classes. It puts an "
        "independent sigmoid on each output."
    )
    found = read_answer(text, question.key_points, question.false_claims).false_claims
    assert "categorical_sigmoid" in {c.id for c, _ in found}


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("A prediction of 0.5 for the true class already costs more than one of 0.01.", True),
        ("A prediction of 0.01 for the true class costs far more than one of 0.5.", False),
        ("At p = 0.9 the loss is lower than at p = 0.1.", False),
        ("At p = 0.9 the loss is higher than at p = 0.1.", True),
        ("A probability of 0.9 on a wrong class costs more than 0.1 on it.", False),
    ],
)
def test_numbers_that_put_the_cost_in_the_wrong_order_are_a_false_claim(text, wrong):
    """The loss falls as the true class's probability rises, whatever the wording."""
    question = generate("explain_why_log", 0, difficulty=1)
    found = read_answer(text, question.key_points, question.false_claims).false_claims
    assert ("cost_order_reversed" in {c.id for c, _ in found}) == bool(wrong), text


def test_it_later_in_a_sentence_is_read_as_its_subject():
    question = generate("explain_entropy_vs_cross_entropy", 0, difficulty=1)
    text = "Entropy measures uncertainty, and for a peaked distribution it can be negative."
    found = read_answer(text, question.key_points, question.false_claims).false_claims
    assert "negative_entropy" in {c.id for c, _ in found}
