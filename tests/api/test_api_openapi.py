"""The OpenAPI document is valid OpenAPI 3 and lists exactly the /api/v1 routes."""

import re

from openapi_spec_validator import validate

METHODS = {"get", "post", "put", "patch", "delete"}


def documented(document) -> set[tuple[str, str]]:
    return {
        (path, method)
        for path, item in document["paths"].items()
        for method in item
        if method in METHODS
    }


def registered(app) -> set[tuple[str, str]]:
    """(path, method) of every rule under /api/v1, in OpenAPI's {param} spelling."""
    return {
        (re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_openapi_document_is_served_and_valid(api):
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.is_json
    document = response.get_json()
    validate(document)  # raises on an invalid OpenAPI 3.x document
    assert document["openapi"].startswith("3.")


def test_openapi_document_matches_the_routes_exactly(app, api):
    document = api.get("/api/v1/openapi.json").get_json()
    assert documented(document) == registered(app)
    assert len(registered(app)) == 9


def test_openapi_document_describes_errors_and_the_bearer_scheme(api):
    document = api.get("/api/v1/openapi.json").get_json()
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == {**scheme, "type": "http", "scheme": "bearer"}
    progress = document["paths"]["/api/v1/progress"]["get"]
    assert progress["security"] == [{"bearerAuth": []}] and "401" in progress["responses"]
    for path in ("/api/v1/questions", "/api/v1/answers"):
        operation = document["paths"][path]["post"]
        assert {"400", "413", "415", "422"} <= set(operation["responses"])
        assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert document["components"]["schemas"]["Error"]["required"] == ["error"]
