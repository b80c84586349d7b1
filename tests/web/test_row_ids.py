"""An id in a URL past what the id columns hold is a 404, never a 500 (PostgreSQL's
``integer`` is 32-bit and refuses to compare a larger number with it)."""

from __future__ import annotations

import pytest
from support import add_user, sign_in

from quizapp.extensions import db
from quizapp.models import User
from quizapp.services import classes

TOO_BIG = 2**31  # one past the largest PostgreSQL integer


@pytest.mark.parametrize(
    "path",
    [
        "/instructor/classes/{big}",
        "/instructor/classes/{big}/results",
        "/instructor/classes/{class_id}/results/{big}",
        "/instructor/classes/{class_id}/assignments/{big}/attempts.csv",
        "/instructor/classes/{class_id}/assignments/{big}/summary.csv",
        "/assignments/{big}",
        "/dashboard/attempt/{big}",
    ],
)
def test_an_id_too_large_for_the_column_is_a_404(app, path):
    with app.app_context():
        owner = add_user("owen@example.com", "instructor")
        class_id = classes.create_class(db.session.get_one(User, owner), "C").id
    client = app.test_client()
    sign_in(client, "owen@example.com")
    response = client.get(path.format(big=TOO_BIG, class_id=class_id))
    assert response.status_code == 404
