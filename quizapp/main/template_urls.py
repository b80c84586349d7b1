"""``url_for`` for templates: the links that are the same on every request are built once.

A question page asks for nine URLs; Flask builds each anew (about 11 µs), which was 7 % of
the page. A link with no values of its own (``main.home``) or to a static file depends
only on the root the app is served under, so it is kept per root; any other call (a
token's page, ``_external`` …) goes to Flask's ``url_for`` as before. The app has no
``url_defaults`` callbacks and no host or subdomain routing, which would make a link
depend on more than its root.
"""

from __future__ import annotations

from functools import lru_cache

from flask import has_request_context, request, url_for

#: The root comes from the request (SCRIPT_NAME, which a proxy may pass on from a client),
#: so this bound is what made-up roots could fill: about 15 such links per root.
_KEPT = 256


@lru_cache(maxsize=_KEPT)
def _fixed_url(script_root: str, endpoint: str, filename: str | None) -> str:
    """Built in the first request under ``script_root`` that asks; the root is the key."""
    if filename is None:
        return url_for(endpoint)
    return url_for(endpoint, filename=filename)


def template_url_for(endpoint: str, **values: object) -> str:
    """Flask's ``url_for``, kept for links with no values or only a static file's name."""
    if has_request_context() and not endpoint.startswith("."):
        if not values:
            return _fixed_url(request.script_root, endpoint, None)
        if endpoint == "static" and values.keys() == {"filename"}:
            return _fixed_url(request.script_root, endpoint, str(values["filename"]))
    return url_for(endpoint, **values)
