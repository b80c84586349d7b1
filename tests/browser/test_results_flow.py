"""A class's results on a phone: tables scroll inside their boxes, the page itself does not,
axe finds nothing serious, and the map's button assigns remedial practice."""

from __future__ import annotations

from axe_scan import serious_violations
from playwright.sync_api import expect
from results_support import build_class
from support import PASSWORD, add_user

OWNER = "results-owner@example.com"


def test_an_instructor_reads_the_results_on_a_phone_and_assigns_remedial_practice(
    browser, live_app, live_server, screenshot
):
    with live_app.app_context():
        add_user(OWNER, "instructor", "Owen")
        world = build_class(OWNER)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/auth/sign-in")
        page.get_by_label("Email").fill(OWNER)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{live_server}/instructor/classes/{world.class_id}")
        page.get_by_role("link", name="Results and misconceptions").click()
        expect(page.get_by_role("heading", name="Misconception map")).to_be_visible()
        screenshot(page, "30-phone-class-results")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the class results scroll sideways on a phone ({width}px)"
        assert serious_violations(page) == []

        page.get_by_role("link", name="Week 1").click()
        expect(page.get_by_role("heading", name="Misconceptions by item")).to_be_visible()
        expect(page.locator("svg.distribution").first).to_be_visible()
        screenshot(page, "31-phone-assignment-results")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the assignment results scroll sideways on a phone ({width}px)"
        assert serious_violations(page) == []

        page.go_back()
        page.get_by_role("button", name="Assign remedial practice to these 3 learners").click()
        expect(page.locator(".flash").first).to_contain_text("is assigned to 3 learners")
        expect(page.get_by_role("heading", name="Practice: Log base 2")).to_be_visible()
    finally:
        context.close()
