"""Which forms the form fuzzer posts: found by crawling the app's pages, not listed by hand.

``crawl`` requests every GET rule of the app (each converter filled with the world's values,
see ``fuzz_world.build_world``) as each role, reads the <form method=post>s of every HTML
page, and keeps one target per distinct form (endpoint, action, field names). A POST rule
whose form shows on no page fails tests/fuzz/test_form_fuzz.py, saying what to add:

- a value for its page's URL converter (``values`` in ``fuzz_world.build_world``), or a query
  string its page needs (``QUERIES`` below), so that the crawl finds the form; or
- a row in ``NOT_FORMS`` saying why it has no form to fuzz (and where it is fuzzed instead).

A form that legitimately changes saved rows (not just adds new ones) needs its row in
``MAY_CHANGE``; the fuzz test names the table and columns when one is missing.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from fuzz_world import PEOPLE
from html_forms import Field, Form, forms_on
from support import PASSWORD, csrf_token
from werkzeug.exceptions import HTTPException

from quizapp.instructor.item_form import KIND_NAMES

#: Roles the crawl signs in as, in this order; a form is fuzzed as the first that sees it.
ROLE_ORDER = ("anon", "learner", "instructor", "admin")

#: POST rules that no HTML page posts to, and where they are fuzzed instead.
NOT_FORMS = {
    "api.create_question": "JSON API: tests/api/test_api_schemathesis.py",
    "api.create_answer": "JSON API: tests/api/test_api_schemathesis.py",
    "main.csp_report": "the browser's CSP reports (JSON): tests/web/test_csp_reports.py",
}

#: endpoint → the query strings its page is crawled with (one page each).
QUERIES = {
    "instructor.new_item": [f"?kind={kind}" for kind in KIND_NAMES],
    "instructor.preview_item": ["?seed=3"],
    "practice.fixed": ['?params={"pred": [0.7, 0.2, 0.1], "target": 0, "unit": "nats"}'],
}

#: GET rules not crawled: files, downloads and JSON, which hold no forms.
NOT_PAGES = (
    "static",
    "healthz",
    "auth.export",
    "auth.export_csv",
    "instructor.export",
    "instructor.class_attempts_csv",
    "instructor.assignment_attempts_csv",
    "instructor.class_summary_csv",
    "instructor.assignment_summary_csv",
)

#: A change to a set's draft: its data and question-test results, the set's title and time.
EDITS_DRAFT = {"set_version": {"data", "checks"}, "question_set": {"title", "updated_at"}}
DELETED = "*deleted"
#: endpoint → {table: columns its requests may change in rows that already exist}.
#: ``DELETED`` lets it delete rows of the table. Adding rows is always allowed.
MAY_CHANGE: dict[str, dict[str, set[str]]] = {
    "admin.change_role": {"user": {"role"}},
    "admin.sign_out_user": {"user": {"session_generation"}},
    "auth.sign_out_everywhere": {"user": {"session_generation"}},
    "auth.revoke_api_token": {"api_token": {"revoked_at"}},
    "classes.leave": {"class_member": {DELETED}},
    "instructor.remove_learner": {"class_member": {DELETED}},
    "instructor.remove_co_instructor": {"class_member": {DELETED}},
    "instructor.rename_class": {"class": {"name"}},
    "instructor.rotate_code": {"class": {"join_code"}},
    "instructor.edit_details": EDITS_DRAFT,
    "instructor.new_item": EDITS_DRAFT,
    "instructor.edit_item": EDITS_DRAFT,
    "instructor.move_item": EDITS_DRAFT,
    "instructor.duplicate_item": EDITS_DRAFT,
    "instructor.delete_item": EDITS_DRAFT,
    "instructor.publish": {
        **EDITS_DRAFT,
        "set_version": {"checks", "status", "published_at"},
    },
    "instructor.resolve_report": {"problem_report": {"resolved"}},
    "interview.abandon": {"interview_round": {"status", "finished_at"}},
    # An answer that cannot be read is kept as the draft; a readable one answers.
    # An answer moves the type's review card (spaced review), and the round on.
    "practice.answer": {
        "served_question": {"draft_answer", "answered_at"},
        "review_card": {"card_json", "due_at", "updated_at"},
    },
    "interview.answer": {
        "served_question": {"draft_answer", "answered_at"},
        "review_card": {"card_json", "due_at", "updated_at"},
        "interview_round": {"position", "status", "finished_at"},
    },
    "practice.hint": {"served_question": {"hints_revealed", "draft_answer"}},
    "practice.self_assess": {"attempt": {"self_assessed", "score", "correct"}},
}


@dataclass
class Target:
    """One distinct form: where it posts, as whom, and its fields with the page's values."""

    endpoint: str
    role: str
    page: str
    action: str
    enctype: str
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.endpoint} as {self.role}: {self.action} from {self.page}"


@dataclass
class Crawl:
    targets: dict[str, list[Target]]  # endpoint → its distinct forms
    cookies: dict[str, str]  # role → its session cookie, CSRF secret inside
    unreachable: dict[str, str]  # GET rule → why the crawl could not request it


def crawl(app, values: dict[str, list]) -> Crawl:
    """Every POST form on every page of ``app``, as each role in ``ROLE_ORDER``."""
    adapter = app.url_map.bind("localhost")
    targets: dict[tuple, Target] = {}
    cookies: dict[str, str] = {}
    unreachable: dict[str, str] = {}
    for role in ROLE_ORDER:
        client = app.test_client()
        if role != "anon":
            _sign_in(client, PEOPLE[role][0])
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in rule.methods or rule.endpoint.startswith(("api.", *NOT_PAGES)):
                continue
            urls = _urls(rule, values)
            if urls is None:
                unreachable[rule.endpoint] = f"no value for a converter of {rule.rule}"
                continue
            for url in urls:
                response = client.get(url)
                if response.status_code != 200 or response.mimetype != "text/html":
                    continue
                for form in forms_on(response.get_data(as_text=True), url):
                    _keep(targets, adapter, role, url, form)
        cookies[role] = _session_cookie(client, app)
    by_endpoint: dict[str, list[Target]] = {}
    for target in targets.values():
        by_endpoint.setdefault(target.endpoint, []).append(target)
    return Crawl(by_endpoint, cookies, unreachable)


def _sign_in(client, email: str) -> None:
    token = csrf_token(client.get("/auth/sign-in").data)
    response = client.post(
        "/auth/sign-in", data={"csrf_token": token, "email": email, "password": PASSWORD}
    )
    assert response.status_code == 303, (email, response.status_code)


def _session_cookie(client, app) -> str:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return cookie.value if cookie else ""


def _urls(rule, values: dict[str, list]) -> list[str] | None:
    names = [part.split(":")[-1] for part in re.findall(r"<([^>]+)>", rule.rule)]
    if any(name not in values for name in names):
        return None
    urls = []
    for combination in itertools.product(*(values[name] for name in names)):
        path = _fill(rule.rule, dict(zip(names, combination, strict=True)))
        urls += [path + query for query in QUERIES.get(rule.endpoint, [""])]
    return urls


def _fill(rule: str, filled: dict) -> str:
    return re.sub(r"<([^>]+)>", lambda m: str(filled[m.group(1).split(":")[-1]]), rule)


def _keep(targets: dict, adapter, role: str, page: str, form: Form) -> None:
    if form.method != "post":
        return
    action = urlsplit(form.action)
    try:
        endpoint, _ = adapter.match(action.path, method="POST")
    except HTTPException:
        return  # a form posting elsewhere (none do today)
    key = (endpoint, form.action, frozenset(form.fields))
    if key not in targets:
        targets[key] = Target(endpoint, role, page, form.action, form.enctype, form.fields)
        return
    known = targets[key].fields  # the same form on another page: more values to try
    for name, more in form.fields.items():
        known[name].values += [v for v in more.values if v not in known[name].values]
