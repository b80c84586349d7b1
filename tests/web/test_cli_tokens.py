"""``flask --app quizapp tokens create EMAIL NAME``: a personal API token for a script."""

from __future__ import annotations

import pytest
from support import add_user

from quizapp.extensions import db
from quizapp.models.api_token import ApiToken, ApiTokenReveal


def test_tokens_create_prints_a_token_that_opens_the_api(app, runner):
    """The secret is stdout alone (so a script can capture it) and authenticates."""
    with app.app_context():
        user_id = add_user("script@example.com")
    result = runner.invoke(args=["tokens", "create", "Script@Example.com", "gradebook"])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert secret.startswith("qz_") and "\n" not in secret
    assert "not shown again" in result.stderr
    with app.app_context():
        token = db.session.execute(db.select(ApiToken)).scalar_one()
        assert (token.user_id, token.name, token.active) == (user_id, "gradebook", True)
        assert token.matches(secret) and secret not in token.token_hash
        assert db.session.execute(db.select(ApiTokenReveal)).first() is None
    response = app.test_client().get(
        "/api/v1/progress", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody@example.com", "x"], "No user has the email nobody@example.com."),
        (["script@example.com", "   "], "Give the token a name"),
        (["script@example.com", "n" * 81], "under 80 characters"),
    ],
)
def test_tokens_create_refuses_clearly(app, runner, args, message):
    """An unknown email or a bad name: exit status 1, a message, and no token."""
    with app.app_context():
        add_user("script@example.com")
    result = runner.invoke(args=["tokens", "create", *args])
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stdout == ""
    with app.app_context():
        assert db.session.execute(db.select(ApiToken)).first() is None
