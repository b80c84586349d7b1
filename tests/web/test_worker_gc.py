"""The deployment's workers keep the collector off the loaded app (docs/deploy/gunicorn.conf.py).

The hook runs in a child interpreter, as in a gunicorn worker, so this test process's own
collector is left as it is.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parents[2] / "docs" / "deploy" / "gunicorn.conf.py"

pytestmark = pytest.mark.backends("sqlite")

WORKER = f"""
import gc, json, runpy
from quizapp import create_app
app = create_app()  # what a worker has loaded when gunicorn calls the hook
settings = runpy.run_path({str(CONFIG)!r})
settings["post_worker_init"](None)
young = settings["YOUNG_COLLECTION_THRESHOLD"]
print(json.dumps({{"frozen": gc.get_freeze_count(),
                   "threshold": gc.get_threshold(), "young": young}}))
"""


def test_a_worker_freezes_what_it_loaded_and_collects_young_objects_less_often(database_url):
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "a-key-of-32-characters-or-more-for-production",
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [sys.executable, "-c", WORKER], env=env, capture_output=True, text=True, check=True
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["frozen"] > 50_000  # the app's modules and mappers, not a handful
    assert seen["threshold"][0] == seen["young"] > 700
