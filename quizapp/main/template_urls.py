"""``url_for`` for templates: the links that are the same on every request are built once.

A question page asks for nine URLs, and Flask builds each anew (about 6 µs; 2 µs kept).
A link with no values of its own (``main.home``) or to a static file depends only on
the root the app is served under, so it is kept per app and root; any other call (a
token's page, ``_external`` …) goes to Flask's ``url_for`` as before. That holds while
the app has no ``url_defaults`` callbacks, no host or subdomain routing and one rule per
endpoint, which would make a link depend on more than its root: a test checks all three.
"""

from __future__ import annotations

from flask import current_app, has_request_context, request, url_for

#: The root comes from the request (SCRIPT_NAME, which a trusted proxy may pass on), so
#: this bound is what made-up roots could fill; the templates have about 35 such links.
_KEPT = 256
_KEPT_URLS = "quizapp_kept_urls"  # app.extensions: {(root, endpoint, filename): url}


def template_url_for(endpoint: str, **values: object) -> str:
    """Flask's ``url_for``, kept for links with no values or only a static file's name."""
    if not has_request_context() or endpoint.startswith("."):
        return url_for(endpoint, **values)
    filename = values.get("filename") if endpoint == "static" else None
    if values and not (isinstance(filename, str) and len(values) == 1):
        return url_for(endpoint, **values)
    kept = current_app.extensions.setdefault(_KEPT_URLS, {})
    key = (request.script_root, endpoint, filename)
    url = kept.get(key)
    if url is None:
        url = url_for(endpoint, **values)
        if len(kept) >= _KEPT:
            kept.clear()
        kept[key] = url
    return url
