"""A live server on 127.0.0.1 (free port) and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from support import close_apps_on, make_test_app
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: Where screenshots go: test-artifacts/ (ignored by git), or QUIZAPP_SCREENSHOTS when set.
ARTIFACTS = Path(
    os.environ.get("QUIZAPP_SCREENSHOTS") or Path(__file__).resolve().parents[2] / "test-artifacts"
)


def pytest_collection_modifyitems(items):
    """Everything in this folder is a browser test."""
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def live_app(backend):
    """The real app (CSRF on) on a fresh migrated database of each backend."""
    url = backend.migrated()
    app = make_test_app(url, WTF_CSRF_ENABLED=True, TESTING=False)
    yield app
    close_apps_on(url)
    backend.drop(url)


def buffered(app):
    """``app`` with each response body read in full, and closed, before it is sent.

    werkzeug's development server skips ``close()`` on a response when the browser drops
    the connection while the server drains it (serving.py, run_wsgi): the static file
    left open raises ResourceWarning in whichever test runs next. A page that moves on
    while its stylesheet or the maths font is still loading does exactly that.
    """

    def wsgi(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return wsgi


@pytest.fixture(scope="module")
def live_server(live_app):
    """Serve ``live_app`` from a background thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, buffered(live_app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium; a missing binary is a failure that says how to install it."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install Debian's package: "
            "apt-get update && apt-get install -y chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (own cookies) per test, laptop-sized."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot (or one of ``element``) under ARTIFACTS, for a person
    to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, element=None) -> Path:
        path = ARTIFACTS / f"{name}.png"
        if element is None:
            page.screenshot(path=str(path), full_page=True)
        else:
            element.screenshot(path=str(path))
        return path

    return take
