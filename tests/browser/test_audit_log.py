"""The audit log in a real browser: an instructor's actions show up for the admin, whose
filter form narrows them; the pages pass the accessibility scan."""

from __future__ import annotations

import re

import pytest
from axe_scan import serious_violations
from playwright.sync_api import expect
from support import PASSWORD, add_user

pytestmark = pytest.mark.backends("sqlite")


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/auth/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile("/auth/sign-in"))


def test_an_admin_sees_and_filters_what_an_instructor_did(
    live_app, live_server, browser, screenshot
):
    with live_app.app_context():
        add_user("owen@example.com", "instructor", name="Owen Owner")
        add_user("olga@example.com", "instructor", name="Olga Other")
        add_user("ada@example.com", "admin", name="Ada Admin")
    base = live_server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in(page, base, "owen@example.com")
        page.goto(f"{base}/instructor/classes")
        page.get_by_label("Name").fill("Losses, autumn")
        page.get_by_role("button", name="Create the class").click()
        page.get_by_label("Instructor's email").fill("olga@example.com")
        page.get_by_role("button", name="Add co-instructor").click()
        expect(page.locator(".flash")).to_contain_text("Olga Other is now a co-instructor")
        page.get_by_role("button", name="Remove Olga Other as co-instructor").click()
        expect(page.locator(".flash")).to_contain_text("Olga Other no longer manages the class")
        page.locator("#name").fill("Losses, winter")
        page.get_by_role("button", name="Rename the class").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Losses, winter")
        assert serious_violations(page) == []
        page.get_by_role("button", name="Sign out").click()

        sign_in(page, base, "ada@example.com")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Instructor").click()
        page.get_by_role("navigation", name="Instructor area").get_by_role(
            "link", name="Audit log"
        ).click()
        rows = page.locator(".audit-table tbody tr")
        expect(rows).to_have_count(4)
        expect(rows.first).to_contain_text("class.rename")
        expect(rows.first).to_contain_text("Owen Owner")
        expect(rows.first).to_contain_text("before: Losses, autumn")
        screenshot(page, "audit-log")
        assert serious_violations(page) == []

        page.get_by_label("Action").select_option("class.co_instructor_add")
        page.get_by_role("button", name="Show").click()
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("olga@example.com")
        rows.first.get_by_role("link", name=re.compile("class")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Losses, winter")
        page.go_back()
        page.get_by_label("Action").select_option("")
        page.get_by_label("Actor's email").fill("ada@example.com")
        page.get_by_role("button", name="Show").click()
        expect(page.get_by_text("No events match this filter.")).to_be_visible()
    finally:
        context.close()
