"""The dashboard's content, byte for byte, for two seeded histories at a fixed time.

The snapshots in ``snapshots/`` were taken from the dashboard before its queries were made
cheaper, so a faster way of computing the same page must give the same page. Only the
``<main>`` element is compared (the nav belongs to base.html); CSRF tokens and CSP nonces
are blanked. After an intended change to what the page shows, write the snapshots again
with ``QUIZAPP_WRITE_SNAPSHOTS=1 .venv/bin/pytest tests/dashboard/test_dashboard_snapshot.py``
and read the diff before committing it.
"""

from __future__ import annotations

import os
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, User
from quizapp.models.retry import Retry
from quizapp.services import progress
from quizapp.services.set_items import AUTHORED_TYPE

SNAPSHOTS = Path(__file__).parent / "snapshots"
NOW = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)
#: Types across several topics, one of them an instructor's own item type and one retired.
TYPES = (
    "ce_one_hot",
    "ce_batch",
    "entropy",
    "uniform_entropy",
    "bce",
    "softmax_vector",
    "kl_divergence",
    "multilabel_loss",
    "surprisal",
    "which_loss",
    AUTHORED_TYPE,
    "retired_type_id",
)
CODES = ("log_base_2", "sign_dropped", "wrong_class", "mean_vs_sum", "no_softmax", "odd_code")
MAIN = re.compile(r"<main\b.*?</main>", re.S)
VOLATILE = (
    (re.compile(r'(name="csrf_token"[^>]*value=)"[^"]*"'), r'\1""'),
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
)
#: Whitespace next to a table's structural tags, which a browser does not show: the long
#: tables' rows are built in Python (dashboard/table_rows.py) without the template's.
TABLE_TAG = re.compile(r"\s*(</?(?:table|thead|tbody|tr|th|td)\b[^>]*>)\s*")


def unspaced(html: str) -> str:
    """``html`` without the whitespace around its table tags."""
    return TABLE_TAG.sub(r"\1", html)


def seed_history(app, user_id: int, count: int, seed: int) -> None:
    """``count`` attempts over the 45 days around NOW (gaps, bursts, and some dated after
    NOW as a skewed clock would), a mix of right, wrong, partly right, hinted and
    diagnosed, some wrong ones got right on a later try; then review cards."""
    rng = random.Random(seed)
    served, attempts, retries = [], [], []
    moments = sorted(
        NOW - timedelta(days=rng.choice((-1, 0, 0, 1, 2, 3, 5, 8, 13, 20, 31, 44)), minutes=m)
        for m in (rng.randrange(0, 24 * 60) for _ in range(count))
    )
    for n, moment in enumerate(moments):
        type_id = rng.choice(TYPES)
        outcome = rng.random()
        correct = outcome < 0.55
        score = 1.0 if correct else rng.choice((0.0, 0.0, 0.25, 0.5, 0.8))
        token = f"snap-{user_id}-{n}"
        common = {"type_id": type_id, "seed": n, "difficulty": 1, "params": {}, "user_id": user_id}
        served.append({**common, "token": token, "served_at": moment, "answered_at": moment})
        attempts.append(
            {
                **common,
                "id": user_id * 100_000 + n + 1,
                "served_token": token,
                "raw_answer": "0.5",
                "correct": correct,
                "score": score,
                "diagnosis": None if correct or outcome > 0.9 else rng.choice(CODES),
                "hints_used": rng.choice((0, 0, 0, 1, 2)),
                "time_taken_ms": rng.choice((None, 4_000, 65_000)),
                "self_assessed": ["a"] if type_id == "which_loss" and correct else None,
                "created_at": moment,
            }
        )
        if not correct and rng.random() < 0.3:
            for number in range(2, rng.choice((3, 4)) + 1):
                retry_token = f"{token}-try{number}"
                served.append(
                    {**common, "token": retry_token, "served_at": moment, "answered_at": moment}
                )
                retries.append(
                    {
                        "attempt_id": user_id * 100_000 + n + 1,
                        "try_number": number,
                        "served_token": retry_token,
                        "created_at": moment,
                        "answered_at": moment,
                        "correct": number == 3,
                        "score": 1.0 if number == 3 else 0.0,
                        "hints_used": 0,
                    }
                )
    with app.app_context():
        with db.engine.begin() as connection:
            if attempts:
                connection.execute(insert(ServedQuestion), served)
                connection.execute(insert(Attempt), attempts)
            if retries:
                connection.execute(insert(Retry), retries)
        progress.replay_reviews(user_id)


def dashboard_main(client) -> str:
    page = client.get("/progress/")
    assert page.status_code == 200
    main = MAIN.search(page.data.decode()).group(0)
    for pattern, blank in VOLATILE:
        main = pattern.sub(blank, main)
    return main


@pytest.mark.parametrize(
    ("count", "seed", "days_later"),
    [(0, 1, 0), (60, 2, 0), (60, 4, 6), (700, 3, 0), (700, 5, 3)],
)
def test_dashboard_shows_what_it_showed_before(app, client, auth, count, seed, days_later):
    """Seen at NOW, and some days later (reviews due, the chart's days moved on)."""
    app.config["QUIZAPP_CLOCK"] = lambda: NOW + timedelta(days=days_later)
    auth.sign_up()
    with app.app_context():
        user_id = db.session.execute(db.select(User.id)).scalar_one()
    seed_history(app, user_id, count, seed)
    main = dashboard_main(client)
    snapshot = SNAPSHOTS / f"dashboard_{count}_{seed}_{days_later}.html"
    if os.environ.get("QUIZAPP_WRITE_SNAPSHOTS"):
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(main)
    assert unspaced(main) == unspaced(snapshot.read_text())
