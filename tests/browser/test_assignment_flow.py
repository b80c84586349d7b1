"""Assignments and time zones in a real browser: the browser's zone is sent once and fills
the account page's field; the instructor assigns a set; the learner sees it in their zone,
works through it, and the pages pass the accessibility scan."""

from __future__ import annotations

import re

from accounts import sign_in
from axe_scan import serious_violations
from playwright.sync_api import expect
from set_items import FORMULA_CORE
from support import add_user

from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.classroom import Class
from quizapp.services import classes, question_sets

FORMULA = {**FORMULA_CORE, "tests": [{"answer": "{answer}", "expect": "correct"}]}


def zone_of(app, email: str) -> str | None:
    with app.app_context():
        return db.session.execute(db.select(User.timezone).filter_by(email=email)).scalar_one()


def test_the_browser_sends_its_zone_once_it_is_signed_in(browser, live_server, live_app):
    with live_app.app_context():
        add_user("tokyo@example.com")
    context = browser.new_context(timezone_id="Asia/Tokyo")
    page = context.new_page()
    try:
        with page.expect_response(re.compile(r"/auth/timezone$")) as sent:
            sign_in(page, live_server, "tokyo@example.com")
        assert sent.value.status == 200
        assert zone_of(live_app, "tokyo@example.com") == "Asia/Tokyo"
        page.goto(live_server + "/auth/account")
        expect(page.get_by_text("Dates are shown in Asia/Tokyo.")).to_be_visible()
    finally:
        context.close()


def test_the_account_page_fills_the_field_from_the_browser(browser, live_server, live_app):
    with live_app.app_context():
        add_user("lima@example.com")
    context = browser.new_context(timezone_id="America/Lima")
    page = context.new_page()
    # Keep the automatic send away, so the field is still empty when the page loads.
    page.route(re.compile(r"/auth/timezone$"), lambda route: route.abort())
    try:
        sign_in(page, live_server, "lima@example.com")
        page.goto(live_server + "/auth/account")
        field = page.get_by_role("textbox", name="Time zone")
        expect(field).to_have_value("America/Lima")
        expect(page.get_by_text("Filled in from your browser")).to_be_visible()
        assert serious_violations(page) == []
        page.unroute(re.compile(r"/auth/timezone$"))
        page.get_by_role("button", name="Save time zone").click()
        expect(page.get_by_text("Dates are now shown in America/Lima.")).to_be_visible()
        assert zone_of(live_app, "lima@example.com") == "America/Lima"
    finally:
        context.close()


def test_an_instructor_assigns_a_set_and_the_learner_works_through_it(
    browser, live_server, live_app, screenshot
):
    with live_app.app_context():
        teacher_id = add_user("teach@example.com", "instructor")
        learner_id = add_user("paris@example.com")
        teacher = db.session.get(User, teacher_id)
        teacher.timezone = "Europe/Paris"
        qset = question_sets.create_set(teacher, "Week 1 losses")
        question_sets.save_item(qset, dict(FORMULA))
        question_sets.publish(qset)
        klass = classes.create_class(teacher, "Browser class")
        classes.join(klass, db.session.get(User, learner_id))
        class_id = klass.id
    context = browser.new_context(timezone_id="Europe/Paris")
    page = context.new_page()
    try:
        sign_in(page, live_server, "teach@example.com")
        page.goto(f"{live_server}/instructor/classes/{class_id}")
        expect(page.get_by_text("In your time zone, Europe/Paris")).to_be_visible()
        page.get_by_label("Set").select_option(label="Week 1 losses (version 1)")
        page.get_by_label("Due date (optional)").fill("2031-12-08")
        page.get_by_label("Due time").fill("17:00")
        page.get_by_label("Only after the due date", exact=False).check()
        assert serious_violations(page) == []
        page.get_by_role("button", name="Assign").click()
        expect(page.get_by_text("“Week 1 losses” is assigned to Browser class.")).to_be_visible()
        expect(page.get_by_text("Mon 8 Dec 2031, 17:00 (Europe/Paris)")).to_be_visible()
        page.get_by_role("button", name="Sign out").first.click()

        sign_in(page, live_server, "paris@example.com")
        page.goto(live_server + "/progress/")
        section = page.locator("section", has=page.get_by_role("heading", name="Assignments"))
        expect(section.get_by_text("Mon 8 Dec 2031, 17:00 (Europe/Paris)")).to_be_visible()
        expect(section.get_by_text("0 of 1 question answered")).to_be_visible()
        assert serious_violations(page) == []
        section.get_by_role("link", name="Week 1 losses").click()
        assert serious_violations(page) == []
        page.get_by_role("button", name="Start").click()
        page.get_by_label("Your answer").fill("0")
        page.get_by_role("button", name="Check answer").click()
        expect(page.locator(".verdict")).to_be_visible()
        expect(page.get_by_text("show here after the due date")).to_be_visible()
        assert page.locator(".panel.solution").count() == 0
        assert serious_violations(page) == []
        screenshot(page, "assignment-feedback-held")
        page.get_by_role("link", name="Back to the assignment").click()
        expect(page.get_by_text("1 of 1")).to_be_visible()
    finally:
        context.close()
    with live_app.app_context():
        assert db.session.get(Class, class_id) is not None
