"""The learner's flow in a real browser: try again, the review queue, focus, the nav, tokens."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

from accounts import sign_up
from axe_scan import serious_violations
from playwright.sync_api import expect

from quizapp.extensions import db
from quizapp.models import ServedQuestion, User, utcnow
from quizapp.services import practice as practice_service
from quizapp.services import progress

ONE_HOT_LINK = "/practice/q/ce_one_hot?params=" + quote(
    '{"pred": [0.7, 0.2, 0.1], "target": 0, "unit": "nats"}'
)


def right_answer(app, token: str) -> str:
    with app.app_context():
        row = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        question = practice_service.question_for(row)
    if question.kind == "explain":
        return " ".join(point.text for point in question.key_points)
    if isinstance(question.answer, list):
        return "[" + ", ".join(repr(float(v)) for v in question.answer) + "]"
    return str(question.answer)


def answer_current(page, app, text: str | None = None) -> None:
    """Answer the question on the page (right unless ``text`` is given) and wait for feedback."""
    token = page.url.rsplit("/", 1)[-1]
    text = right_answer(app, token) if text is None else text
    radios = page.locator("input[type=radio][name=answer]")
    if radios.count():
        page.locator(f"input[type=radio][name=answer][value='{text}']").check()
    else:
        page.locator("#answer").fill(text)
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".verdict")).to_be_visible()


def luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(css: str) -> tuple[float, ...]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", css)[:3])


FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  let node = el.parentElement, background = 'rgba(0, 0, 0, 0)';
  while (node && /rgba\\(0, 0, 0, 0\\)|transparent/.test(background)) {
    background = getComputedStyle(node).backgroundColor;
    node = node.parentElement;
  }
  return {id: el.id, width: style.outlineWidth, style: style.outlineStyle,
          color: style.outlineColor, background: background};
}"""


def test_try_again_after_a_wrong_answer(page, live_server, live_app, screenshot):
    sign_up(page, live_server, "tryagain@example.com", name="Flow Learner")
    page.goto(live_server + ONE_HOT_LINK)
    # The answer box has focus, with a solid ring that stands out from the panel.
    focus = page.evaluate(FOCUS_STYLE)
    assert focus["id"] == "answer"
    assert focus["style"] == "solid" and float(focus["width"].rstrip("px")) >= 2
    assert contrast(rgb(focus["color"]), rgb(focus["background"])) >= 3
    page.keyboard.type("0.5146")  # typed straight into the focused box
    page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Not quite"))
    expect(page.get_by_text("0.3567 nats").first).to_be_hidden()  # held back behind a disclosure
    screenshot(page, "flow-01-feedback-try-again")
    assert serious_violations(page) == []

    page.get_by_role("button", name="Try again").click()
    expect(page.locator(".try-note")).to_contain_text("0.5146")
    expect(page.locator("#answer")).to_be_focused()
    expect(page.locator("#answer")).to_have_value("")
    page.keyboard.type("0.357")
    page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Right on try 2"))
    expect(page.get_by_role("button", name="Try again")).to_have_count(0)
    screenshot(page, "flow-02-right-on-try-2")

    page.goto(live_server + "/progress/")
    expect(page.locator(".recent-table")).to_contain_text("right on try 2")
    expect(page.locator(".stat").first).to_contain_text("1")  # one answer counted, not two


def test_practise_what_is_due_continues_the_queue(page, live_server, live_app, screenshot):
    sign_up(page, live_server, "queue@example.com", name="Flow Learner")
    with live_app.app_context():
        uid = db.session.execute(
            db.select(User.id).filter_by(email="queue@example.com")
        ).scalar_one()
        for days, type_id in ((3, "entropy"), (2, "surprisal")):
            progress.record_review(
                uid,
                type_id,
                correct=False,
                hints_used=0,
                time_taken_ms=None,
                now=utcnow() - timedelta(days=days),
            )
    page.goto(live_server + "/progress/review")
    page.get_by_role("button", name="Practise what is due").click()
    expect(page.locator(".review-status")).to_have_text("Spaced review: 2 due, this one included.")
    expect(page.locator(".nav-row a[aria-current=page]")).to_have_text(re.compile("Review"))
    answer_current(page, live_app)
    screenshot(page, "flow-03-review-feedback")
    page.get_by_role("button", name="Next review (1 left)").click()
    expect(page.locator(".review-status")).to_have_text("Spaced review: 1 due, this one included.")
    expect(page.locator(".eyebrow").first).to_contain_text("Surprisal")
    answer_current(page, live_app)
    expect(page.locator(".review-status")).to_contain_text("last review due now")
    expect(page.get_by_role("button", name="Next question")).to_be_visible()


def test_the_nav_is_one_row_on_a_laptop_and_a_menu_on_a_phone(browser, live_server, screenshot):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        sign_up(page, live_server, "nav@example.com", name="Navigating Learner With A Long Name")
        middles = page.locator(".nav-row > li").evaluate_all(
            "items => items.map(li => { const r = li.getBoundingClientRect();"
            " return (r.top + r.bottom) / 2; })"
        )
        assert len(middles) == 6 and max(middles) - min(middles) < 4, middles  # one row
        expect(page.locator(".nav-menu")).to_be_hidden()
        header = page.locator(".site-header").bounding_box()
        assert header["height"] < 80, header

        page.set_viewport_size({"width": 390, "height": 844})
        expect(page.locator(".nav-row")).to_be_hidden()
        menu = page.locator("summary.nav-menu-button")
        expect(menu).to_be_visible()
        brand, button = page.locator(".brand").bounding_box(), menu.bounding_box()
        assert abs(brand["y"] + brand["height"] / 2 - (button["y"] + button["height"] / 2)) < 4
        assert page.locator(".site-header").bounding_box()["height"] < 80  # one compact row
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width
        menu.click()
        expect(page.locator(".nav-stack")).to_be_visible()
        screenshot(page, "flow-04-phone-menu")
        assert serious_violations(page) == []
        page.locator(".nav-stack").get_by_role("link", name="Interview").click()
        expect(page).to_have_url(re.compile(r"/interview/$"))
    finally:
        context.close()


def test_the_token_table_has_a_copy_button(browser, live_server, screenshot):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    try:
        sign_up(page, live_server, "tokens@example.com", name="Flow Learner")
        page.goto(live_server + "/auth/account")
        page.get_by_label("Token name").fill("laptop script")
        page.get_by_role("button", name="Create token").click()
        page.goto(live_server + "/auth/account")
        prefix = page.locator(".tokens code").get_attribute("data-copy")
        page.get_by_role("button", name="Copy the start of the token laptop script").click()
        expect(page.locator(".tokens .copy-status")).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == prefix
        screenshot(page, "flow-05-account")
        assert serious_violations(page) == []
    finally:
        context.close()
