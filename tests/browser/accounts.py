"""How a new learner gets an account in the browser, shared by the browser tests."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from support import PASSWORD


def sign_up(page, base: str, email: str, name: str = "Browser Learner") -> None:
    """Create an account, then sign in: sign-up never signs in (it must not tell whether
    the email was new), so the sign-in page comes next with the email filled in."""
    page.goto(f"{base}/auth/sign-up")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("a good password")
    page.get_by_label("Repeat the password").fill("a good password")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/auth/sign-in$"))
    expect(page.get_by_label("Email")).to_have_value(email)
    page.get_by_label("Password", exact=True).fill("a good password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/practice/$"))


def sign_in(page, base: str, email: str) -> None:
    """Sign in an account made with ``support.add_user`` (the shared test password)."""
    page.goto(f"{base}/auth/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/auth/sign-in"))
