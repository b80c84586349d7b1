"""Every form of the app, posted with hostile values (valid CSRF tokens): never a server
error, a refusal says what was wrong, and nothing already saved is lost.

The forms are found by crawling the pages (tests/fuzz/form_targets.py), so a form added later
is fuzzed without a line here, and a POST rule whose form cannot be found fails
``test_every_post_rule`` until it is given a page or a reason. Each example starts from the
same saved world (tests/fuzz/fuzz_world.py): accounts, answers, a set with a published
version and a draft, a class with learners. After each, every row of that world must still be
there, unchanged but for what the form may change (``MAY_CHANGE``).
"""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest
from form_targets import MAY_CHANGE, NOT_FORMS, crawl
from fuzz_settings import ANY_TEXT, NASTY, fuzz_settings, hostile_text
from fuzz_world import build_world, lost_or_changed, restore, snapshot
from hypothesis import example, given
from hypothesis import strategies as st
from support import close_apps_on, make_test_app

from quizapp import create_app


def _post_rules() -> list[str]:
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return sorted({r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods})


POST_RULES = _post_rules()
#: How a refusal shows on our pages: a message by a field, a flash, an error page.
MESSAGE = re.compile(r'class="(field-error|flash[^"]*|error-summary|panel narrow error-page)"')


#: Values sent in every field of a form at once, on every backend: what storage refuses
#: (NUL, numbers past 64 bits, texts past a column's length) and what parsers choke on.
EVERY_FIELD = ["a\x00b", str(10**400), str(2**63), "1e309", "x" * 300, "é" * 40_000]
#: Input types a person types into (the others offer values: hidden, select, radio …).
TYPED = {"text", "textarea", "email", "password", "search", "url", "tel", "number"}


@pytest.fixture(scope="module")
def world(backend):
    """The saved world, its forms as the crawl found them, and an app with CSRF on."""
    url = backend.migrated()
    values = build_world(make_test_app(url))
    app = make_test_app(url, WTF_CSRF_ENABLED=True)
    found = crawl(app, values["values"])
    with app.app_context():
        saved = snapshot()
    yield app, found, saved
    close_apps_on(url)
    backend.drop(url)


def test_no_stale_rows():
    """Every row of NOT_FORMS and MAY_CHANGE names a POST rule the app has."""
    assert sorted(set(NOT_FORMS) - set(POST_RULES)) == [], "NOT_FORMS rows without a rule"
    assert sorted(set(MAY_CHANGE) - set(POST_RULES)) == [], "MAY_CHANGE rows without a rule"


@pytest.mark.parametrize("endpoint", POST_RULES)
def test_every_post_rule(world, backend, endpoint):
    """The rule's every form, fuzzed; a rule with no form found fails with what to add."""
    app, found, saved = world
    if endpoint in NOT_FORMS:
        pytest.skip(NOT_FORMS[endpoint])
    targets = found.targets.get(endpoint)
    assert targets, (
        f"No page has a form that posts to {endpoint}, so it is not fuzzed. Give the crawl a "
        "page that shows it (a value for its page's URL converter in build_world's values in "
        "tests/fuzz/fuzz_world.py, or a query in QUERIES of tests/fuzz/form_targets.py), or "
        f"list it in NOT_FORMS there with the reason. Pages not crawled: {found.unreachable}"
    )
    for target in targets:
        _fuzz(app, found.cookies[target.role], saved, target, backend.name)


def _fuzz(app, cookie: str, saved, target, backend_name: str) -> None:
    state = {"dirty": True}  # whatever ran before may have left changes
    may_change = MAY_CHANGE.get(target.endpoint, {})
    typed = [name for name, spec in target.fields.items() if spec.kind in TYPED]
    # Forms with fields get the most; a bare button form is mostly its CSRF token and
    # whatever unknown fields come along. PostgreSQL runs fewer drawn examples: what it
    # adds over SQLite (NUL characters, lengths, integer ranges) the EVERY_FIELD examples
    # try in every field at once.
    weight = (0.4 if typed else 0.1) * (0.25 if backend_name == "postgresql" else 1.0)

    def post(data):
        with app.app_context():
            if state["dirty"]:
                restore(saved)
            client = app.test_client()
            if cookie:
                client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
            multipart = target.enctype == "multipart/form-data"
            response = client.post(
                target.action,
                data=data,
                content_type="multipart/form-data" if multipart else None,
            )
            _check_response(client, target, response)
            after = snapshot()
            state["dirty"] = after != saved
            lost = lost_or_changed(saved, after, may_change)
            assert not lost, (
                f"{target.name} lost or changed saved rows: {lost}. If the form may do that, "
                f"add the table and columns to MAY_CHANGE['{target.endpoint}'] in "
                "tests/fuzz/form_targets.py"
            )

    for value in EVERY_FIELD if typed else ():
        post = example(data=_every_field(target, value))(post)
    fuzz_settings(weight=weight)(given(data=_form_data(target))(post))()


def _every_field(target, value: str) -> dict:
    """``value`` in every field a person types in; the page's own value in the others."""
    data = {}
    for name, spec in target.fields.items():
        if spec.kind in TYPED:
            data[name] = [value]
        elif spec.kind != "file" and spec.values:
            data[name] = spec.values[:1]
    return data


def _check_response(client, target, response) -> None:
    status = response.status_code
    assert status < 500, f"{target.name} answered {status}"
    if 300 <= status < 400:
        for _ in range(5):  # where the redirect goes must work too
            location = urlsplit(response.headers["Location"])
            page = location.path + (f"?{location.query}" if location.query else "")
            response = client.get(page)
            if not 300 <= response.status_code < 400:
                break
        assert response.status_code < 400, (
            f"{target.name} redirected to {page}, which answered {response.status_code}"
        )
    elif status >= 400 and response.mimetype == "text/html":
        text = response.get_data(as_text=True)
        assert MESSAGE.search(text), f"{target.name} refused with {status} but no message"


def _form_data(target) -> st.SearchStrategy[dict]:
    """Values for every field of ``target``: the page's own, hostile ones, none, several;
    sometimes a field the form does not have."""
    parts = {}
    for name, spec in target.fields.items():
        if name.endswith("csrf_token"):
            # The page's valid token four times in five, else nothing gets past the check.
            valid, broken = st.just(spec.values), st.lists(st.sampled_from(NASTY), max_size=1)
            value = st.one_of(valid, valid, valid, valid, broken)
        elif spec.kind == "file":
            value = st.lists(_upload(), max_size=2)
        else:
            # Mostly one value; sometimes none, or the field twice.
            one = st.tuples(hostile_text([v for v in spec.values if v])).map(list)
            value = st.one_of(one, one, st.lists(one.map(lambda v: v[0]), max_size=2))
        parts[name] = value
    extra = st.dictionaries(ANY_TEXT.filter(bool), st.lists(ANY_TEXT, max_size=1), max_size=1)

    def merge(fixed_and_extra):
        fixed, more = fixed_and_extra
        merged = {**more, **fixed}
        return {k: v for k, v in merged.items() if v}

    return st.tuples(st.fixed_dictionaries(parts), extra).map(merge)


def _upload():
    content = st.one_of(
        st.binary(max_size=200),
        hostile_text().map(lambda t: t.encode("utf-8")),
        st.sampled_from([b"\xef\xbb\xbftitle: x\n", b"a: &a [*a, *a]\n", b"\xff\xfe\x00"]),
    )
    name = st.sampled_from(["set.yaml", "set.json", "set.yml", "set", "", "../../x.json"])
    return st.tuples(content, name).map(lambda cn: (io.BytesIO(cn[0]), cn[1]))
