"""Every API failure is JSON with a 4xx status: bodies, content types, sizes, routes, methods."""

import pytest
from support import make_test_app

POST_ROUTES = ["/api/v1/questions", "/api/v1/answers"]


@pytest.mark.parametrize("path", POST_ROUTES)
@pytest.mark.parametrize(
    ("data", "content_type", "status", "message"),
    [
        (b"{", "application/json", 400, "not valid JSON"),
        (b"", "application/json", 400, "body is empty"),
        (b"\xff\xfe\xfa", "application/json", 400, "not valid JSON"),
        (b'{"type": NaN}', "application/json", 400, "NaN is not allowed"),
        (b'{"seed": Infinity}', "application/json", 400, "Infinity is not allowed"),
        (b"[" * 50_000, "application/json", 400, "not valid JSON"),
        (b'{"seed": 1' + b"0" * 5000 + b"}", "application/json", 400, "not valid JSON"),
        (b"[1, 2]", "application/json", 422, "must be a JSON object, not an array"),
        (b'"text"', "application/json", 422, "must be a JSON object, not a string"),
        (b"null", "application/json", 422, "must be a JSON object, not null"),
        (b"type=bce", "application/x-www-form-urlencoded", 415, "Content-Type: application/json"),
        (b'{"type": "bce"}', "text/plain", 415, "got text/plain"),
        (b'{"type": "bce"}', None, 415, "Content-Type: application/json"),
    ],
)
def test_unusable_bodies_are_json_errors_about_the_body(
    api, path, data, content_type, status, message
):
    headers = {"Content-Type": content_type} if content_type else {}
    response = api.post(path, data=data, headers=headers)
    assert response.status_code == status and response.is_json
    body = response.get_json()
    assert message in body["error"] and body["where"] == "body", body


@pytest.mark.parametrize("path", POST_ROUTES)
def test_a_body_over_64_kb_is_413_json(api, path):
    response = api.post(path, data=b" " * (65 * 1024), content_type="application/json")
    assert response.status_code == 413 and response.is_json
    assert "64 KB" in response.get_json()["error"]


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/", "/api/v2/questions", "/api/"])
def test_unknown_api_paths_are_404_json(api, path):
    response = api.get(path)
    assert response.status_code == 404 and response.is_json
    assert "openapi.json" in response.get_json()["error"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("post", "/api/v1/question-types", "GET"),
        ("delete", "/api/v1/questions", "POST"),
        ("get", "/api/v1/answers", "POST"),
        ("put", "/api/v1/progress", "GET"),
        ("post", "/api/v1/openapi.json", "GET"),
    ],
)
def test_wrong_methods_are_405_json_with_allow(api, method, path, allowed):
    response = getattr(api, method)(path)
    assert response.status_code == 405 and response.is_json
    assert f"use {allowed}" in response.get_json()["error"]
    assert allowed in response.headers["Allow"]


def test_pages_outside_the_api_still_get_html_errors(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_api_responses_are_not_cached_and_set_no_cookie(api, serve):
    serve()
    response = api.get("/api/v1/question-types")
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_an_unexpected_failure_under_the_api_is_json_without_details(database_url):
    app = make_test_app(database_url, TESTING=False)

    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = app.test_client().get("/api/v1/boom")
    assert response.status_code == 500 and response.is_json
    assert "kaboom" not in response.get_data(as_text=True)
    assert "logged" in response.get_json()["error"]
