"""Security headers and the no-inline-code rule that the strict CSP depends on."""

import re

import pytest

INLINE_STYLE = re.compile(rb"<[^>]+\sstyle\s*=", re.IGNORECASE)
INLINE_HANDLER = re.compile(rb"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)


def assert_no_inline_code(html: bytes) -> None:
    assert not INLINE_STYLE.search(html), INLINE_STYLE.search(html).group(0)
    assert not INLINE_HANDLER.search(html), INLINE_HANDLER.search(html).group(0)
    assert not INLINE_SCRIPT.search(html)
    assert b"<style" not in html


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_a_header_a_view_chose_is_kept_and_the_others_added(app):
    """A view's own value wins, whatever the case of its name; each header appears once."""

    @app.get("/test/own-frame-policy")
    def own_frame_policy():
        return "framed", {"x-frame-options": "SAMEORIGIN", "Referrer-Policy": "no-referrer"}

    response = app.test_client().get("/test/own-frame-policy")
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert response.headers.getlist("Referrer-Policy") == ["no-referrer"]
    assert response.headers.getlist("X-Content-Type-Options") == ["nosniff"]
    assert len(response.headers.getlist("Content-Security-Policy")) == 1


def test_headers_on_error_pages_too(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response.headers
    assert b"Page not found" in response.data


@pytest.mark.parametrize("path", ["/", "/practice/", "/auth/sign-in", "/auth/sign-up", "/nope"])
def test_pages_have_no_inline_code(client, path):
    assert_no_inline_code(client.get(path).data)


def test_question_and_feedback_pages_have_no_inline_code(client, open_question):
    token = open_question()
    assert_no_inline_code(client.get(f"/practice/question/{token}").data)
    client.post(f"/practice/question/{token}", data={"answer": "0.5146"})
    assert_no_inline_code(client.get(f"/practice/feedback/{token}").data)


def test_method_not_allowed_is_a_friendly_page(client):
    response = client.get("/practice/next")
    assert response.status_code == 405 and b"not available here" in response.data


def test_session_cookie_is_http_only_and_lax(client, open_question):
    open_question()
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
