"""The time-zone setting: typed on the account page or sent once by the browser's script,
checked with zoneinfo, and used to show UTC moments."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time

import pytest
from assignment_support import user
from set_support import PEOPLE, flashes
from support import csrf_token

from quizapp.timezones import ZoneError, checked_zone, local_parts, local_time, utc_from_local


def _zone(app, who="learner"):
    with app.app_context():
        return user(who).timezone


def test_local_time_names_the_zone():
    moment = datetime(2026, 12, 8, 16, 0, tzinfo=UTC)
    assert local_time(moment, "Europe/Paris") == "Tue 8 Dec 2026, 17:00 (Europe/Paris)"
    assert local_time(moment) == "Tue 8 Dec 2026, 16:00 (UTC)"
    assert local_time(moment, "Asia/Kolkata") == "Tue 8 Dec 2026, 21:30 (Asia/Kolkata)"
    # Summer time: Paris is UTC+2 in July.
    assert utc_from_local(date(2026, 7, 1), time(17, 0), "Europe/Paris") == datetime(
        2026, 7, 1, 15, 0, tzinfo=UTC
    )


def test_a_due_time_on_a_dst_change_is_read_as_documented():
    # 29 Mar 2026, Paris: 02:00 → 03:00. 02:30 does not exist; it moves forward to 03:30 CEST.
    assert utc_from_local(date(2026, 3, 29), time(2, 30), "Europe/Paris") == datetime(
        2026, 3, 29, 1, 30, tzinfo=UTC
    )
    assert local_parts(datetime(2026, 3, 29, 1, 30, tzinfo=UTC), "Europe/Paris") == (
        date(2026, 3, 29),
        time(3, 30),
    )
    # 25 Oct 2026, Paris: 03:00 → 02:00. 02:30 happens twice; the first (CEST, UTC+2) counts.
    assert utc_from_local(date(2026, 10, 25), time(2, 30), "Europe/Paris") == datetime(
        2026, 10, 25, 0, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    "name",
    [
        "Mars/Olympus",
        "../../etc/passwd",
        "",
        "Europe/Paris;",
        "x" * 65,
        # Folders and other files of the zone database, which zoneinfo reads as paths.
        "Europe",
        "America/",
        "Etc",
        "leapseconds",
        "iso3166",
    ],
)
def test_unknown_zone_names_are_refused(name):
    with pytest.raises(ZoneError):
        checked_zone(name)


def test_the_account_page_sets_the_zone_and_refuses_a_bad_one(app, as_):
    learner = as_("learner")
    page = learner.get("/auth/account").text
    assert "Dates are shown in <strong>UTC</strong> (none is set yet)" in page
    assert 'id="timezone"' in page
    response = learner.post("/auth/timezone", data={"timezone": " Europe/Paris "})
    assert response.status_code == 303
    assert flashes(learner.get(response.headers["Location"]).data) == [
        "Dates are now shown in Europe/Paris."
    ]
    assert _zone(app) == "Europe/Paris"
    assert json.loads(learner.get("/auth/export").data)["profile"]["timezone"] == "Europe/Paris"
    bad = learner.post("/auth/timezone", data={"timezone": "Mars/Olympus"})
    assert bad.status_code == 422
    assert "“Mars/Olympus” is not a time zone we know" in bad.text
    assert _zone(app) == "Europe/Paris"  # nothing lost
    folder = learner.post("/auth/timezone", data={"timezone": "Europe"})
    assert folder.status_code == 422  # was a 500: zoneinfo raised IsADirectoryError
    assert "“Europe” is not a time zone we know" in folder.text
    assert _zone(app) == "Europe/Paris"


def test_the_browser_sends_its_zone_once_and_never_replaces_a_choice(app, as_):
    learner = as_("learner")
    page = learner.get("/progress/").text
    assert 'src="/static/js/timezone.js"' in page and 'data-send-url="/auth/timezone"' in page
    sent = learner.post("/auth/timezone", data={"timezone": "Asia/Tokyo", "automatic": "1"})
    assert sent.status_code == 200 and sent.get_json() == {"timezone": "Asia/Tokyo"}
    assert _zone(app) == "Asia/Tokyo"
    # Stored now: the pages stop asking, and a later automatic send changes nothing.
    assert "data-send-url" not in learner.get("/progress/").text
    again = learner.post("/auth/timezone", data={"timezone": "Europe/Paris", "automatic": "1"})
    assert again.get_json() == {"timezone": "Asia/Tokyo"} and _zone(app) == "Asia/Tokyo"
    bad = learner.post("/auth/timezone", data={"timezone": "Nowhere/Land", "automatic": "1"})
    assert bad.status_code == 422 and "Nowhere/Land" in bad.get_json()["error"]


def test_the_script_is_a_static_file(client):
    script = client.get("/static/js/timezone.js")
    try:
        assert script.status_code == 200
        assert "resolvedOptions().timeZone" in script.text and "csrf_token" in script.text
    finally:
        script.close()  # a static file is streamed from an open file


def test_the_automatic_send_needs_the_csrf_token(csrf_app):
    from support import add_user

    with csrf_app.app_context():
        add_user(PEOPLE["learner"][0], "learner")
    client = csrf_app.test_client()
    page = client.get("/auth/sign-in").data
    client.post(
        "/auth/sign-in",
        data={
            "email": PEOPLE["learner"][0],
            "password": "correct horse",
            "csrf_token": csrf_token(page),
        },
    )
    refused = client.post("/auth/timezone", data={"timezone": "Asia/Tokyo", "automatic": "1"})
    assert refused.status_code == 400
    page = client.get("/progress/").text
    token = page.split('data-csrf="', 1)[1].split('"', 1)[0]
    sent = client.post(
        "/auth/timezone", data={"timezone": "Asia/Tokyo", "automatic": "1", "csrf_token": token}
    )
    assert sent.status_code == 200
    with csrf_app.app_context():
        assert user("learner").timezone == "Asia/Tokyo"


def test_the_kept_zone_follows_the_user_and_their_setting(app, people):
    """The check of a zone's name is kept, not the zone: a change of the signed-in user,
    or of their stored zone, within one request is seen."""
    from flask_login import login_user, logout_user

    from quizapp.assignments.zones import local_time_filter, user_zone

    moment = datetime(2026, 12, 8, 16, 0, tzinfo=UTC)
    with app.test_request_context():
        learner, owner = user("learner"), user("owner")
        learner.timezone, owner.timezone = "Europe/Paris", "Asia/Kolkata"
        login_user(learner)
        assert local_time_filter(moment) == "Tue 8 Dec 2026, 17:00 (Europe/Paris)"
        learner.timezone = "America/New_York"
        assert local_time_filter(moment) == "Tue 8 Dec 2026, 11:00 (America/New_York)"
        login_user(owner)
        assert user_zone() == "Asia/Kolkata"
        logout_user()
        assert user_zone() == "UTC"
