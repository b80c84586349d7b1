"""Worked solutions fit a 390 px phone: nothing clipped, no sideways scroll, the maths font on.

For every question type the instance with the longest worked solution (among 20 seeds at
the hardest level) is answered in Debian's Chromium; its feedback page is then measured at
390 px and at 1280 px.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from quizapp.engine.questions import generate, registry

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
ARTICLE = "/practice/q/ce_one_hot?params=" + quote('{"pred": [0.7, 0.2, 0.1], "target": 0}')

# What sticks out: the page's own sideways scroll, and any formula or solution box whose
# right edge passes the viewport (a clipped one would hide inside a scrolling box).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > width) out.push('page scrolls sideways');
  for (const el of document.querySelectorAll('main math, .solution, .solution table, svg')) {
    const box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 0.5 || box.left < -0.5))
      out.push(`${el.tagName} ${el.textContent.slice(0, 40)} at ${box.left}..${box.right}`);
  }
  for (const el of document.querySelectorAll('.solution, .solution *'))
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
      out.push(`${el.tagName}.${el.className} scrolls inside`);
  return out;
}"""


def longest_instance(type_id: str) -> tuple[int, int]:
    """(seed, difficulty) of the instance whose worked solution has the most to show."""
    size = {
        (seed, 3): len(repr(generate(type_id, seed, difficulty=3).explanation))
        for seed in range(20)
    }
    return max(size, key=size.get)


def loaded(page) -> None:
    """Wait for the stylesheet and the maths font: measuring before them measures nothing."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")


def answer_and_open_feedback(page, base: str, link: str) -> None:
    """Answer anything (right or wrong does not matter) and land on the feedback page."""
    page.goto(base + link)
    loaded(page)
    if page.locator("input[type=radio]").count():
        page.locator("input[type=radio]").first.check()
    elif page.locator("textarea#answer").count():
        page.locator("textarea#answer").fill("Cross-entropy is the average surprisal.")
    else:
        field = page.locator("input#answer")
        length = field.get_attribute("data-length")
        field.fill(", ".join(["0.1"] * int(length)) if length else "123.456")  # never a rounding
    page.get_by_role("button", name="Check answer").click()
    expect(page).to_have_url(re.compile(r"/practice/feedback/"))
    loaded(page)
    reveal = page.locator("details#answer-reveal")
    if reveal.count():  # a wrong answer holds the solution back until the learner asks
        reveal.locator("summary").click()
    expect(page.locator(".solution").first).to_be_visible()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("type_id", list(registry()))
def test_every_worked_solution_fits_a_phone_and_a_desktop(type_id, phone, live_server):
    seed, difficulty = longest_instance(type_id)
    link = f"/practice/q/{type_id}?seed={seed}&difficulty={difficulty}"
    answer_and_open_feedback(phone, live_server, link)
    assert phone.evaluate(OVERFLOW) == [], f"390 px, {link}"
    phone.set_viewport_size(DESKTOP)
    assert phone.evaluate(OVERFLOW) == [], f"1280 px, {link}"


def test_the_article_example_uses_the_maths_font_with_no_gaps(phone, live_server, screenshot):
    """−ln 0.7 = 0.3567 in STIX Math: the font loads from our origin and is used."""
    answer_and_open_feedback(phone, live_server, ARTICLE)
    loaded = phone.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert '"STIX Math"' in loaded or "STIX Math" in loaded
    family = phone.evaluate("getComputedStyle(document.querySelector('.solution math')).fontFamily")
    assert family.startswith('"STIX Math"')
    assert phone.evaluate(OVERFLOW) == []
    screenshot(phone, "maths-article-phone")
