"""The practice flow in a real browser: sign up, answer, misconceptions, errors, accessibility."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from accounts import sign_up
from axe_scan import serious_violations
from playwright.sync_api import expect

from quizapp.extensions import db
from quizapp.models import Attempt

ONE_HOT_LINK = "/practice/q/ce_one_hot?params=" + quote(
    '{"pred": [0.7, 0.2, 0.1], "target": 0, "unit": "nats"}'
)


def open_one_hot(page, base: str) -> str:
    page.goto(base + ONE_HOT_LINK)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("one-hot"))
    return page.url.rsplit("/", 1)[-1]


def attempts_for(app, token: str) -> int:
    with app.app_context():
        return db.session.execute(
            db.select(db.func.count(Attempt.id)).filter_by(served_token=token)
        ).scalar_one()


def test_sign_up_and_answer_the_article_example(page, live_server, live_app, screenshot):
    page.goto(live_server + "/")
    screenshot(page, "01-home")
    assert serious_violations(page) == []
    sign_up(page, live_server, "learner@example.com")
    screenshot(page, "02-start")
    assert serious_violations(page) == []

    token = open_one_hot(page, live_server)
    answer = page.get_by_label("Your answer")
    answer.fill("0.357")
    expect(page.locator("#answer-preview")).to_have_text("Read as: 0.357")
    screenshot(page, "03-question")
    assert serious_violations(page) == []

    page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Correct"))
    expect(page.locator(".facts")).to_contain_text("0.3567 nats")
    expect(page.locator("svg.plot")).to_be_visible()
    screenshot(page, "04-feedback-correct")
    assert serious_violations(page) == []
    assert attempts_for(live_app, token) == 1


def test_log2_answer_names_the_misconception(page, live_server, screenshot):
    open_one_hot(page, live_server)
    page.get_by_label("Your answer").fill("0.5146")
    page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Not quite"))
    expect(page.locator(".diagnosis")).to_contain_text("Log base 2 instead of the natural log")
    screenshot(page, "05-feedback-misconception")
    assert serious_violations(page) == []


def test_unreadable_answer_shows_the_message_and_keeps_the_text(page, live_server, screenshot):
    open_one_hot(page, live_server)
    page.get_by_label("Your answer").fill("ln(0.7")
    expect(page.locator("#answer-preview")).not_to_be_empty()  # live preview flags it
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator("#answer-error")).to_be_visible()
    expect(page.get_by_label("Your answer")).to_have_value("ln(0.7")
    expect(page.get_by_label("Your answer")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "06-question-parse-error")
    assert serious_violations(page) == []


def test_hint_then_answer(page, live_server):
    open_one_hot(page, live_server)
    page.get_by_label("Your answer").fill("0.36")
    page.get_by_role("button", name="Show a hint").click()
    expect(page.locator("#hints")).to_contain_text("true class")
    expect(page.get_by_label("Your answer")).to_have_value("0.36")
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".facts")).to_contain_text("after 1 hint")


def test_double_submit_records_one_attempt(page, live_server, live_app):
    token = open_one_hot(page, live_server)
    page.get_by_label("Your answer").fill("0.357")
    page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Correct"))
    # Back to the cached form and submit it again: the one-time token refuses a second attempt.
    page.go_back()
    if "/practice/question/" in page.url and page.get_by_label("Your answer").count():
        page.get_by_label("Your answer").fill("0.9")
        page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Correct"))
    # Two quick POSTs with the same token (same cookies and CSRF token) also record one.
    token2 = open_one_hot(page, live_server)
    csrf = page.locator("input[name=csrf_token]").first.get_attribute("value")
    url = f"{live_server}/practice/question/{token2}"
    form = {"answer": "0.357", "csrf_token": csrf}
    first = page.request.post(url, form=form, max_redirects=0)
    second = page.request.post(url, form=form, max_redirects=0)
    assert first.status == second.status == 303
    assert attempts_for(live_app, token) == 1
    assert attempts_for(live_app, token2) == 1


def test_phone_layout(browser, live_server, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(live_server + ONE_HOT_LINK)
        screenshot(page, "07-phone-question")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/auth/sign-in", "/practice/", "/no-such-page"])
def test_other_pages_have_no_serious_violations(page, live_server, path):
    page.goto(live_server + path)
    assert serious_violations(page) == []


def test_sign_up_errors_are_shown_next_to_the_fields(page, live_server, screenshot):
    page.goto(f"{live_server}/auth/sign-up")
    page.get_by_label("Email").fill("not an email")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#email-error")).to_contain_text("Enter an email address like")
    expect(page.locator("#password-error")).to_contain_text("Use between 8 and 256")
    expect(page.get_by_label("Email")).to_have_value("not an email")
    screenshot(page, "08-sign-up-errors")
    assert serious_violations(page) == []


def test_explain_question_and_self_assessment(page, live_server, live_app, screenshot):
    page.goto(f"{live_server}/practice/q/explain_entropy_vs_cross_entropy?seed=3")
    token = page.url.rsplit("/", 1)[-1]
    page.get_by_label("Your answer").fill(
        "Entropy is the average surprisal of outcomes under the true distribution."
    )
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator("#key-points")).to_be_visible()
    screenshot(page, "09-feedback-explain")
    assert serious_violations(page) == []
    boxes = page.locator("#key-points input[type=checkbox]")
    for index in range(boxes.count()):
        boxes.nth(index).check()
    page.get_by_role("button", name="Count these points").click()
    expect(page.locator(".facts")).to_contain_text("self-assessed")
    assert attempts_for(live_app, token) == 1


def test_choice_question(page, live_server, screenshot):
    page.goto(f"{live_server}/practice/q/which_loss?seed=2")
    screenshot(page, "10-question-choice")
    assert serious_violations(page) == []
    page.locator("input[type=radio]").first.check()
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".verdict")).to_be_visible()
    screenshot(page, "11-feedback-choice")
    assert serious_violations(page) == []
