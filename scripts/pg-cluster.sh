#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for tests.
#
#   scripts/pg-cluster.sh start DIR   -> prints exactly one line on stdout:
#                                        postgres://postgres@127.0.0.1:PORT/postgres
#   scripts/pg-cluster.sh stop DIR    -> stops the cluster (immediate) and removes DIR
#
# The cluster lives entirely in DIR (which must be absent or empty on start),
# listens on 127.0.0.1 only, on a free port, with no Unix socket, trust auth,
# fsync=off, and the superuser `postgres`. Everything except the URL goes to
# stderr; a start that does not yield a cluster answering queries exits
# non-zero with the reason (and the server log) on stderr.
#
# initdb/postgres refuse to run as root, so as root the cluster runs as the
# unprivileged system user $SIMPUL_PG_USER (default simpul-pg, created if
# missing). As a normal user it runs as that user.
set -euo pipefail

PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
PG_USER="${SIMPUL_PG_USER:-simpul-pg}"
MARKER=".simpul-pg-cluster"

die() { printf 'pg-cluster: ERROR: %s\n' "$*" >&2; exit 1; }
say() { printf 'pg-cluster: %s\n' "$*" >&2; }

usage() { die "usage: $0 start|stop DIR"; }

[[ $# -eq 2 ]] || usage
cmd="$1"
dir="$(realpath -m -- "$2")"
[[ "$dir" != "/" && -n "$dir" ]] || die "refusing to use DIR=$dir"

as_pg=()
if [[ $(id -u) -eq 0 ]]; then
    as_pg=(runuser -u "$PG_USER" --)
fi

free_port() {
    local p
    if p="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null)" && [[ -n "$p" ]]; then
        echo "$p"
    else
        node -e 'const s=require("net").createServer(); s.listen(0,"127.0.0.1",()=>{console.log(s.address().port); s.close();});'
    fi
}

start() {
    [[ -x "$PGBIN/initdb" && -x "$PGBIN/pg_ctl" && -x "$PGBIN/psql" ]] \
        || die "PostgreSQL 15 binaries not found in $PGBIN (run scripts/install-test-deps.sh)"

    if [[ $(id -u) -eq 0 ]] && ! id -u "$PG_USER" >/dev/null 2>&1; then
        say "creating system user $PG_USER"
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$PG_USER" >&2 2>/dev/null \
            || id -u "$PG_USER" >/dev/null 2>&1 \
            || die "cannot create system user $PG_USER"
    fi

    if [[ -e "$dir" ]]; then
        [[ -d "$dir" ]] || die "$dir exists and is not a directory"
        [[ -z "$(ls -A -- "$dir")" ]] || die "$dir is not empty"
    else
        mkdir -p -- "$dir" || die "cannot create $dir"
    fi
    touch "$dir/$MARKER"
    if [[ $(id -u) -eq 0 ]]; then
        chown -R "$PG_USER:" "$dir" || die "cannot chown $dir to $PG_USER"
        chmod 700 "$dir"
        "${as_pg[@]}" test -w "$dir" \
            || die "$PG_USER cannot write $dir (is a parent directory not traversable? use a directory under /tmp)"
    fi

    local data="$dir/data" logf="$dir/postgres.log"
    local locale=C.UTF-8
    locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$' || locale=C
    if ! "${as_pg[@]}" "$PGBIN/initdb" -D "$data" -U postgres --auth=trust \
            --encoding=UTF8 --locale="$locale" --no-sync >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        die "initdb failed in $data"
    fi

    cat >>"$data/postgresql.conf" <<CONF

# --- scripts/pg-cluster.sh: throwaway test cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
log_min_messages = warning
log_line_prefix = '%m [%p] %d '
CONF

    local attempt port
    for attempt in 1 2 3; do
        port="$(free_port)"
        [[ "$port" =~ ^[0-9]+$ ]] || die "could not pick a free port"
        if "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$data" -l "$logf" -w -t 60 \
                -o "-p $port" start >/dev/null 2>>"$dir/pg_ctl.log"; then
            echo "$port" >"$dir/port"
            local url="postgres://postgres@127.0.0.1:$port/postgres"
            if "$PGBIN/psql" -X -q -At -d "$url" -c 'select 1' >/dev/null 2>>"$dir/pg_ctl.log"; then
                say "PostgreSQL $("$PGBIN/postgres" -V | awk '{print $3}') up on 127.0.0.1:$port (data in $data)"
                echo "$url"
                return 0
            fi
            say "server started on port $port but does not answer queries"
            "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
        fi
        say "start attempt $attempt on port $port failed"
    done
    {
        echo "--- pg_ctl output ---"; cat "$dir/pg_ctl.log" 2>/dev/null || true
        echo "--- server log ---"; tail -n 50 "$logf" 2>/dev/null || true
    } >&2
    die "could not start PostgreSQL in $dir"
}

stop() {
    if [[ ! -e "$dir" ]]; then
        say "$dir does not exist; nothing to stop"
        return 0
    fi
    if [[ -d "$dir" && -z "$(ls -A -- "$dir")" ]]; then
        rmdir -- "$dir"  # a start that failed before initdb leaves it empty
        return 0
    fi
    [[ -e "$dir/$MARKER" ]] || die "$dir was not created by pg-cluster.sh start; refusing to remove it"
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 \
            || say "pg_ctl stop failed (server already gone?)"
    fi
    rm -rf -- "$dir"
    say "stopped and removed $dir"
}

case "$cmd" in
    start) start ;;
    stop) stop ;;
    *) usage ;;
esac
