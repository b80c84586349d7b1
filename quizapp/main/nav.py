"""The site's main links, drawn in Python from pieces made once per kind of visitor.

Every page shows them (twice: a row on wide screens, a menu on phones, from one drawing).
As a Jinja macro their ten links and conditions cost about 7 % of a question page; here
the fixed markup of each (section, signed in, instructor) is built once, and a request
adds only what is its own: the due count, the display name and the CSRF token.
"""

from __future__ import annotations

from functools import lru_cache

from flask import request, url_for
from flask_login import AnonymousUserMixin, UserMixin
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

#: (endpoint, the section that lights it, label, class) of the links everyone gets.
_EVERYONE = (
    ("practice.start", "practice", "Practise", ""),
    ("interview.index", "interview", "Interview", ""),
)
_GUEST = (
    ("auth.sign_in", "sign_in", "Sign in", ""),
    ("auth.sign_up", "sign_up", "Sign up", "nav-cta"),
)


def _link(endpoint: str, lit: str, label: str, css: str, section: str) -> str:
    """One link's opening tag and label (no closing tags: the Review link adds its badge)."""
    css_attr = f' class="{css}"' if css else ""
    current = ' aria-current="page"' if section == lit else ""
    return f'<li><a{css_attr} href="{escape(url_for(endpoint))}"{current}>{label}'


#: Kept per (script root, section[, instructor]): about 24 entries per root the app is
#: served under. The root comes from the request (SCRIPT_NAME, which a proxy may pass on
#: from a client), so this bound is what made-up roots could fill: 64 navs of about 1 kB
#: plus ten copies of their root each.
_KEPT = 64


@lru_cache(maxsize=_KEPT)
def _guest_nav(script_root: str, section: str) -> Markup:
    """A guest's whole nav: nothing in it is the visitor's own."""
    links = _EVERYONE + _GUEST
    return Markup("".join(_link(*link, section) + "</a></li>" for link in links))


@lru_cache(maxsize=_KEPT)
def _member_pieces(script_root: str, section: str, instructor: bool) -> tuple[str, str, str]:
    """The signed-in nav up to the Review label, from there to the display name, and from
    the name to the CSRF token's value; the caller adds the badge, name and token."""
    head = "".join(_link(*link, section) + "</a></li>" for link in _EVERYONE)
    head += _link("dashboard.index", "progress", "Progress", "", section) + "</a></li>"
    head += _link("dashboard.review", "review", "Review", "", section)
    middle = "</a></li>"
    if instructor:
        middle += _link("instructor.index", "instructor", "Instructor", "", section) + "</a></li>"
    middle += _link("auth.account", "account", "", "nav-account", section)
    tail = (
        '</a></li><li><form class="inline-form" method="post" '
        f'action="{escape(url_for("auth.sign_out"))}">'
        '<input type="hidden" name="csrf_token" value="'
    )
    return head, middle, tail


_SIGN_OUT_END = '"><button type="submit" class="link-button">Sign out</button></form></li>'


def section_of(endpoint: str | None, blueprint: str | None) -> str:
    """The section a page belongs to, lit in the nav when its view names none."""
    if blueprint in ("practice", "interview"):
        return blueprint
    if endpoint in ("dashboard.index", "dashboard.attempt"):
        return "progress"
    if endpoint == "dashboard.review":
        return "review"
    if endpoint in ("auth.account", "auth.change_password"):
        return "account"
    if endpoint in ("auth.sign_in", "auth.sign_up"):
        return endpoint.removeprefix("auth.")
    if blueprint in ("instructor", "admin"):
        return "instructor"
    return ""


def site_nav(section: str, user: UserMixin | AnonymousUserMixin, due_reviews: int) -> Markup:
    """The nav's ``<li>`` items for ``user`` (Flask-Login's current user), with ``section``
    lit: the view's own choice (a question of an interview round is in "interview"), else
    the page's area. A signed-in user's carry the sign-out form and its CSRF token."""
    section = section or section_of(request.endpoint, request.blueprint)
    root = request.script_root
    if not user.is_authenticated:
        return _guest_nav(root, section)
    head, middle, tail = _member_pieces(root, section, bool(user.is_instructor))
    badge = (
        f' <span class="badge">{int(due_reviews)}<span class="visually-hidden"> due</span></span>'
        if due_reviews
        else ""
    )
    return Markup(
        f"{head}{badge}{middle}{escape(user.display_name)}{tail}{escape(generate_csrf())}{_SIGN_OUT_END}"
    )
