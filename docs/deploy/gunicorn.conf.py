"""gunicorn settings for quizapp: sync workers, two per core, on the address in $BIND.

    gunicorn --config docs/deploy/gunicorn.conf.py 'quizapp:create_app()'

Sync workers, not threads: on SQLite the gthread worker measured a tenfold worse p99 on
writes. Each worker opens its own database connections after the fork (no preload), so
no connection is ever shared between processes. Several workers need their rate-limit
counters in Redis (QUIZAPP_RATELIMIT_STORAGE); ``on_starting`` warns when they are not,
and stops gunicorn, with one line, on a setting the app would refuse.

Each worker is pinned to one CPU, spread evenly (a respawned worker takes the least used
one). A worker that stays on its core keeps its caches warm: under 20 concurrent learners
on 2 cores this cut the server's CPU per page by a fifth to a third
(``bench/load.py``). ``QUIZAPP_PIN_WORKERS=0`` leaves placement to the kernel, e.g. when
other busy services share the machine's cores.

Each worker, once it has loaded the app, moves everything it holds out of the garbage
collector's view (``gc.freeze``) and collects young objects less often (see
``post_worker_init``).
"""

import gc
import os


def _worker_count(default: int) -> int:
    """$WEB_CONCURRENCY, checked: gunicorn took 0 and served nothing, with no error, and
    a word stopped it with a traceback that did not say which setting was wrong."""
    given = os.environ.get("WEB_CONCURRENCY", "").strip()
    if not given:
        return default
    if not (given.isascii() and given.isdecimal()) or int(given) < 1:
        raise SystemExit(
            f"error: WEB_CONCURRENCY={given!r}: give the number of workers, a whole number"
            f" of 1 or more (unset: {default}, two per CPU)"
        )
    return int(given)


bind = os.environ.get("BIND", "127.0.0.1:8000")
worker_class = "sync"
# The CPUs this process may use (a container's share), not all the host's.
_CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
workers = _worker_count(2 * (_CPUS or 1))
timeout = 30
graceful_timeout = 20
keepalive = 2
accesslog = None  # QUIZAPP_REQUEST_LOG=1 writes one JSON line per request instead
errorlog = "-"
# gunicorn 27 opens a control socket at one fixed path per user, shared by every instance on
# the machine (two instances behind one load balancer would fight over it); we use none.
# Older gunicorn ignores the unknown name.
control_socket_disable = True


def pre_fork(server, worker):
    """Choose the CPU for the worker about to start: the one fewest live workers have."""
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if os.environ.get("QUIZAPP_PIN_WORKERS", "1").strip() == "0" or len(cpus) < 2:
        return
    taken = [getattr(other, "quizapp_cpu", None) for other in server.WORKERS.values()]
    worker.quizapp_cpu = min(cpus, key=lambda cpu: (taken.count(cpu), cpu))


def post_fork(server, worker):
    """Pin the new worker to the CPU ``pre_fork`` chose for it."""
    cpu = getattr(worker, "quizapp_cpu", None)
    if cpu is None:
        return
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError as problem:  # the CPU left our set since, or a sandbox forbids it
        server.log.warning("worker %s runs unpinned: CPU %s refused (%s)", worker.pid, cpu, problem)


#: Allocations between two collections of the youngest generation (Python's default: 700).
YOUNG_COLLECTION_THRESHOLD = 10_000


def post_worker_init(worker):
    """Keep the garbage collector off what the loaded app holds for the worker's life.

    The imported modules, the app, its routes and its models (about 140,000 objects) are
    never garbage, yet every full collection walked them all: 50-80 ms, a pause in
    whatever request met it; frozen, about 1 ms. A request's own objects are nearly all
    freed by reference counting, so young objects are collected every 10,000 allocations
    instead of every 700. In-process, over the answer flow, the feedback page and the
    dashboard, collection time per flow went 0.35 -> 0.15 ms with the freeze and -> 0.03 ms
    with the threshold too; the cycles found later are a few thousand objects more.

    What the workers build lazily (Jinja's compiled templates, SQLAlchemy's statement
    cache) comes after this and stays in the collector's view. With ``preload_app`` the
    freeze would belong in the master before the fork instead (a collection in each
    worker would copy the pages the workers share).
    """
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, middle, old)


def on_starting(server):
    """Refuse bad settings once, here, rather than in a traceback from every worker."""
    from quizapp.config import startup_problem, unshared_storage_warning

    # Only for quizapp: bench/load.py serves its one-route "hello" with this file too.
    module = getattr(server.app, "app_uri", "").partition(":")[0]
    if module == "quizapp" or module.startswith("quizapp."):
        problem = startup_problem()
        if problem:
            raise SystemExit(f"error: {problem}")
    warning = unshared_storage_warning(server.cfg.workers, os.environ)
    if warning:
        server.log.warning(warning)
