"""``/csp-report`` takes browsers' CSP reports in both formats, logs each, and refuses the rest."""

from __future__ import annotations

import json
import logging

import pytest
from support import make_test_app

from quizapp.main.csp_reports import MAX_REPORT_BYTES

REPORT_URI_BODY = {
    "csp-report": {
        "document-uri": "http://127.0.0.1/sets/abc?from=mail#top",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "original-policy": "default-src 'self'; …",
        "line-number": 12,
    }
}
REPORTS_JSON_BODY = [
    {
        "type": "csp-violation",
        "url": "http://127.0.0.1/",
        "body": {"documentURL": "http://127.0.0.1/", "effectiveDirective": "style-src-attr",
                 "blockedURL": "inline", "disposition": "enforce"},
    },
    {"type": "deprecation", "body": {"id": "x"}},
]  # fmt: skip


@pytest.fixture
def keeping_app(database_url):
    """The app as production has it (CSRF on), keeping the reports for the test to read."""
    return make_test_app(database_url, WTF_CSRF_ENABLED=True, QUIZAPP_KEEP_CSP_REPORTS=True)


def post(app, body, mimetype):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return app.test_client().post("/csp-report", data=data, content_type=mimetype)


def test_the_policy_sends_its_reports_to_the_endpoint(client):
    assert "report-uri /csp-report" in client.get("/").headers["Content-Security-Policy"]


def test_a_report_uri_report_is_logged_and_kept_without_csrf_or_sign_in(keeping_app, caplog):
    with caplog.at_level(logging.WARNING, logger="quizapp.main.csp_reports"):
        response = post(keeping_app, REPORT_URI_BODY, "application/csp-report")
    assert response.status_code == 204
    [kept] = keeping_app.extensions["csp_reports"]
    assert kept == {
        # The page's share link is masked as in the request log; query and fragment go.
        "document-uri": "http://127.0.0.1/sets/…",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "line-number": "12",
    }  # the whole policy is not worth a log line
    assert "CSP violation" in caplog.text and "script-src-elem" in caplog.text
    assert "abc" not in caplog.text and "mail" not in caplog.text


def test_a_reporting_api_batch_keeps_only_its_csp_violations(keeping_app):
    assert post(keeping_app, REPORTS_JSON_BODY, "application/reports+json").status_code == 204
    assert keeping_app.extensions["csp_reports"] == [
        {"documentURL": "http://127.0.0.1/", "effectiveDirective": "style-src-attr",
         "blockedURL": "inline"}
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "mimetype", "status", "message"),
    [
        (b"x=1", "application/x-www-form-urlencoded", 415, "application/csp-report"),
        (b"{not json", "application/csp-report", 400, "not a CSP report"),
        (b'{"something": "else"}', "application/csp-report", 400, "not a CSP report"),
        (b"\xff\xfe", "application/csp-report", 400, "not a CSP report"),
        (b'{"csp-report": {"a": "' + b"x" * MAX_REPORT_BYTES + b'"}}', "application/csp-report",
         413, f"at most {MAX_REPORT_BYTES} bytes"),
    ],
)  # fmt: skip
def test_what_is_not_a_report_is_refused_and_kept_nowhere(
    keeping_app, body, mimetype, status, message
):
    response = post(keeping_app, body, mimetype)
    assert response.status_code == status
    assert message in response.data.decode()
    assert keeping_app.extensions["csp_reports"] == []
