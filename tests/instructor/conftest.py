"""People of every role, and a client that signs in as one of them."""

from __future__ import annotations

import pytest
from set_support import PEOPLE, add_user, sign_in


@pytest.fixture
def people(app):
    """A learner, two instructors (the owner of the sets made in tests, and another), an admin."""
    with app.app_context():
        return {who: add_user(email, role) for who, (email, role) in PEOPLE.items()}


@pytest.fixture
def as_(app, people):
    """``as_("owner")``: a new client signed in as that person (``as_(None)``: anonymous)."""

    def client_for(who):
        client = app.test_client()
        if who is not None:
            sign_in(client, PEOPLE[who][0])
        return client

    return client_for
