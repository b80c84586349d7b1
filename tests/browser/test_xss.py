"""XSS in a real browser: payloads in every field a user can write, on every page that shows it.

One set full of payloads is written through the services (every authored field of every
kind of item); another is typed into the set and item forms. What learners, instructors
and admins type (names, email, answers, hints asked for, reports, class names, assignment
titles, token names, addresses) goes through the real forms. Every page is then checked
three ways by ``check``: the DOM as the browser holds it (``page.content()``) has no live
markup (``live_markup``), no script ran (no dialog opened, ``window.__xss`` is undefined)
and the Content-Security-Policy blocked nothing (``securitypolicyviolation`` events,
collected by an init script, and the reports the browser sent to ``/csp-report``). The
last tests show that the same ``check`` fails on a page that does let a payload through.
"""

from __future__ import annotations

import re

import pytest
from accounts import sign_up
from playwright.sync_api import expect
from support import PASSWORD, add_user, close_apps_on, make_test_app
from xss_checks import PAYLOAD, SENTENCES, SHORT, TITLE, UNIT, hostile_items, live_markup

from quizapp.extensions import db
from quizapp.main.headers import CONTENT_SECURITY_POLICY
from quizapp.models import Attempt, User
from quizapp.services import question_sets

pytestmark = pytest.mark.backends("sqlite")  # what a page shows does not depend on the database

#: Runs before any script of each page: collects what the policy blocks.
COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI} (${e.sample})`);
});
"""
#: The names people give themselves, each with a different way in.
NAMES = {
    "admin": SHORT,
    "owner": "<script>window.__xss=1</script>{{7*7}}q7",
    "learner": '\'><svg onload="window.__xss=1">${7*7}q7',
}
#: An assignment's title, as the instructor types it.
ASSIGNMENT = "<svg onload=window.__xss=1>{{7*7}}q7 Week 1</title>"
#: An address the sign-up form takes (it asks only for something@something.something).
EMAIL = '"><svg/onload=window.__xss=1>@evil.example'
#: What the learner types into each item's answer field, in turn: first something that
#: does not parse (it comes back in the form and the message), then an answer.
TYPED = {
    "f": [SHORT, "0"],
    "c": [],  # a choice: options only
    "e": [SENTENCES + "Typed by Lee. " + PAYLOAD],
    "v": ['"><img src=x onerror="window.__xss=1">', "0.5, 0.5"],
}


@pytest.fixture(scope="module")
def live_app(backend):
    """The real app (CSRF on), keeping the CSP reports it receives for these tests to read."""
    url = backend.migrated()
    app = make_test_app(url, WTF_CSRF_ENABLED=True, TESTING=False, QUIZAPP_KEEP_CSP_REPORTS=True)
    yield app
    close_apps_on(url)
    backend.drop(url)


class Watched:
    """A browser context whose pages record dialogs and CSP violations for ``check``."""

    def __init__(self, browser, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(10_000)
        self.context.add_init_script(COLLECT_VIOLATIONS)
        self.dialogs: list[str] = []
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.checked: list[str] = []

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def goto(self, path: str, status: int = 200) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == status, (
            path,
            response and response.status,
        )

    def sign_in(self, email: str) -> None:
        self.page.goto(f"{self.base}/auth/sign-in")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password", exact=True).fill(PASSWORD)
        press(self.page.get_by_role("button", name="Sign in"))
        expect(self.page).not_to_have_url(re.compile(r"/auth/sign-in"))

    def close(self) -> None:
        self.context.close()


def press(control) -> None:
    """Click ``control`` and wait for the page it leads to: each of these buttons and links
    loads a new page, and a check must never look at the one being left."""
    with control.page.expect_navigation():
        control.click()


def check(watched: Watched, where: str) -> None:
    """Fail with everything found if the page in ``watched`` let a payload come alive."""
    page = watched.page
    page.wait_for_load_state("load")
    # Violation events are queued as tasks: let the ones already queued run first.
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 0))")
    problems = live_markup(page.content(), watched.base)
    if page.evaluate("() => typeof window.__xss") != "undefined":
        problems.append("a payload ran: window.__xss is set")
    problems += [f"CSP: {v}" for v in page.evaluate("() => window.__csp || []")]
    problems += [f"dialog {d}" for d in watched.dialogs]
    assert not problems, f"{where} ({page.url}): {problems}"
    watched.checked.append(where)


def visit(watched: Watched, path: str, where: str, *, shows: tuple[str, ...] = ()) -> None:
    """Open ``path``, check it, and make sure the payloads it should show are there as text."""
    watched.goto(path)
    check(watched, where)
    text = watched.page.inner_text("body")
    missing = [s for s in shows if s not in text]
    assert not missing, f"{where}: the page does not show {missing} as text"


@pytest.fixture(scope="module")
def hostile_set(live_app):
    """Admin and instructor accounts with hostile names; a published set full of payloads."""
    with live_app.app_context():
        add_user("ada@example.com", "admin", name=NAMES["admin"])
        owner_id = add_user("owen@example.com", "instructor", name=NAMES["owner"])
        owner = db.session.get(User, owner_id)
        qset = question_sets.create_set(owner, TITLE, PAYLOAD)
        for item in hostile_items():
            question_sets.save_item(qset, item)
        question_sets.publish(qset)
        return qset.id, qset.share_token


def test_no_payload_runs_or_breaks_out_anywhere_it_is_shown(
    live_app, live_server, browser, hostile_set
):
    set_id, share = hostile_set
    owner, learner, admin = (Watched(browser, live_server) for _ in range(3))
    try:
        # The instructor names a class with a payload; the learner signs up with one and joins.
        owner.sign_in("owen@example.com")
        check(owner, "instructor home after sign-in")
        visit(owner, "/instructor/classes", "class list, empty")
        owner.page.get_by_label("Name").fill(TITLE)
        press(owner.page.get_by_role("button", name="Create the class"))
        check(owner, "class page, new")
        class_id = int(owner.page.url.rsplit("/", 1)[-1])
        code = owner.page.locator(".join-code").inner_text()

        sign_up(learner.page, live_server, EMAIL, name=NAMES["learner"])
        check(learner, "practice start, signed in")
        visit(learner, f"/classes/join/{code}", "join link page")
        press(learner.page.get_by_role("button", name=re.compile("Join")))
        check(learner, "learner's classes")

        # The learner answers every item with payloads, reveals hints, reports problems.
        visit(learner, f"/sets/{share}", "learner's set page")
        assert "window.__xss=1" in learner.page.inner_text("main")  # shown, as text
        for number, item in enumerate(hostile_items(), 1):
            visit(learner, f"/sets/{share}", f"set page before item {item['id']}")
            press(
                learner.page.get_by_role("button", name=re.compile(f"Practise question {number}"))
            )
            check(learner, f"question {item['id']}")
            if item.get("hints"):
                press(learner.page.get_by_role("button", name=re.compile("Show a hint")))
                check(learner, f"question {item['id']} with a hint")
            for typed in TYPED[item["id"]]:
                learner.page.locator("#answer").fill(typed)
                press(learner.page.get_by_role("button", name="Check answer"))
                check(learner, f"question {item['id']} after typing {typed[:20]!r}")
            if item["kind"] == "choice":
                learner.page.locator("#choice-b").check()
                press(learner.page.get_by_role("button", name="Check answer"))
            expect(learner.page.locator(".verdict")).to_be_visible()
            check(learner, f"feedback {item['id']}")
            if item["kind"] == "explain":  # the answer comes back, as text
                assert "Typed by Lee." in learner.page.inner_text("body")
            learner.page.get_by_label("Tell the author what is wrong").fill(PAYLOAD)
            press(learner.page.get_by_role("button", name="Send the report"))
            check(learner, f"feedback {item['id']} after the report")
        with live_app.app_context():
            attempts = db.session.execute(db.select(Attempt.id)).scalars().all()
        assert len(attempts) == len(hostile_items())
        visit(learner, "/progress/", "dashboard", shows=(NAMES["learner"],))
        visit(learner, "/progress/review", "reviews")
        answers_shown = 0
        for attempt_id in attempts:
            visit(learner, f"/progress/attempt/{attempt_id}", f"attempt {attempt_id}")
            answers_shown += "Typed by Lee." in learner.page.inner_text("body")
        assert answers_shown == 1  # the explain answer, as text, on its attempt page
        visit(learner, "/classes/", "learner's classes again", shows=(TITLE,))
        visit(learner, "/auth/account", "learner's account")
        learner.page.get_by_label("Token name").fill(SHORT)
        press(learner.page.get_by_role("button", name="Create token"))
        check(learner, "account page showing the new token")
        visit(learner, "/auth/account", "account page listing the token", shows=(SHORT,))

        # The instructor assigns the set under a hostile title; the learner works on it.
        owner.goto(f"/instructor/classes/{class_id}")
        owner.page.locator("#set_id").select_option(str(set_id))
        owner.page.locator("#title").fill(ASSIGNMENT)
        press(owner.page.get_by_role("button", name="Assign", exact=True))
        check(owner, "class page with the assignment")
        visit(learner, "/progress/", "dashboard with the assignment", shows=(ASSIGNMENT,))
        press(learner.page.locator("a[href^='/assignments/']").first)
        check(learner, "assignment page")
        press(learner.page.get_by_role("button", name="Start"))
        check(learner, "assignment question")
        learner.page.locator("#answer").fill("0")
        press(learner.page.get_by_role("button", name="Check answer"))
        expect(learner.page.locator(".verdict")).to_be_visible()
        check(learner, "assignment feedback")

        # The instructor's pages: the set, its items, previews, the reports, the class.
        for path, where, shows in [
            ("/instructor/", "instructor index", (TITLE,)),
            (f"/instructor/sets/{set_id}", "set page", (TITLE, "window.__xss=1")),
            (f"/instructor/sets/{set_id}/details", "details form", ()),
            (
                f"/instructor/sets/{set_id}/reports",
                "reports page",
                (NAMES["learner"], "window.__xss=1"),
            ),
            ("/instructor/classes", "class list", (TITLE,)),
            (
                f"/instructor/classes/{class_id}",
                "class page with the learner",
                (NAMES["learner"], EMAIL),
            ),
        ]:
            visit(owner, path, where, shows=shows)
        reports = owner.page
        owner.goto(f"/instructor/sets/{set_id}/reports")
        assert reports.locator(".report").count() == len(hostile_items())
        for item in hostile_items():
            base = f"/instructor/sets/{set_id}/items/{item['id']}"
            visit(owner, base, f"item page {item['id']}")
            visit(owner, f"{base}/edit", f"item form {item['id']}")
            visit(owner, f"{base}/preview?seed=4", f"preview {item['id']}")
            if item["kind"] == "choice":
                owner.page.locator("#choice-b").check()
            else:
                owner.page.locator("#answer").fill(TYPED[item["id"]][0])
            press(owner.page.get_by_role("button", name="Check answer"))
            check(owner, f"preview {item['id']} answered")
        owner.goto(f"/instructor/classes/{class_id}")
        owner.page.locator("#name").fill("<svg onload=alert(1)>" + TITLE[:90])
        press(owner.page.get_by_role("button", name="Rename the class"))
        check(owner, "class page, renamed")

        # The admin's pages: every name and email, and the audit log with the class names.
        admin.sign_in("ada@example.com")
        visit(admin, "/admin/users", "admin users", shows=(*NAMES.values(), EMAIL))
        visit(admin, "/admin/audit", "audit log", shows=(NAMES["owner"], TITLE))
        assert admin.page.locator(".audit-table tbody tr").count() >= 4
        visit(admin, f"/instructor/classes/{class_id}", "class page as admin")
        visit(admin, f"/instructor/sets/{set_id}/reports", "reports as admin")
    finally:
        for watched in (owner, learner, admin):
            watched.close()
    assert len(owner.checked) + len(learner.checked) + len(admin.checked) > 50
    assert live_app.extensions["csp_reports"] == []  # and no report reached the server


def test_what_an_instructor_types_into_the_set_forms_comes_back_inert(
    live_app, live_server, browser, hostile_set
):
    """The set and item forms, typed into: a refused item keeps what was typed, inert; the
    saved one shows it on the set page, the item page and the preview."""
    owner = Watched(browser, live_server)
    page = owner.page
    try:
        owner.sign_in("owen@example.com")
        visit(owner, "/instructor/sets/new", "new set form")
        page.get_by_label("Title").fill(TITLE)
        page.get_by_label("Description").fill(PAYLOAD)
        press(page.get_by_role("button", name="Create the set"))
        check(owner, "typed set's page")
        page.get_by_label("Add an item").select_option(label="Numeric: one fixed number")
        press(page.get_by_role("button", name="Add item"))
        check(owner, "new numeric item form")
        page.get_by_label("Title").fill(TITLE)
        page.get_by_label("Prompt").fill(PAYLOAD)
        page.get_by_label("Answer", exact=True).fill(SHORT)  # not a number: refused
        page.get_by_label("Unit").fill(UNIT)
        page.get_by_label("Hints (YAML)").fill("- |\n  " + PAYLOAD + "\n")
        page.get_by_label("Explanation").fill(PAYLOAD)
        press(page.get_by_role("button", name="Save and run the tests"))
        check(owner, "numeric item form, refused")
        expect(page.get_by_label("Prompt")).to_have_value(PAYLOAD)  # nothing typed is lost
        page.get_by_label("Answer", exact=True).fill("0.5")
        press(page.get_by_role("button", name="Save and run the tests"))
        expect(page.locator(".flash")).to_contain_text("Saved")
        check(owner, "typed item's page")
        item_url = page.url.removeprefix(live_server)
        visit(
            owner, f"{item_url}/preview?seed=1", "typed item's preview", shows=("window.__xss=1",)
        )
        visit(owner, item_url.rsplit("/items/", 1)[0], "typed set's page again", shows=(TITLE,))
    finally:
        owner.close()
    assert live_app.extensions["csp_reports"] == []


#: Payloads in addresses, for the pages that repeat a part of the address (error messages,
#: filters, hidden fields): no "/" in those that go into a path segment.
IN_PATH = '"><img src=x onerror="window.__xss=1">'
REFLECTED = {
    "learner": [
        (f"/practice/q/{IN_PATH}", 404),
        ('/practice/q/ce_one_hot?params={"pred":"<script>window.__xss=1</script>"}', 400),
        ("/practice/q/ce_one_hot?params=<script>window.__xss=1</script>", 400),
        (f"/sets/{IN_PATH}", 404),
        (f"/classes/join/{IN_PATH}", 404),
        (f"/progress/attempt/{IN_PATH}", 404),
    ],
    "owner": [
        ("/instructor/sets/{set_id}/items/" + IN_PATH, 404),
        ("/instructor/sets/{set_id}/items/" + IN_PATH + "/edit", 404),
        ("/instructor/sets/{set_id}/items/f/preview?seed=" + IN_PATH, 400),
        ("/instructor/sets/{set_id}/items/new?kind=" + IN_PATH, 404),
        ("/instructor/sets/{set_id}/export.yaml?version=" + IN_PATH, 404),
    ],
    "admin": [
        ("/admin/audit?action=<script>window.__xss=1</script>&actor=" + IN_PATH, 422),
        ("/admin/audit?page=" + IN_PATH, 200),
    ],
    None: [
        ("/auth/sign-in?next=javascript:window.__xss=1", 200),
        ("/auth/sign-in?next=" + IN_PATH, 200),
    ],
}


def test_payloads_in_addresses_come_back_inert(live_app, live_server, browser, hostile_set):
    set_id, _share = hostile_set
    with live_app.app_context():
        add_user("lena@example.com", "learner", name=NAMES["learner"])
    emails = {
        "learner": "lena@example.com",
        "owner": "owen@example.com",
        "admin": "ada@example.com",
    }
    for who, addresses in REFLECTED.items():
        watched = Watched(browser, live_server)
        try:
            if who is not None:
                watched.sign_in(emails[who])
            for address, status in addresses:
                watched.goto(address.replace("{set_id}", str(set_id)), status)
                check(watched, f"{address} as {who or 'a guest'}")
        finally:
            watched.close()
    # The sign-in form carried next= along; signing in goes nowhere but our own pages.
    watched = Watched(browser, live_server)
    try:
        watched.goto("/auth/sign-in?next=javascript:window.__xss=1")
        watched.page.get_by_label("Email").fill("lena@example.com")
        watched.page.get_by_label("Password", exact=True).fill(PASSWORD)
        press(watched.page.get_by_role("button", name="Sign in"))
        expect(watched.page).to_have_url(f"{live_server}/practice/")
        check(watched, "after signing in with a javascript: next")
    finally:
        watched.close()
    assert live_app.extensions["csp_reports"] == []


#: Answers that some number or vector question of a round takes (three significant figures,
#: a whole number, a probability vector), tried in turn until one is not refused.
READABLE = ("0.123", "1", "0.2, 0.3, 0.5", "0.25, 0.25, 0.25, 0.25", "0.5, 0.5")


def answer_readably(page, submit) -> None:
    """Answer a number or vector question with something it reads (right or wrong)."""
    field = page.locator("#answer")
    length = int(field.get_attribute("data-length") or 0)
    guesses = ([", ".join(["0.123"] * length)] if length else []) + list(READABLE)
    for guess in guesses:
        page.locator("#answer").fill(guess)
        press(submit)
        page.wait_for_load_state("load")
        if not page.locator("#answer-error").count():
            return
    pytest.fail(f"no answer in {guesses} was read: {page.locator('#answer-error').inner_text()}")


def test_interview_answers_come_back_inert(live_app, live_server, browser):
    """A whole round answered with payloads: each question page, the summary, the dashboard."""
    with live_app.app_context():
        add_user("ivy@example.com", "learner", name=NAMES["learner"])
    watched = Watched(browser, live_server)
    page = watched.page
    try:
        watched.sign_in("ivy@example.com")
        visit(watched, "/interview/", "interview start")
        press(page.get_by_role("button", name="Start a round"))
        submit = page.get_by_role("button", name=re.compile("^Submit and"))
        for number in range(1, 30):
            if not submit.count():
                break
            check(watched, f"interview question {number}")
            choices = page.locator("input[type=radio][name=answer]")
            if choices.count():
                choices.first.check()
            elif page.locator("textarea#answer").count():
                page.locator("#answer").fill(SENTENCES + "Typed by Ivy. " + PAYLOAD)
            else:
                page.locator("#answer").fill(SHORT)  # not a number: asked again, with the text
                press(submit)
                check(watched, f"interview question {number}, answer not understood")
                answer_readably(page, submit)
                continue
            press(submit)
        else:
            pytest.fail("the round did not end after 29 answers")
        check(watched, "interview summary")
        expect(page.get_by_role("link", name="Another round")).to_be_visible()
        visit(watched, "/progress/", "dashboard after a round")
    finally:
        watched.close()
    assert live_app.extensions["csp_reports"] == []


# --- The check fails when a page lets a payload through --------------------------------------


def throwaway(watched: Watched, body: str, *, csp: bool) -> None:
    """Serve ``body`` at /throwaway on the app's own origin, with or without our policy."""
    headers = {"Content-Type": "text/html; charset=utf-8"}
    if csp:
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    watched.page.route(
        f"{watched.base}/throwaway",
        lambda route: route.fulfill(status=200, headers=headers, body=body),
    )
    watched.goto("/throwaway")


UNESCAPED = "<!doctype html><html><body><p>Hello {}</p></body></html>"


@pytest.mark.parametrize(
    ("payload", "found"),
    [
        ("<script>window.__xss=1</script>", "window.__xss is set"),
        ('<img src=x onerror="alert(1)">', "dialog alert: 1"),
        ('<a href="javascript:window.__xss=1">x</a>', "javascript:window.__xss=1"),
    ],
)
def test_the_check_catches_a_payload_that_runs_where_no_policy_stops_it(
    live_server, browser, payload, found
):
    watched = Watched(browser, live_server)
    try:
        throwaway(watched, UNESCAPED.format(payload), csp=False)
        with pytest.raises(AssertionError, match=re.escape(found)):
            check(watched, "throwaway page without a policy")
    finally:
        watched.close()


def test_the_check_catches_what_our_policy_blocks_and_the_browser_reports_it(
    live_app, live_server, browser
):
    """Under our policy the inline script is blocked: the violation event fails the check,
    and the browser's report reaches /csp-report."""
    watched = Watched(browser, live_server)
    live_app.extensions["csp_reports"].clear()
    try:
        with watched.page.expect_response(lambda r: r.url.endswith("/csp-report")) as sent:
            throwaway(watched, UNESCAPED.format("<script>window.__xss=1</script>"), csp=True)
            with pytest.raises(AssertionError, match="CSP: script-src-elem blocked inline"):
                check(watched, "throwaway page under our policy")
        assert sent.value.status == 204
    finally:
        watched.close()
    [report] = live_app.extensions["csp_reports"]
    assert report["document-uri"] == f"{live_server}/throwaway"
    assert report["effective-directive"] == "script-src-elem"
    live_app.extensions["csp_reports"].clear()
