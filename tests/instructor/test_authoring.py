"""Writing a set in the browser: items of every kind, problems by their field, tests, publishing."""

from __future__ import annotations

import re

import pytest
from set_support import FORMULA, PEOPLE, TEMPLATE, flashes, form_data, formula, make_set

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion
from quizapp.models.question_set import QuestionSet, SetVersion

KIND_EXAMPLES = {
    "template": TEMPLATE,
    "formula": FORMULA,
    "numeric": {
        "id": "coin",
        "kind": "numeric",
        "prompt": "Cross-entropy of the loaded coin, in nats?",
        "answer": 4.5954,
        "tolerance": {"rel": 0.005},
        "mistakes": [{"answer": 6.6297, "code": "bits", "message": "That is in bits."}],
        "tests": [{"answer": "4.595", "expect": "correct"}, {"answer": "6.63", "expect": "bits"}],
    },
    "vector": {
        "id": "grad",
        "kind": "vector",
        "prompt": "The gradient for logits [1, 2] and target [0, 1]?",
        "answer": [0.2689, -0.2689],
        "tests": [{"answer": "[0.2689, -0.2689]", "expect": "correct"}],
    },
    "choice": {
        "id": "which",
        "kind": "choice",
        "prompt": "Which loss for multi-label classification?",
        "shuffle": True,
        "options": [
            {"id": "bce", "text": "A binary cross-entropy per label", "correct": True},
            {
                "id": "cce",
                "text": "Categorical cross-entropy",
                "feedback": "Labels are not exclusive.",
            },
        ],
        "tests": [{"answer": "cce", "expect": "chose_cce"}],
    },
    "explain": {
        "id": "why-log",
        "kind": "explain",
        "prompt": "Why the logarithm?",
        "key_points": [
            {"id": "zero", "text": "It is 0 when p = 1", "phrasings": ["zero when"]},
            {"id": "grows", "text": "It grows without bound", "phrasings": ["without bound"]},
        ],
        "model_answer": "It is zero when the prediction is right. It grows without bound "
        "as p falls.",
    },
}


def latest(app, set_id):
    with app.app_context():
        return (
            db.session.execute(
                db.select(SetVersion).filter_by(set_id=set_id).order_by(SetVersion.number.desc())
            )
            .scalars()
            .first()
        )


@pytest.fixture
def owner(as_):
    return as_("owner")


@pytest.fixture
def set_id(app, people):
    with app.app_context():
        return make_set(PEOPLE["owner"][0])


def test_creating_a_set_renders_its_description_as_markdown(app, owner, people):
    response = owner.post(
        "/instructor/sets/new", data={"title": "Losses", "description": "Say **why** \\(x^2\\)."}
    )
    assert response.status_code == 303
    page = owner.get(response.headers["Location"]).data
    assert b"<strong>why</strong>" in page and b"<math" in page
    with app.app_context():
        qset = db.session.execute(db.select(QuestionSet)).scalar_one()
        assert qset.owner_id == people["owner"]


def test_a_set_needs_a_title(owner, app):
    response = owner.post("/instructor/sets/new", data={"title": " ", "description": ""})
    assert response.status_code == 422 and b"Give the set a title." in response.data


@pytest.mark.parametrize("kind", list(KIND_EXAMPLES))
def test_each_kind_of_item_is_added_through_its_form_and_tested(app, owner, set_id, kind):
    item = KIND_EXAMPLES[kind]
    url = f"/instructor/sets/{set_id}/items/new?kind={kind}"
    assert owner.get(url).status_code == 200
    response = owner.post(url, data=form_data(app, item))
    assert response.status_code == 303, response.data[:3000]
    saved = latest(app, set_id).data["items"]
    assert saved == [item]
    page = owner.get(response.headers["Location"])
    assert "Every question test passes" in " ".join(flashes(page.data))
    assert b"test-pass" in page.data


def test_a_formula_item_from_hand_typed_fields(app, owner, set_id):
    """The YAML boxes as an instructor types them (not written by the app)."""
    data = {
        "item_id": "surprise",
        "title": "Surprise",
        "prompt": "How surprising is \\(p = {p}\\), in nats?",
        "variables": "p:\n  range: [0.1, 0.9]\n  step: 0.1\n",
        "answer": "-ln(p)",
        "tolerance_rel": "0.01",
        "unit": "nats",
        "mistakes": "- answer: -log2(p)\n  code: bits\n  message: You used bits.\n",
        "hints": "- Take minus the log.\n",
        "tests": '- answer: "{answer}"\n  expect: correct\n',
    }
    response = owner.post(f"/instructor/sets/{set_id}/items/new?kind=formula", data=data)
    assert response.status_code == 303
    (item,) = latest(app, set_id).data["items"]
    assert item["variables"] == {"p": {"range": [0.1, 0.9], "step": 0.1}}
    assert item["tolerance"] == {"rel": 0.01} and item["mistakes"][0]["code"] == "bits"


def errors_of(page: bytes) -> dict[str, list[str]]:
    """Field name → the error messages shown with it (inside its own field block)."""
    found = {}
    for chunk in page.decode().split('id="field-')[1:]:
        name = chunk.split('"', 1)[0]
        block = re.search(
            r'<ul class="field-error"[^>]*>(.*?)</ul>', chunk.split('id="field-')[0], re.S
        )
        if block:
            found[name] = re.findall(r"<li>(.*?)</li>", block.group(1))
    return found


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"answer": "-ln(x)"}, "answer", "uses &#39;x&#39;, which is not one of the variables"),
        ({"answer": "-ln(q"}, "answer", ""),
        ({"item_id": "Not A Slug"}, "item_id", "must be a short slug"),
        ({"tolerance_rel": "lots"}, "tolerance_rel", "expected a number"),
        ({"variables": "q: [0.1,\n"}, "variables", "line "),
        ({"variables": "q:\n  range: [0.9, 0.1]\n  step: 0.1"}, "variables", "high end is below"),
        (
            {"mistakes": "- answer: -log2(q)\n  code: log_base_2\n"},
            "mistakes",
            "mistakes[0].message, line 1: is required here",
        ),
        ({"tests": "- answer: 1\n  expect: bits_maybe"}, "tests", "expects &#39;bits_maybe&#39;"),
        ({"prompt": ""}, "prompt", "is required here"),
    ],
)
def test_a_bad_submit_shows_each_problem_by_its_field_and_saves_nothing(
    app, owner, set_id, changes, field, message
):
    url = f"/instructor/sets/{set_id}/items/new?kind=formula"
    data = {**form_data(app, FORMULA), **changes}
    response = owner.post(url, data=data)
    assert response.status_code == 422
    errors = errors_of(response.data)
    assert field in errors and message in " ".join(errors[field]), errors
    assert b"Nothing was saved" in response.data
    # What was typed is still in the form.
    typed = next(iter(changes.values()))
    if typed:
        assert typed.split("\n")[0].replace("'", "&#39;").encode() in response.data
    assert latest(app, set_id).data["items"] == []


def test_one_refused_field_does_not_hide_the_problems_of_the_others(app, owner, set_id):
    """The schema refuses the tolerance; the answer's unknown variable is still shown."""
    data = {
        **form_data(app, FORMULA),
        "tolerance_rel": "lots",
        "item_id": "Bad Id",
        "answer": "-ln(x)",
        "mistakes": "- answer: -log2(q)\n  code: log_base_2\n",
    }
    response = owner.post(f"/instructor/sets/{set_id}/items/new?kind=formula", data=data)
    errors = errors_of(response.data)
    assert set(errors) == {"tolerance_rel", "item_id", "answer", "mistakes"}, errors
    assert "not one of the variables" in errors["answer"][0]
    assert "tests" not in errors  # its codes name a mistake that is itself being fixed


def test_an_item_with_long_texts_is_not_refused_for_its_size(app, owner, set_id):
    """Item forms may be bigger than the app's usual 64 KiB body: texts go up to 20,000."""
    long = formula(
        prompt="q = {q}. " + "Think about it. " * 1200,
        explanation="x" * 19_000,
        hints=["h" * 4_000] * 10,
    )
    assert len(str(form_data(app, long))) > 64 * 1024
    response = owner.post(
        f"/instructor/sets/{set_id}/items/new?kind=formula", data=form_data(app, long)
    )
    assert response.status_code == 303
    assert latest(app, set_id).data["items"][0]["explanation"] == "x" * 19_000


def test_a_bad_edit_keeps_the_saved_item(app, owner, set_id):
    owner.post(f"/instructor/sets/{set_id}/items/new?kind=formula", data=form_data(app, FORMULA))
    url = f"/instructor/sets/{set_id}/items/{FORMULA['id']}/edit"
    response = owner.post(url, data={**form_data(app, FORMULA), "answer": "-ln(x)"})
    assert response.status_code == 422
    assert latest(app, set_id).data["items"] == [FORMULA]


def test_an_item_id_is_unique_in_the_set(app, owner, set_id):
    url = f"/instructor/sets/{set_id}/items/new?kind=formula"
    owner.post(url, data=form_data(app, FORMULA))
    response = owner.post(url, data=form_data(app, FORMULA))
    assert response.status_code == 422
    assert "already has the id" in " ".join(errors_of(response.data)["item_id"])


def test_items_are_reordered_duplicated_and_deleted_without_javascript(app, owner, set_id):
    base = f"/instructor/sets/{set_id}/items"
    owner.post(f"{base}/new?kind=formula", data=form_data(app, FORMULA))
    owner.post(f"{base}/new?kind=template", data=form_data(app, TEMPLATE))
    ids = lambda: [i["id"] for i in latest(app, set_id).data["items"]]  # noqa: E731
    assert owner.post(f"{base}/one-hot/move", data={"direction": "up"}).status_code == 303
    assert ids() == ["one-hot", "ce-true-class"]
    owner.post(f"{base}/one-hot/move", data={"direction": "up"})  # already first: stays
    assert ids() == ["one-hot", "ce-true-class"]
    response = owner.post(f"{base}/one-hot/duplicate")
    assert response.headers["Location"].endswith("/items/one-hot-copy")
    assert ids() == ["one-hot", "one-hot-copy", "ce-true-class"]
    assert b"Delete" in owner.get(f"{base}/one-hot-copy/delete").data
    assert owner.post(f"{base}/one-hot-copy/delete").status_code == 303
    assert ids() == ["one-hot", "ce-true-class"]
    assert owner.post(f"{base}/nope/move", data={"direction": "up"}).status_code == 404


def test_a_failing_question_test_shows_in_red_and_publishing_is_refused(app, owner, set_id):
    bad = formula(tests=[{"answer": "-log2({q})", "expect": "correct"}])
    owner.post(f"/instructor/sets/{set_id}/items/new?kind=formula", data=form_data(app, bad))
    page = owner.get(f"/instructor/sets/{set_id}").data
    assert b"item-failing" in page and b"1 question test fails" in page
    item_page = owner.get(f"/instructor/sets/{set_id}/items/{FORMULA['id']}").data
    assert b"test-row-fail" in item_page and b"log_base_2" in item_page
    response = owner.post(f"/instructor/sets/{set_id}/publish")
    assert "cannot be published while a question test fails" in " ".join(
        flashes(owner.get(response.headers["Location"]).data)
    )
    assert latest(app, set_id).status == "draft"
    # Fixed, it publishes.
    owner.post(
        f"/instructor/sets/{set_id}/items/{FORMULA['id']}/edit", data=form_data(app, FORMULA)
    )
    owner.post(f"/instructor/sets/{set_id}/publish")
    assert latest(app, set_id).status == "published"


def test_the_distinguishability_report_says_how_often_a_mistake_blurs(app, owner, set_id):
    """A mistake a hair from the answer is found in a share of the draws, and fails."""
    near = formula(
        mistakes=[{"answer": "-ln(q) + 0.003", "code": "near", "message": "Nearly."}], tests=[]
    )
    owner.post(f"/instructor/sets/{set_id}/items/new?kind=formula", data=form_data(app, near))
    page = owner.get(f"/instructor/sets/{set_id}/items/{FORMULA['id']}").data.decode()
    assert "Can each mistake be told apart?" in page
    assert re.search(r"in \d+ % of draws the mistake &#39;near&#39; is within tolerance", page)
    assert "<code>near</code>: told apart" not in page


def test_editing_a_published_set_makes_a_new_draft(app, owner, people):
    with app.app_context():
        set_id = make_set(PEOPLE["owner"][0], FORMULA, publish=True)
    owner.post(
        f"/instructor/sets/{set_id}/items/{FORMULA['id']}/edit",
        data=form_data(app, formula(title="Renamed")),
    )
    with app.app_context():
        versions = (
            db.session.execute(
                db.select(SetVersion).filter_by(set_id=set_id).order_by(SetVersion.number)
            )
            .scalars()
            .all()
        )
        assert [(v.number, v.status) for v in versions] == [(1, "published"), (2, "draft")]
        assert versions[0].data["items"][0]["title"] == FORMULA["title"]
        assert versions[1].data["items"][0]["title"] == "Renamed"
    owner.post(f"/instructor/sets/{set_id}/publish")
    assert latest(app, set_id).number == 2 and latest(app, set_id).status == "published"
    response = owner.post(f"/instructor/sets/{set_id}/publish")  # nothing new to publish
    assert "already published" in " ".join(flashes(owner.get(response.headers["Location"]).data))


def test_a_refused_change_leaves_no_draft(app, owner, people):
    with app.app_context():
        set_id = make_set(PEOPLE["owner"][0], FORMULA, publish=True)
    owner.post(
        f"/instructor/sets/{set_id}/items/{FORMULA['id']}/edit",
        data={**form_data(app, FORMULA), "answer": "-ln(x)"},
    )
    assert latest(app, set_id).number == 1


def test_the_preview_is_the_learners_page_and_records_nothing(app, owner, set_id):
    owner.post(f"/instructor/sets/{set_id}/items/new?kind=formula", data=form_data(app, FORMULA))
    base = f"/instructor/sets/{set_id}/items/{FORMULA['id']}/preview"
    response = owner.get(base)
    assert response.status_code == 303 and "seed=" in response.headers["Location"]
    page = owner.get(f"{base}?seed=8&version=1").data
    assert b"Check answer" in page and b"Preview" in page and b"seed 8" in page
    hinted = owner.post(
        f"{base}/hint",
        data={"seed": "8", "version": "1", "hints": "0", "reveal": "1", "answer": "0.9"},
    ).data
    assert b"Only the true class counts." in hinted and b'value="0.9"' in hinted
    unreadable = owner.post(base, data={"seed": "8", "version": "1", "answer": "lots"})
    assert unreadable.status_code == 422 and b'value="lots"' in unreadable.data
    from quizapp.sets import item_question

    question = item_question(FORMULA, 8)
    wrong = owner.post(
        base, data={"seed": "8", "version": "1", "answer": repr(question.misconceptions[0].value)}
    )
    assert wrong.status_code == 200
    assert b"Not quite" in wrong.data and b"You used log base 2 (bits)." in wrong.data
    right = owner.post(base, data={"seed": "8", "version": "1", "answer": repr(question.answer)})
    assert b"Correct" in right.data and b"Worked solution" in right.data
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Attempt.id))).scalar_one() == 0
        assert db.session.execute(db.select(db.func.count(ServedQuestion.id))).scalar_one() == 0


@pytest.mark.parametrize("seed", ["-1", "abc", "99999999999", "4294967296"])
def test_a_bad_preview_seed_is_a_clear_400(app, owner, set_id, seed):
    owner.post(f"/instructor/sets/{set_id}/items/new?kind=formula", data=form_data(app, FORMULA))
    response = owner.get(f"/instructor/sets/{set_id}/items/{FORMULA['id']}/preview?seed={seed}")
    assert response.status_code == 400 and b"A seed is a whole number" in response.data


def test_a_draw_without_an_answer_is_explained_in_the_preview(app, owner, set_id):
    item = formula(answer="1 / (q - 0.5)", mistakes=[], tests=[])
    owner.post(f"/instructor/sets/{set_id}/items/new?kind=formula", data=form_data(app, item))
    from quizapp.sets.draws import draw_values

    seed = next(
        s for s in range(200) if draw_values(item["variables"], key=item["id"], seed=s)["q"] == 0.5
    )
    page = owner.get(f"/instructor/sets/{set_id}/items/{item['id']}/preview?seed={seed}")
    assert page.status_code == 422 and b"no finite answer" in page.data
    assert b"no finite answer" in owner.get(f"/instructor/sets/{set_id}").data
