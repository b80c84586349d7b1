"""``/csp-report``: where browsers send what the Content-Security-Policy blocked.

A report means either an attack that the policy stopped or a page of ours that breaks the
policy (an inline style or script that slipped in): either way an operator should see it,
so each one is logged as a warning. The endpoint takes both formats browsers send:
``application/csp-report`` (the ``report-uri`` directive) and ``application/reports+json``
(the Reporting API's ``report-to``). It needs no sign-in and no CSRF token (browsers send
neither), and it is cheap: a capped body, parsed once, nothing stored. With
``QUIZAPP_KEEP_CSP_REPORTS`` on (the browser tests), reports are also kept in
``app.extensions["csp_reports"]`` for the tests to read.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, abort, current_app, request

from quizapp.extensions import csrf
from quizapp.main import bp
from quizapp.operations.request_log import masked_path

log = logging.getLogger(__name__)

#: The largest report body read; a real one is well under 2 KiB.
MAX_REPORT_BYTES = 16 * 1024
REPORT_TYPES = ("application/csp-report", "application/reports+json", "application/json")
#: The fields of a violation worth a log line (both spellings: report-uri's and report-to's).
LOGGED = (
    "document-uri", "documentURL", "violated-directive", "effective-directive",
    "effectiveDirective", "blocked-uri", "blockedURL", "source-file", "sourceFile",
    "line-number", "lineNumber", "sample",
)  # fmt: skip


@bp.post("/csp-report")
@csrf.exempt
def csp_report():
    """Log each violation in the body; 204, or 4xx for a body that is not a report."""
    if request.mimetype not in REPORT_TYPES:
        abort(415, "Send a CSP report as application/csp-report or application/reports+json.")
    if (request.content_length or 0) > MAX_REPORT_BYTES:
        abort(413, f"A CSP report is at most {MAX_REPORT_BYTES} bytes.")
    body = request.stream.read(MAX_REPORT_BYTES + 1)
    if len(body) > MAX_REPORT_BYTES:
        abort(413, f"A CSP report is at most {MAX_REPORT_BYTES} bytes.")
    try:
        violations = violations_in(json.loads(body))
    except (ValueError, UnicodeDecodeError):
        abort(400, "The body is not a CSP report in JSON.")
    for violation in map(_masked, violations):
        log.warning("CSP violation: %s", json.dumps(violation, sort_keys=True))
        if current_app.config.get("QUIZAPP_KEEP_CSP_REPORTS"):
            current_app.extensions.setdefault("csp_reports", []).append(violation)
    return Response(status=204)


def violations_in(report: Any) -> list[dict[str, Any]]:
    """The violations of a report in either format, each cut to the fields worth logging."""
    if isinstance(report, dict) and isinstance(report.get("csp-report"), dict):
        bodies = [report["csp-report"]]
    elif isinstance(report, list):
        bodies = [
            entry["body"]
            for entry in report
            if isinstance(entry, dict)
            and entry.get("type") == "csp-violation"
            and isinstance(entry.get("body"), dict)
        ]
    else:
        raise ValueError("not a CSP report")
    return [{k: str(b[k])[:500] for k in LOGGED if k in b} for b in bodies]


#: The fields that may name one of our pages: its path's secrets are masked before logging.
URL_FIELDS = (
    "document-uri",
    "documentURL",
    "blocked-uri",
    "blockedURL",
    "source-file",
    "sourceFile",
)


def _masked(violation: dict[str, str]) -> dict[str, str]:
    """The violation with each URL's path masked as the request log masks paths (a page's
    question token or share link opens it to whoever reads the log) and its query and
    fragment dropped, which may hold secrets as well."""
    masked = dict(violation)
    for key in URL_FIELDS:
        if key in masked:
            url = urlsplit(masked[key])
            masked[key] = urlunsplit((url.scheme, url.netloc, masked_path(url.path), "", ""))
    return masked


def init_app(app: Flask) -> None:
    """Start the list of kept reports when the app keeps them."""
    if app.config.get("QUIZAPP_KEEP_CSP_REPORTS"):
        app.extensions["csp_reports"] = []
