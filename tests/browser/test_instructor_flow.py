"""The instructor's flow in a real browser, as issue 10's done-when describes it.

An instructor writes a set with a template item and a formula item with a mistake and a
question test, previews it, sees the failing test in red, fixes it and publishes; a
learner opens the link, answers both items (one right, one with the named mistake) and
reports a problem; the instructor sees the report and opens that exact instance.
"""

from __future__ import annotations

import re

from accounts import sign_up
from playwright.sync_api import expect
from support import PASSWORD, add_user

from quizapp.extensions import db
from quizapp.models import ServedQuestion
from quizapp.sets import item_question

FORMULA_ID = "ce-true-class"
VARIABLES = "q:\n  range: [0.05, 0.95]\n  step: 0.05\n"
MISTAKES = (
    "- answer: -log2(q)\n  code: log_base_2\n  message: You used log base 2, which gives bits.\n"
)
WRONG_TEST = '- answer: "{answer}"\n  expect: correct\n- answer: -log2({q})\n  expect: correct\n'
RIGHT_TEST = '- answer: "{answer}"\n  expect: correct\n- answer: -log2({q})\n  expect: log_base_2\n'
RED = "rgb(179, 38, 30)"  # --bad


def formula_item() -> dict:
    """The formula item as the form below writes it, without its tests (to compute the
    answer and the mistake of a seed)."""
    return {
        "id": FORMULA_ID,
        "kind": "formula",
        "prompt": "The model gives the true class \\(q = {q}\\). The loss, in nats?",
        "variables": {"q": {"range": [0.05, 0.95], "step": 0.05}},
        "answer": "-ln(q)",
        "unit": "nats",
        "mistakes": [
            {
                "answer": "-log2(q)",
                "code": "log_base_2",
                "message": "You used log base 2, which gives bits.",
            }
        ],
    }


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/auth/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def seed_of_served(app, url: str) -> int:
    token = url.rsplit("/", 1)[-1]
    with app.app_context():
        row = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        return row.seed


def add_item(page, kind_label: str) -> None:
    page.get_by_label("Add an item").select_option(label=kind_label)
    page.get_by_role("button", name="Add item").click()


def test_an_instructor_writes_tests_fixes_and_publishes_a_set_a_learner_reports(
    live_app, live_server, browser, page
):
    with live_app.app_context():
        add_user("teacher@school.example", "instructor", name="Ms Teacher")
    base = live_server
    sign_in(page, base, "teacher@school.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Instructor").click()
    expect(page.get_by_role("heading", name="No sets yet")).to_be_visible()
    page.get_by_role("link", name="Create a set").click()
    page.get_by_label("Title").fill("Cross-entropy drills")
    page.get_by_label("Description").fill("Warm-up before the **interview**.")
    page.get_by_role("button", name="Create the set").click()
    expect(page.locator(".authored strong")).to_have_text("interview")

    # A template item: the built-in one-hot type with the article's numbers.
    add_item(page, "Template: a built-in question type")
    page.get_by_label("Title").fill("The article's example")
    page.get_by_label("Question type").select_option(value="ce_one_hot")
    page.get_by_label("Fixed params (YAML)").fill("pred: [0.7, 0.2, 0.1]\ntarget: 0\nunit: nats\n")
    page.get_by_role("button", name="Save and run the tests").click()
    expect(page.locator(".flash")).to_contain_text("Every question test passes")

    # A formula item with a mistake and a question test that is wrong on purpose.
    page.get_by_role("link", name="Cross-entropy drills").first.click()
    add_item(page, "Formula: your variables and answer formula")
    page.get_by_label("Item id").fill(FORMULA_ID)
    page.get_by_label("Title").fill("Only the true class")
    page.get_by_label("Prompt").fill(formula_item()["prompt"])
    page.get_by_label("Variables (YAML)").fill(VARIABLES)
    page.get_by_label("Answer", exact=True).fill("-ln(q)")
    page.get_by_label("Unit").fill("nats")
    page.get_by_label("Mistakes (YAML)").fill(MISTAKES)
    page.get_by_label("Question tests (YAML)").fill(WRONG_TEST)
    page.get_by_role("button", name="Save and run the tests").click()
    expect(page.locator(".flash")).to_contain_text("1 question test failing")
    failing = page.locator(".test-row-fail")
    expect(failing).to_have_count(1)
    expect(failing).to_contain_text("log_base_2")
    expect(page.locator("#tests .test-status.test-fail")).to_have_css("color", RED)
    expect(failing.locator("td").first).to_have_css("box-shadow", re.compile("179, 38, 30"))

    # Preview it exactly as a learner sees it, and answer it there.
    page.get_by_role("link", name="Preview with random numbers").click()
    expect(page.locator(".preview-banner")).to_contain_text("answers here are not recorded")
    seed = int(re.search(r"seed=(\d+)", page.url).group(1))
    question = item_question(formula_item(), seed)
    page.locator("#answer").fill(repr(question.answer))
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".verdict h1")).to_contain_text("Correct")

    # Publishing is refused while the test fails.
    page.get_by_role("link", name="Back to the item").click()
    page.get_by_role("link", name="Cross-entropy drills").first.click()
    expect(page.locator(f"#item-{FORMULA_ID}")).to_have_class(re.compile("item-failing"))
    page.get_by_role("button", name="Publish draft v1").click()
    expect(page.locator(".flash-error")).to_contain_text(
        "cannot be published while a question test"
    )

    # Fix the test: typed in bits, the answer must be named as the log-base-2 mistake.
    page.get_by_role("link", name="Edit Only the true class").click()
    page.get_by_label("Question tests (YAML)").fill(RIGHT_TEST)
    page.get_by_role("button", name="Save and run the tests").click()
    expect(page.locator(".flash")).to_contain_text("Every question test passes")
    page.get_by_role("link", name="Cross-entropy drills").first.click()
    page.get_by_role("button", name="Publish draft v1").click()
    expect(page.locator(".flash")).to_contain_text("Version 1 is published")
    link = page.locator("#share-url").inner_text()
    assert link.startswith(base + "/sets/")

    # A learner opens the link and answers both items.
    learner = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    learner.set_default_timeout(10_000)
    sign_up(learner, base, "learner@school.example")
    learner.goto(link)
    expect(learner.get_by_role("heading", name="Cross-entropy drills")).to_be_visible()
    learner.get_by_role("button", name="Start with question 1").click()
    expect(learner.locator(".breadcrumb")).to_contain_text("question 1 of 2")
    learner.locator("#answer").fill("0.3567")
    learner.get_by_role("button", name="Check answer").click()
    expect(learner.locator(".verdict h1")).to_contain_text("Correct")
    learner.get_by_role("button", name="Next question (2 of 2)").click()
    learner_seed = seed_of_served(live_app, learner.url)
    mistake = item_question(formula_item(), learner_seed).misconceptions[0].value
    learner.locator("#answer").fill(f"{mistake:.4g}")
    learner.get_by_role("button", name="Check answer").click()
    expect(learner.locator(".verdict h1")).to_contain_text("Not quite")
    expect(learner.locator(".diagnosis")).to_contain_text("Log base 2")
    learner.get_by_label("Tell the author what is wrong").fill("Say which log the answer wants.")
    learner.get_by_role("button", name="Send the report").click()
    expect(learner.locator(".flash")).to_contain_text("The author of this set will see your report")
    learner.context.close()

    # The instructor sees the report, with the seed, and opens exactly that instance.
    page.get_by_role("link", name="Only the true class").first.click()
    report = page.locator("#reports .report")
    expect(report).to_contain_text("Say which log the answer wants.")
    expect(report).to_contain_text(f"seed {learner_seed}")
    report.get_by_role("link", name=re.compile("Open this instance")).click()
    expect(page.locator(".preview-banner")).to_contain_text(f"seed {learner_seed}")
    q_shown = item_question(formula_item(), learner_seed).params["values"]["q"]
    expect(page.locator(".prompt")).to_contain_text(str(q_shown))
