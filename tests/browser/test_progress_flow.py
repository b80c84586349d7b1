"""Progress in a real browser: dashboard, spaced review, interview mode, axe scans, screenshots."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

from accounts import sign_up
from axe_scan import serious_violations
from playwright.sync_api import expect

from quizapp.extensions import db
from quizapp.models import ServedQuestion
from quizapp.models.progress import ReviewCard
from quizapp.services import practice as practice_service

ONE_HOT_LINK = "/practice/q/ce_one_hot?params=" + quote(
    '{"pred": [0.7, 0.2, 0.1], "target": 0, "unit": "nats"}'
)
ENTROPY_LINK = "/practice/q/entropy?params=" + quote('{"p": [0.2, 0.3, 0.5], "unit": "nats"}')


def answer_link(page, base: str, link: str, text: str) -> None:
    page.goto(base + link)
    page.get_by_label("Your answer").fill(text)
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".verdict")).to_be_visible()


def let_a_day_pass(app) -> None:
    """Move every review card a day earlier, as if the learner came back tomorrow."""
    with app.app_context():
        for card in db.session.execute(db.select(ReviewCard)).scalars():
            card.due_at = card.due_at - timedelta(days=1)
        db.session.commit()


def expected_answer(app, token: str) -> str:
    """The right answer of a served question, typed as a learner would."""
    with app.app_context():
        served = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        question = practice_service.question_for(served)
    if question.kind == "explain":
        return " ".join(point.text for point in question.key_points)
    if isinstance(question.answer, list):
        return "[" + ", ".join(f"{v:.6f}" for v in question.answer) + "]"
    return str(question.answer)


def test_answers_show_up_on_the_dashboard(page, live_server, live_app, screenshot):
    base = live_server
    sign_up(page, base, "dashboard@example.com")
    answer_link(page, base, ONE_HOT_LINK, "0.357")  # right
    answer_link(page, base, ONE_HOT_LINK, "0.3567")  # right
    answer_link(page, base, ONE_HOT_LINK, "0.5146")  # wrong: log base 2
    answer_link(page, base, ENTROPY_LINK, "1.4855")  # wrong: bits instead of nats
    let_a_day_pass(live_app)

    page.goto(base + "/progress/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your progress")
    mastery = page.locator(".mastery-table")
    expect(
        mastery.get_by_role("row", name=re.compile("Categorical cross-entropy"))
    ).to_contain_text("Practising")
    expect(mastery.get_by_role("row", name=re.compile("^Entropy"))).to_contain_text("Learning")
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator(".mistake-list")).to_contain_text("Log base 2 instead of the natural log")
    expect(page.get_by_role("link", name=re.compile("Practise this")).first).to_be_visible()
    expect(page.locator(".stat-due dd")).to_have_text("2")
    expect(page.locator(".nav-row .badge")).to_contain_text("2")
    expect(page.locator(".recent-table tbody tr")).to_have_count(4)
    page.get_by_text("Show the numbers as a table").click()
    expect(page.locator(".accuracy-table")).to_contain_text("4")
    screenshot(page, "10-dashboard")
    assert serious_violations(page) == []

    # Reopen the wrong one-hot answer: the same question, with the answer given.
    rows = page.locator(".recent-table").get_by_role("row")
    rows.filter(has_text="one-hot").filter(has_text="Wrong").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("You got this wrong")
    expect(page.locator(".facts")).to_contain_text("0.5146")
    expect(page.locator(".facts")).to_contain_text("0.3567 nats")
    screenshot(page, "11-attempt-review")
    assert serious_violations(page) == []

    # Practise what is due: the most overdue type through the normal practice flow.
    page.goto(base + "/progress/review")
    screenshot(page, "12-review")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Practise what is due").click()
    expect(page).to_have_url(re.compile(r"/practice/question/"))
    expect(page.get_by_label("Your answer")).to_be_visible()


def test_interview_round_survives_a_reload_and_ends_with_a_summary(
    page, live_server, live_app, screenshot
):
    base = live_server
    sign_up(page, base, "interview@example.com")
    page.goto(base + "/interview/")
    screenshot(page, "13-interview-start")
    assert serious_violations(page) == []
    page.get_by_label("Easy").check()
    page.get_by_role("button", name="Start a round").click()

    saw_timer = False
    for number in range(1, 11):
        expect(page.locator(".round-progress .eyebrow")).to_contain_text(f"question {number} of 10")
        token = page.locator("input[name=served_token]").get_attribute("value")
        if number == 3:
            # Reload mid-round, then come back through the start page as after a crash.
            page.reload()
            expect(page.locator("input[name=served_token]")).to_have_value(token)
            page.goto(base + "/interview/")
            expect(page.get_by_role("heading", name="Resume your round")).to_be_visible()
            screenshot(page, "14-interview-resume")
            page.get_by_role("link", name="Resume your round").click()
            expect(page.locator("input[name=served_token]")).to_have_value(token)
        if page.locator("#explain-timer").count():
            saw_timer = True
            timer = page.locator("#explain-timer .timer-value")
            expect(timer).to_have_text(re.compile(r"^[01]:\d\d$"))
            first = timer.text_content()
            expect(timer).not_to_have_text(first, timeout=3_000)  # the JS countdown moves
            screenshot(page, "15-interview-explain")
            assert serious_violations(page) == []
        text = expected_answer(live_app, token)
        if number in (2, 5) and not page.locator("input[type=radio]").count():
            text = "0.5" if page.locator("input#answer").count() else text
        if page.locator("input[type=radio]").count():
            page.locator(f"input[type=radio][value='{text}']").check()
        else:
            page.get_by_label("Your answer").fill(text)
        if number == 1:
            screenshot(page, "16-interview-question")
            assert serious_violations(page) == []
        # Wait for the next page before looking at it: checking for an error right after
        # the click could read the old page and miss a re-shown form under load.
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("Submit")).click()
        if page.locator("#answer-error").count():  # "0.5" is not a valid vector: answer right
            page.get_by_label("Your answer").fill(expected_answer(live_app, token))
            with page.expect_navigation():
                page.get_by_role("button", name=re.compile("Submit")).click()

    assert saw_timer, "the round had no explain question with a timer"
    expect(page.get_by_role("heading", level=1)).to_have_text("Round complete")
    expect(page.locator(".round-table tbody tr")).to_have_count(10)
    expect(page.get_by_role("heading", name="What to review next")).to_be_visible()
    screenshot(page, "17-interview-summary")
    assert serious_violations(page) == []


def test_dashboard_fits_a_phone(browser, live_server, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        sign_up(page, live_server, "phone@example.com", name="Progress Learner")
        answer_link(page, live_server, ONE_HOT_LINK, "0.5146")
        page.goto(live_server + "/progress/")
        screenshot(page, "18-phone-dashboard")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the dashboard scrolls sideways on a phone ({width}px)"
        assert serious_violations(page) == []
    finally:
        context.close()
