"""Issue 11 end to end, as an instructor and two learners do it in the browser.

The instructor imports and publishes a set, makes a class and assigns the set to it; two
learners sign up, join with the code read off the class page and answer (one right, one
with a listed mistake on the template item); the instructor reads both on the results
page, in the misconception map and the item table, assigns remedial practice for that
mistake (only the learner who made it gets it), and downloads every attempt as CSV.
Everything happens through the pages; the database is read only for the truth to compare
with (the numbers of a served question, the Attempt rows).
"""

from __future__ import annotations

import csv
import re

import pytest
from accounts import sign_in, sign_up
from axe_scan import serious_violations
from playwright.sync_api import expect
from support import add_user

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, User
from quizapp.rendering.question_pages import diagnosis_name
from quizapp.services.csv_cells import restore_text
from quizapp.services.practice import question_for

TEACHER = "journey-teacher@school.example"
RIGHT = ("ada@school.example", "Ada Right")
WRONG = ("ben@school.example", "Ben Slip")
SET_TITLE = "Week 2 surprisal"
CLASS_NAME = "Period 3 losses"
TEMPLATE_ITEM = "panda-surprisal"
MISTAKE = "natural_log"  # a listed mistake of the surprisal type: ln where bits were asked
#: A small set: a template item with fixed numbers, a formula item with its mistakes.
SET_FILE = """\
format: quizapp-set/1
title: Week 2 surprisal
items:
  - id: panda-surprisal
    kind: template
    title: How surprising is a panda?
    type: surprisal
    params: {p: 0.001, unit: bits, outcome: panda}
    tests:
      - {answer: "9.966", expect: correct}
      - {answer: "6.908", expect: natural_log}
  - id: ce-true-class
    kind: formula
    title: Only the true class counts
    prompt: "The model gives the true class \\\\(q = {q}\\\\). What is the loss, in nats?"
    variables:
      q: {range: [0.05, 0.95], step: 0.05}
    answer: -ln(q)
    unit: nats
    mistakes:
      - answer: -log2(q)
        code: log_base_2
        message: You used log base 2, which gives bits.
    tests:
      - {answer: "{answer}", expect: correct}
      - {answer: "-log2({q})", expect: log_base_2}
"""
#: Generous: the shared machine can be slow; every wait is on page state, never a sleep.
WAIT_MS = 30_000
QUESTION_URL = re.compile(r"/practice/question/([^/?#]+)$")


@pytest.fixture(autouse=True)
def patient_expect():
    """Assertions wait up to WAIT_MS for the page to get there (Playwright's default is 5 s)."""
    expect.set_options(timeout=WAIT_MS)
    yield
    expect.set_options(timeout=5_000)


def new_page(browser, width: int):
    """A page in its own context (own cookies): one person at one screen width."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(WAIT_MS)
    return context.new_page()


def section(page, heading: str):
    """The page's section under the heading ``heading``."""
    return page.locator("section", has=page.get_by_role("heading", name=heading, exact=True))


def row_of(table, name: str):
    """The body row of ``table`` headed by the learner ``name``."""
    return table.locator("tbody tr", has=table.page.get_by_role("rowheader", name=name))


def fits_its_box(table) -> bool:
    """Whether ``table`` shows whole in its scrolling box, with no column cut off."""
    return table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")


def served_on(app, page) -> tuple[str, object]:
    """The item id and the question of the served question ``page`` shows, from its row."""
    expect(page).to_have_url(QUESTION_URL)
    token = QUESTION_URL.search(page.url).group(1)
    with app.app_context():
        row = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        return row.item_id, question_for(row)


def answer_assignment(app, page, mistaken_item: str | None = None) -> list[str]:
    """Answer both items from the assignment page: right, except ``mistaken_item`` with
    MISTAKE's value for the numbers shown. Returns what was typed, in order."""
    page.get_by_role("button", name="Start").click()
    typed = []
    for number in (1, 2):
        expect(page.locator(".breadcrumb")).to_contain_text(f"question {number} of 2")
        item_id, question = served_on(app, page)
        if item_id == mistaken_item:
            value = next(m.value for m in question.misconceptions if m.code == MISTAKE)
            answer = f"{value:.4g}"
        else:
            answer = f"{question.answer:.6g}"
        typed.append(answer)
        page.locator("#answer").fill(answer)
        page.get_by_role("button", name="Check answer").click()
        verdict = page.locator(".verdict h1")
        if item_id == mistaken_item:
            expect(verdict).to_contain_text("Not quite")
            expect(page.locator(".diagnosis")).to_contain_text(diagnosis_name(MISTAKE))
        else:
            expect(verdict).to_contain_text("Correct")
        if number == 1:
            page.get_by_role("button", name="Next question").click()
    page.get_by_role("link", name="Back to the assignment").click()
    expect(page.get_by_text("2 of 2")).to_be_visible()
    return typed


def join_and_answer(app, page, base: str, who: tuple[str, str], code: str, mistaken=None):
    """Sign up, join with ``code`` typed into the dashboard's form, answer the assignment."""
    email, name = who
    sign_up(page, base, email, name)
    page.goto(f"{base}/progress/")
    page.get_by_label("Join code").fill(code)
    page.get_by_role("button", name="Join the class").click()
    expect(page.locator(".flash").first).to_contain_text(f"You are in the class “{CLASS_NAME}”")
    page.goto(f"{base}/progress/")
    assignments = section(page, "Assignments")
    expect(assignments.get_by_text("0 of 2 questions answered")).to_be_visible()
    assignments.get_by_role("link", name=SET_TITLE).click()
    return answer_assignment(app, page, mistaken)


def user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.execute(db.select(User.id).filter_by(email=email)).scalar_one()


def test_an_instructor_and_two_learners_go_through_a_class(
    browser, live_app, live_server, tmp_path, screenshot
):
    base = live_server
    with live_app.app_context():
        add_user(TEACHER, "instructor", "Ms Journey")
    teacher = new_page(browser, 1280)
    ada = new_page(browser, 1280)
    ben = new_page(browser, 390)
    try:
        # The instructor imports the set, publishes it, makes the class and assigns it.
        sign_in(teacher, base, TEACHER)
        set_file = tmp_path / "week-2.yaml"
        set_file.write_text(SET_FILE, encoding="utf-8")
        teacher.goto(f"{base}/instructor/sets/import")
        teacher.get_by_label("Set file").set_input_files(str(set_file))
        teacher.get_by_role("button", name="Import").click()
        expect(teacher.locator(".flash").first).to_contain_text(f"Imported “{SET_TITLE}”")
        teacher.get_by_role("button", name="Publish draft v1").click()
        expect(teacher.locator(".flash").first).to_contain_text("Version 1 is published")

        nav = teacher.get_by_role("navigation", name="Instructor area")
        nav.get_by_role("link", name="Classes").click()
        teacher.get_by_label("Name").fill(CLASS_NAME)
        teacher.get_by_role("button", name="Create the class").click()
        expect(teacher.get_by_role("heading", name=CLASS_NAME, level=1)).to_be_visible()
        code = teacher.locator(".join-code").inner_text().strip()
        assert re.fullmatch(r"[A-Z0-9]{8}", code), code
        class_page = teacher.url
        teacher.get_by_label("Set", exact=True).select_option(label=f"{SET_TITLE} (version 1)")
        teacher.get_by_role("button", name="Assign").click()
        expect(teacher.locator(".flash").first).to_contain_text(
            f"“{SET_TITLE}” is assigned to {CLASS_NAME}."
        )

        # Two learners join with the code and answer: Ada right, Ben with the mistake.
        ada_typed = join_and_answer(live_app, ada, base, RIGHT, code)
        ben_typed = join_and_answer(live_app, ben, base, WRONG, code, mistaken=TEMPLATE_ITEM)
        with live_app.app_context():
            ben_items = db.session.execute(
                db.select(Attempt.item_id, Attempt.raw_answer, Attempt.diagnosis).filter_by(
                    user_id=user_id(live_app, WRONG[0])
                )
            ).all()
        (mistaken_answer,) = [raw for item, raw, diag in ben_items if diag == MISTAKE]
        assert [item for item, _, diag in ben_items if diag == MISTAKE] == [TEMPLATE_ITEM]

        # The class results: both learners, their completion and score, the mistake once.
        teacher.goto(class_page)
        teacher.get_by_role("link", name="Results and misconceptions").click()
        learners = teacher.locator("table.results-table")
        expect(row_of(learners, RIGHT[1]).locator("td")).to_have_text(
            ["1", "2 / 2", "100\u00a0%", "100\u00a0%", "100\u00a0%", re.compile(r"\S")]
        )
        expect(row_of(learners, WRONG[1]).locator("td")).to_have_text(
            ["1", "2 / 2", "100\u00a0%", "50\u00a0%", "50\u00a0%", re.compile(r"\S")]
        )
        label = diagnosis_name(MISTAKE)
        the_map = teacher.locator("table.misconception-map")
        expect(the_map.locator("thead th")).to_have_text(["Learner", label])
        expect(row_of(the_map, RIGHT[1]).locator("td")).to_have_text(["0"])
        expect(row_of(the_map, WRONG[1]).locator("td")).to_have_text(["1"])
        expect(the_map.locator("tfoot td")).to_have_text(["1"])
        screenshot(teacher, "class-results-1280")
        assert fits_its_box(learners), "the learners' table is cut off at 1280 px"
        assert serious_violations(teacher) == []
        screenshot(teacher, "misconception-map-1280", element=section(teacher, "Misconception map"))

        # The assignment's item table: the mistake on the template item, once, Ben's answer.
        teacher.locator("ul.assignment-results").get_by_role("link", name=SET_TITLE).click()
        mistakes = teacher.locator("table.mistake-table")
        expect(mistakes).to_have_count(1)
        expect(mistakes.locator("tbody tr")).to_have_count(1)
        expect(mistakes.locator("tbody th")).to_contain_text(label)
        expect(mistakes.locator("tbody td")).to_have_text(["1", "1", mistaken_answer])
        screenshot(teacher, "assignment-results-1280")

        # Remedial practice for that mistake: Ben gets it, Ada does not.
        teacher.go_back()
        teacher.get_by_role("button", name="Assign remedial practice to this 1 learner").click()
        expect(teacher.locator(".flash").first).to_contain_text("is assigned to 1 learner")
        remedial_id = int(re.search(r"/results/(\d+)$", teacher.url).group(1))
        remedial_title = teacher.get_by_role("heading", level=1).inner_text().strip()

        ada.goto(f"{base}/progress/")
        ada_list = section(ada, "Assignments")
        expect(ada_list.get_by_role("link", name=SET_TITLE)).to_be_visible()
        expect(ada_list.get_by_role("link", name=remedial_title)).to_have_count(0)
        assert ada.goto(f"{base}/assignments/{remedial_id}").status == 404

        ben.goto(f"{base}/progress/")
        ben_list = section(ben, "Assignments")
        expect(ben_list.get_by_role("link", name=SET_TITLE)).to_be_visible()
        expect(ben_list.get_by_role("link", name=remedial_title)).to_be_visible()
        screenshot(ben, "learner-dashboard-390")
        screenshot(ben, "learner-assignments-390", element=ben_list)
        width = ben.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the dashboard scrolls sideways on a phone ({width}px)"
        assert serious_violations(ben) == []
        ben_list.get_by_role("link", name=remedial_title).click()
        expect(ben).to_have_url(re.compile(rf"/assignments/{remedial_id}$"))
        expect(ben.get_by_role("heading", name=remedial_title, level=1)).to_be_visible()
        expect(ben.get_by_role("button", name="Start")).to_be_visible()

        # Every attempt as CSV: exactly the rows of both learners' attempts.
        teacher.goto(class_page)
        teacher.get_by_role("link", name="Results and misconceptions").click()
        with teacher.expect_download() as downloading:
            teacher.get_by_role("link", name="Every attempt (CSV)").click()
        download = downloading.value
        assert download.suggested_filename.endswith(".csv")
        with open(download.path(), encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        exported = {
            (
                int(r["attempt_id"]),
                int(r["learner_id"]),
                restore_text(r["answer"]),
                r["correct"],
                r["diagnosis"],
            )
            for r in rows
        }
        learner_ids = [user_id(live_app, RIGHT[0]), user_id(live_app, WRONG[0])]
        with live_app.app_context():
            truth = db.session.execute(
                db.select(Attempt).where(Attempt.user_id.in_(learner_ids))
            ).scalars()
            expected = {
                (a.id, a.user_id, a.raw_answer, "true" if a.correct else "false", a.diagnosis or "")
                for a in truth
            }
        assert len(rows) == len(expected) == 4
        assert exported == expected
        assert sorted(r[2] for r in exported) == sorted(ada_typed + ben_typed)
    finally:
        for person in (teacher, ada, ben):
            person.context.close()
