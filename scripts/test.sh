#!/usr/bin/env bash
# The one command that runs every test of Simpul. Run from anywhere:
#
#   scripts/test.sh
#
# Phases (each reported PASS/FAIL in the summary):
#   1. dependencies     scripts/install-test-deps.sh (idempotent, fast when present)
#   2. postgres cluster throwaway PostgreSQL 15 via scripts/pg-cluster.sh, unless
#                       SIMPUL_TEST_PG_URL is already set; its admin URL is
#                       exported as SIMPUL_TEST_PG_URL for the Rust tests, which
#                       create their own databases through it
#   3. rust tests       cargo test --workspace --no-fail-fast
#   4. build simpul     cargo build -p simpul (debug)
#   5. browser journey  `simpul serve --demo` on a free loopback port, with the
#                       service bus gateway on a second one, wait for /healthz,
#                       then node tests/browser/journey.mjs BASE GATEWAY
#
# The last line printed is `N passed, N failed` (counting the phases above);
# the exit status is non-zero if any phase failed.
#
# Why plain `cargo test` and not cargo-nextest: `cargo test` runs doctests too
# (nextest cannot), needs nothing installed, and installing nextest on a machine
# without it (`cargo install cargo-nextest --locked`) costs minutes of compile
# time on 2 cores. Test isolation is handled by the tests themselves (each
# creates its own database), so nextest's process-per-test model buys nothing.
#
# Environment knobs (all optional):
#   SIMPUL_TEST_PG_URL        use this PostgreSQL admin URL instead of a throwaway cluster
#   SIMPUL_TEST_PHASES        subset of "rust browser" to run (default: both)
#   SIMPUL_BIN                use this simpul binary for the journey (skips the build)
#   SIMPUL_TEST_SERVER_WAIT   seconds to wait for /healthz (default 60)
#   SIMPUL_TEST_RUST_TIMEOUT  seconds for cargo test, incl. compiling (default 3600)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ -d "$HOME/.cargo/bin" && ":$PATH:" != *":$HOME/.cargo/bin:"* ]]; then
    PATH="$HOME/.cargo/bin:$PATH"
fi
export RUST_BACKTRACE="${RUST_BACKTRACE:-1}"
if [[ "${CI:-}" == "true" ]]; then
    # A fresh clone builds everything once; incremental artifacts only cost disk and time.
    export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
fi

PHASES="${SIMPUL_TEST_PHASES:-rust browser}"
SERVER_WAIT="${SIMPUL_TEST_SERVER_WAIT:-60}"
RUST_TIMEOUT="${SIMPUL_TEST_RUST_TIMEOUT:-3600}"
want() { [[ " $PHASES " == *" $1 "* ]]; }

section() { printf '\n========== %s ==========\n' "$*"; }
note() { printf '[test] %s\n' "$*"; }

# --- results -------------------------------------------------------------------
SUMMARY=()
PASSED=0
FAILED=0
pass() { SUMMARY+=("  PASS  $1${2:+  ($2)}"); PASSED=$((PASSED + 1)); }
fail() { SUMMARY+=("  FAIL  $1${2:+  ($2)}"); FAILED=$((FAILED + 1)); }
skip() { SUMMARY+=("  SKIP  $1${2:+  ($2)}"); }

# --- temp space and cleanup ------------------------------------------------------
TMP_ROOT="$(mktemp -d -t simpul-test.XXXXXX)"
PG_DIR=""
SERVER_PID=""

stop_server() {
    # The server runs in its own process group (setsid): signal the whole group.
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM -- "-$SERVER_PID" 2>/dev/null || kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 40); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.25
        done
        kill -KILL -- "-$SERVER_PID" 2>/dev/null || kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ -n "$SERVER_PID" ]]; then
        kill -KILL -- "-$SERVER_PID" 2>/dev/null || true  # leftovers of an exited leader
    fi
    SERVER_PID=""
}

teardown() {
    stop_server
    if [[ -n "$PG_DIR" ]]; then
        "$ROOT/scripts/pg-cluster.sh" stop "$PG_DIR" || true
        PG_DIR=""
    fi
}

cleanup() {
    local rc=$?
    teardown
    rm -rf -- "$TMP_ROOT"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
        || node -e 'const s=require("net").createServer(); s.listen(0,"127.0.0.1",()=>{console.log(s.address().port); s.close();});'
}

# --- 1. dependencies ----------------------------------------------------------------
section "1/5 dependencies"
if bash "$ROOT/scripts/install-test-deps.sh"; then
    pass "dependencies"
else
    fail "dependencies" "scripts/install-test-deps.sh failed"
fi

# --- 2. PostgreSQL ----------------------------------------------------------------------
section "2/5 postgres cluster"
PG_OK=0
if ! want rust; then
    skip "postgres cluster" "rust phase not selected"
elif [[ -n "${SIMPUL_TEST_PG_URL:-}" ]]; then
    note "using SIMPUL_TEST_PG_URL from the environment"
    pass "postgres cluster" "provided by SIMPUL_TEST_PG_URL"
    PG_OK=1
else
    PG_DIR="$(mktemp -d -t simpul-pg.XXXXXX)"
    if PG_URL="$("$ROOT/scripts/pg-cluster.sh" start "$PG_DIR")" && [[ -n "$PG_URL" ]]; then
        export SIMPUL_TEST_PG_URL="$PG_URL"
        note "SIMPUL_TEST_PG_URL=$SIMPUL_TEST_PG_URL"
        pass "postgres cluster"
        PG_OK=1
    else
        note "could not start a throwaway PostgreSQL cluster (see above)"
        fail "postgres cluster" "scripts/pg-cluster.sh start failed"
    fi
fi

# --- 3. Rust tests ------------------------------------------------------------------------
section "3/5 rust tests (cargo test --workspace)"
rust_tests() {
    local log="$TMP_ROOT/cargo-test.log" rc=0
    timeout --kill-after=30 "$RUST_TIMEOUT" cargo test --workspace --no-fail-fast 2>&1 | tee "$log" || rc=$?
    # Sum cargo's per-binary "test result:" lines for the summary.
    RUST_COUNTS="$(awk '/^test result:/ {
            for (i = 1; i <= NF; i++) {
                if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) g += $i
            } n++ }
        END { printf "%d binaries: %d tests passed, %d failed, %d ignored", n, p, f, g }' "$log")"
    if ((rc == 124 || rc == 137)); then
        note "cargo test timed out after ${RUST_TIMEOUT}s"
    fi
    return "$rc"
}
RUST_COUNTS=""
if ! want rust; then
    skip "rust tests" "not selected"
elif ((PG_OK == 0)); then
    # Still run them: unit tests give useful output; the phase fails regardless.
    rust_tests || true
    fail "rust tests" "no PostgreSQL; ${RUST_COUNTS}"
elif rust_tests; then
    pass "rust tests" "$RUST_COUNTS"
else
    fail "rust tests" "${RUST_COUNTS:-cargo test failed}"
fi

# --- 4. build ---------------------------------------------------------------------------------
section "4/5 build simpul (cargo build -p simpul)"
BIN=""
if ! want browser; then
    skip "build simpul" "browser phase not selected"
elif [[ -n "${SIMPUL_BIN:-}" ]]; then
    BIN="$SIMPUL_BIN"
    note "using SIMPUL_BIN=$BIN"
    skip "build simpul" "SIMPUL_BIN given"
elif timeout --kill-after=30 1800 cargo build -p simpul; then
    BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/simpul"
    if [[ -x "$BIN" ]]; then
        pass "build simpul"
    else
        fail "build simpul" "$BIN not found after build"
        BIN=""
    fi
else
    fail "build simpul" "cargo build -p simpul failed"
fi

# --- 5. browser journey ----------------------------------------------------------------------
section "5/5 browser journey"
browser_journey() {
    local data port gwport log base code
    data="$(mktemp -d "$TMP_ROOT/data.XXXXXX")"
    log="$TMP_ROOT/server.log"
    port="$(free_port)" || { note "could not pick a free port"; return 1; }
    gwport="$(free_port)" || { note "could not pick a free port"; return 1; }
    if [[ "$gwport" == "$port" ]]; then
        gwport="$(free_port)" || { note "could not pick a free port"; return 1; }
    fi
    base="http://127.0.0.1:$port"
    note "starting: $BIN serve --demo --data-dir $data --listen 127.0.0.1:$port --gateway-listen 127.0.0.1:$gwport"
    setsid "$BIN" serve --demo --data-dir "$data" --listen "127.0.0.1:$port" --gateway-listen "127.0.0.1:$gwport" >"$log" 2>&1 </dev/null &
    SERVER_PID=$!

    local deadline=$((SECONDS + SERVER_WAIT)) ready=0
    while ((SECONDS < deadline)); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            wait "$SERVER_PID" 2>/dev/null && code=0 || code=$?
            SERVER_PID=""
            note "server exited (status $code) before answering /healthz; its log:"
            sed 's/^/    | /' "$log"
            return 1
        fi
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/healthz" || true)"
        if [[ "$code" == "200" ]]; then
            ready=1
            break
        fi
        sleep 0.25
    done
    if ((ready == 0)); then
        note "GET $base/healthz did not answer 200 within ${SERVER_WAIT}s (last: ${code:-none}); server log:"
        sed 's/^/    | /' "$log"
        stop_server
        return 1
    fi
    note "server ready at $base"

    local rc=0
    timeout --kill-after=10 300 node "$ROOT/tests/browser/journey.mjs" "$base" "http://127.0.0.1:$gwport" || rc=$?
    stop_server
    if ((rc != 0)); then
        note "server log (last 60 lines):"
        tail -n 60 "$log" | sed 's/^/    | /'
    fi
    return "$rc"
}
if ! want browser; then
    skip "browser journey" "not selected"
elif [[ -z "$BIN" ]]; then
    fail "browser journey" "no simpul binary"
elif browser_journey; then
    pass "browser journey"
else
    fail "browser journey" "see output above; screenshot in tests/browser/failure.png if the page loaded"
fi

# --- summary ----------------------------------------------------------------------------------
teardown  # before the summary, so that `N passed, N failed` is the last line printed
section "summary"
printf '%s\n' "${SUMMARY[@]}"
echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
