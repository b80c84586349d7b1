# Shared set-up for scripts/serve and scripts/test: a virtual environment in the
# checkout with the project installed. Sourced, not run; the caller has `set -euo pipefail`.

as_root() {
    # apt-get needs root; use sudo when the user is not root and sudo exists.
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "error: '$*' needs root (or sudo)" >&2; return 1; fi
}

apt_install() {
    # Debian packages the project needs; `apt-get update` first, as a fresh machine has no lists.
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@"
}

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "error: quizapp needs Python 3.11 or newer as '$PYTHON' (set PYTHON=/path/to/python3.11)" >&2
    exit 1
fi

if [ ! -x .venv/bin/python ]; then
    # Debian's python3 ships venv's pip bootstrap in a separate package.
    if ! "$PYTHON" -m venv .venv 2>/dev/null; then
        rm -rf .venv
        apt_install python3-venv
        "$PYTHON" -m venv .venv
    fi
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip

install_postgresql() {
    # Debian's PostgreSQL server binaries (the tests run their own server from them). Debian
    # would also create and start a "main" cluster on port 5432; we turn that off first.
    if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then return 0; fi
    apt_install postgresql-common
    as_root sed -ri 's/^#? *create_main_cluster *=.*/create_main_cluster = false/' \
        /etc/postgresql-common/createcluster.conf
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends postgresql
}

install_redis() {
    # Debian's redis-server binary (the tests run their own server from it, on a free port).
    # Debian would also enable and start its own service on port 6379; nothing needs it, so
    # where systemd runs we turn it off again (elsewhere policy-rc.d or no init starts it).
    if command -v redis-server >/dev/null; then return 0; fi
    apt_install redis-server
    if [ -d /run/systemd/system ]; then
        as_root systemctl disable --now redis-server >/dev/null 2>&1 || true
    fi
}
