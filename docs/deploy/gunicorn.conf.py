"""gunicorn settings for quizapp: sync workers, two per core, on the address in $BIND.

    gunicorn --config docs/deploy/gunicorn.conf.py 'quizapp:create_app()'

Sync workers, not threads: on SQLite the gthread worker measured a tenfold worse p99 on
writes. Each worker opens its own database connections after the fork (no preload), so
no connection is ever shared between processes. Several workers need their rate-limit
counters in Redis (QUIZAPP_RATELIMIT_STORAGE); ``on_starting`` warns when they are not.
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
timeout = 30
graceful_timeout = 20
keepalive = 2
accesslog = None  # QUIZAPP_REQUEST_LOG=1 writes one JSON line per request instead
errorlog = "-"
# gunicorn 27 opens a control socket at one fixed path per user, shared by every instance on
# the machine (two instances behind one load balancer would fight over it); we use none.
# Older gunicorn ignores the unknown name.
control_socket_disable = True


def on_starting(server):
    """Warn at start when the workers would each keep their own rate-limit counters."""
    from quizapp.config import unshared_storage_warning

    warning = unshared_storage_warning(server.cfg.workers, os.environ)
    if warning:
        server.log.warning(warning)
