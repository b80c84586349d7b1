"""Payloads for every field a user can write, and the check that none of them came alive.

Shared by the browser XSS test (tests/browser/test_xss.py), the Moodle export test and the
tests that prove the check fails on live markup. ``live_markup`` reads HTML as a browser
would see it (``page.content()`` is the DOM serialised back, so text stays escaped) and
lists everything that could run or style: scripts that are not our static files, ``on…``
handlers, ``style`` attributes and elements, javascript:/data: URLs, frames, objects,
bases, refreshes, and the values of the template-injection payloads.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: A marker only a template engine that evaluated ``{{7*7}}`` (or ``${7*7}``) would write.
EVALUATED = "49q7"
#: Each payload's own way in; together in every long field, one by one where room is short.
PAYLOADS = (
    "<script>window.__xss=1</script>",
    '"><img src=x onerror="window.__xss=1">',
    '\'><svg onload="window.__xss=1"></svg>',
    '<a href="javascript:window.__xss=1">js link</a>',
    "[md link](javascript:alert(1))",
    "[md link2](JaVaScRiPt:window.__xss=1)",
    "</textarea></title><script>window.__xss=1</script>",
    '<iframe src="javascript:window.__xss=1"></iframe>',
    '<b style="color:red">styled</b>',
    "{{7*7}}q7 ${7*7}q7",
    "\\(\\href{javascript:window.__xss=1}{tex link}\\)",
    "\\(\\text{<script>window.__xss=1</script>}\\)",
)
PAYLOAD = " ".join(PAYLOADS)
#: For fields of 80 characters or so (display names): the attribute break-out, and the
#: template marker.
SHORT = '"><img src=x onerror="window.__xss=1">{{7*7}}q7'

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}
DANGEROUS_ELEMENTS = {"iframe", "frame", "object", "embed", "base", "style", "img", "link"}


class _LiveMarkup(HTMLParser):
    def __init__(self, own_origin: str) -> None:
        super().__init__(convert_charrefs=True)
        self.own_origin = own_origin
        self.found: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            elif name == "style":
                self.found.append(f"<{tag} style={value!r}>")
            elif name in URL_ATTRIBUTES:
                url = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
                if url.startswith(("javascript:", "vbscript:", "data:text", "data:image/svg")):
                    self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            src = values.get("src") or ""
            if not src.startswith(("/static/", f"{self.own_origin}/static/")):
                self.found.append(f"<script src={src!r}> that is not one of our static files")
        elif tag == "link" and values.get("rel") == "stylesheet":
            href = values.get("href") or ""
            if not href.startswith(("/static/", f"{self.own_origin}/static/")):
                self.found.append(f"<link stylesheet {href!r}>")
        elif tag in DANGEROUS_ELEMENTS and tag != "link":
            self.found.append(f"<{tag}>")
        elif tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")

    def handle_data(self, data):
        self.text.append(data)


def live_markup(html: str, own_origin: str = "") -> list[str]:
    """What in ``html`` could run script, style the page or show a template's evaluation."""
    parser = _LiveMarkup(own_origin)
    parser.feed(html)
    parser.close()
    found = parser.found
    if EVALUATED in "".join(parser.text):
        found.append(f"{EVALUATED!r}: a template evaluated {{{{7*7}}}}")
    return found


#: For fields of up to 200 characters (titles, class names).
TITLE = "<script>window.__xss=1</script>" + SHORT
#: For a unit (up to 40 characters).
UNIT = '"><svg onload="window.__xss=1">'
#: Sentences an explain item's key points recognise, so a payload answer still gets graded.
SENTENCES = "It is zero when the prediction is right. It grows without bound as p falls. "


def hostile_items() -> list[dict]:
    """One item of each kind that shows authored text, every such field carrying the payloads."""
    return [
        {
            "id": "f",
            "kind": "formula",
            "title": TITLE,
            # A text variable is filled in as written, in prose and in maths.
            "prompt": PAYLOAD + " q = {q}? {who} \\(\\text{who} = {who}\\)",
            "variables": {"q": {"range": [0.1, 0.9], "step": 0.1}, "who": {"list": [TITLE]}},
            "answer": "-ln(q)",
            "unit": UNIT,
            "mistakes": [{"answer": "-log2(q)", "code": "bits", "message": PAYLOAD}],
            "hints": [PAYLOAD],
            "explanation": PAYLOAD + " {answer}",
            # Question tests: what they typed shows in the item page's table of tests.
            "tests": [
                {"answer": "{answer}", "expect": "correct"},
                {"answer": SHORT, "expect": "unreadable"},
            ],
        },
        {
            "id": "c",
            "kind": "choice",
            "title": TITLE,
            "prompt": PAYLOAD,
            "options": [
                {"id": "a", "text": PAYLOAD, "correct": True, "feedback": PAYLOAD},
                {"id": "b", "text": PAYLOAD + " (no)", "feedback": PAYLOAD},
            ],
            "hints": [PAYLOAD],
            "explanation": PAYLOAD,
        },
        {
            "id": "e",
            "kind": "explain",
            "title": TITLE,
            "prompt": PAYLOAD,
            "key_points": [
                {"id": "zero", "text": PAYLOAD, "phrasings": ["zero when"]},
                {"id": "grows", "text": PAYLOAD, "phrasings": ["without bound"]},
            ],
            "model_answer": SENTENCES + PAYLOAD,
            "explanation": PAYLOAD,
        },
        {
            "id": "v",
            "kind": "vector",
            "title": TITLE,
            "prompt": PAYLOAD,
            "answer": [-0.5, 0.5],
            "mistakes": [{"answer": [0.5, 0.5], "code": "no_y", "message": PAYLOAD}],
            "explanation": PAYLOAD,
        },
    ]
