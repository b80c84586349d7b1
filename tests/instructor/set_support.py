"""Helpers for the tests of sets in the browser: people, sets, items and inert HTML.

(A module of its own, not conftest: conftest modules of different folders cannot be
imported by name side by side.)
"""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from set_items import FORMULA, TEMPLATE  # noqa: F401 (the tests import them from here)
from support import PASSWORD, add_user, flashes, sign_in  # noqa: F401  (re-exported)

from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.question_set import QuestionSet
from quizapp.services import question_sets

#: Who's who in these tests: role name → (email, role).
PEOPLE = {
    "learner": ("lee@example.com", "learner"),
    "owner": ("owen@example.com", "instructor"),
    "other": ("olga@example.com", "instructor"),
    "admin": ("ada@example.com", "admin"),
}


def formula(**changes) -> dict:
    """A copy of the formula item with ``changes``."""
    return {**copy.deepcopy(FORMULA), **changes}


def make_set(owner_email: str, *items: dict, publish: bool = False, title: str = "Losses") -> int:
    """A set of ``items`` owned by ``owner_email`` (inside an app context); returns its id."""
    owner = db.session.execute(db.select(User).filter_by(email=owner_email)).scalar_one()
    qset = question_sets.create_set(owner, title, "A set for **tests**.")
    for item in items:
        question_sets.save_item(qset, copy.deepcopy(item))
    if publish:
        question_sets.publish(qset)
    return qset.id


def share_token(set_id: int) -> str:
    """The learners' link token of a set (inside an app context)."""
    return db.session.get(QuestionSet, set_id).share_token


def form_data(app, item: dict) -> dict:
    """What the item form posts for ``item``, filled by the form's own code."""
    from quizapp.instructor.item_form import ItemForm, fill_form, shown_fields

    with app.test_request_context():
        form = ItemForm(formdata=None, meta={"csrf": False}).prepare(item["kind"])
        fill_form(form, item)
    data = {}
    for field in shown_fields(form, item["kind"]):
        if field.type == "BooleanField":
            if field.data:
                data[field.name] = "y"
        else:
            data[field.name] = field.data or ""
    return data


def served_token(response) -> str:
    """The token of a question served by a redirect to /practice/question/<token>."""
    assert response.status_code == 303, response.status_code
    path = urlsplit(response.headers["Location"]).path
    assert path.startswith("/practice/question/"), path
    return path.rsplit("/", 1)[-1]


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href")


class _Audit(HTMLParser):
    """Collects what could run: scripts, event handlers, styles, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name == "style":
                self.found.append(f"<{tag} style=…>")
            url = re.sub(r"\s", "", value or "").lower()
            if name in URL_ATTRIBUTES and url.startswith(("javascript:", "data:text")):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script" and not (dict(attrs).get("src") or "").startswith("/static/"):
            self.found.append("<script> that is not one of our static files")
        if tag in ("iframe", "object", "embed", "style", "img", "base"):
            self.found.append(f"<{tag}>")


def assert_inert(page: bytes) -> None:
    """Nothing on ``page`` can run script or carry authored styles."""
    audit = _Audit()
    audit.feed(page.decode())
    assert audit.found == [], audit.found
