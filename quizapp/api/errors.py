"""Every API failure is JSON ``{"error": …, "where"?: …}`` with a 4xx status, never an HTML page."""

from __future__ import annotations

from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException, InternalServerError

from quizapp.api import bp
from quizapp.main.errors import JSON_ERROR_PREFIXES

API_PREFIX = "/api/"

#: Messages for HTTP errors the API itself does not raise with a message of its own.
MESSAGES = {
    400: "The request could not be read.",
    401: "Send a valid personal API token as 'Authorization: Bearer <token>'.",
    404: "There is no API route at this address; see /api/v1/openapi.json for the routes.",
    405: "This API route does not accept that method; see /api/v1/openapi.json.",
    413: "The request body is larger than the API accepts (64 KB).",
    415: "Send the body as JSON with 'Content-Type: application/json'.",
    429: "Too many requests; wait for the seconds the Retry-After header says.",
    500: "Something went wrong on our side; the error has been logged.",
}


class ApiError(Exception):
    """A failure the caller can fix; ``where`` names the request field at fault."""

    def __init__(self, status: int, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.where = where


def json_error(status: int, message: str, where: str | None = None) -> tuple[Response, int]:
    """The JSON body every API error has."""
    body: dict[str, str] = {"error": message}
    if where is not None:
        body["where"] = where
    return jsonify(body), status


@bp.errorhandler(ApiError)
def handle_api_error(error: ApiError):
    """A caller's mistake, with the message and the field that caused it."""
    response, status = json_error(error.status, error.message, error.where)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="quizapp"'
    return response, status


@bp.errorhandler(HTTPException)
def handle_http_error(error: HTTPException):
    """HTTP errors raised inside API views (413 from a large body, 405, …) as JSON."""
    return http_error_json(error)


def http_error_json(error: HTTPException):
    """Any HTTP error under /api/ as JSON, keeping the ``Allow`` header of a 405."""
    status = 500 if isinstance(error, InternalServerError) else error.code or 500
    own = error.description if error.description != type(error).description else None
    message = own or MESSAGES.get(status, "The request could not be handled.")
    if status == 404:
        message = f"There is no API route {request.path}; see /api/v1/openapi.json for the routes."
    elif status == 405:
        allowed = ", ".join(sorted(set(getattr(error, "valid_methods", None) or ()) - {"OPTIONS"}))
        message = f"{request.path} does not accept {request.method}" + (
            f"; use {allowed}." if allowed else "."
        )
    response, status = json_error(status, message)
    for name, value in error.get_headers():
        if name.lower() == "allow":
            response.headers[name] = value
    return response, status


# Routing failures (an unknown path, a wrong method) happen before any blueprint is
# chosen, so the app-level handlers ask this for paths under /api/.
JSON_ERROR_PREFIXES[API_PREFIX] = http_error_json
