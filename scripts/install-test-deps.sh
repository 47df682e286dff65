#!/usr/bin/env bash
# Installs everything the test suite (scripts/test.sh) needs, idempotently.
# Fast path: every check below looks first and installs only what is missing,
# so on a machine that already has everything this takes about a second.
#
#   - PostgreSQL 15 server binaries (/usr/lib/postgresql/15/bin) for the
#     throwaway cluster started by scripts/pg-cluster.sh
#   - Debian's chromium + chromium-driver (/usr/bin/chromium) for the browser
#     journey; Playwright cannot download its own browsers here
#   - playwright-core from the npm registry into tests/browser/node_modules
#     (exact version pinned in tests/browser/package-lock.json)
#   - the ckanapi Python client (pinned, CKAN_API_VERSION) into a virtualenv at
#     tests/ckan/.venv, for the CKAN-compatible API test (crates/simpul/tests/ckan.rs)
#   - a Rust toolchain must already exist (it cannot be fetched here)
#
# cargo-nextest is deliberately NOT installed: scripts/test.sh runs plain
# `cargo test --workspace`, which also runs doctests (nextest does not) and
# needs nothing extra. Compiling nextest with `cargo install --locked` takes
# several minutes of the 2-core CI budget for no extra coverage.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"

log() { printf '[deps] %s\n' "$*" >&2; }
die() { printf '[deps] ERROR: %s\n' "$*" >&2; exit 1; }

# --- Debian packages ---------------------------------------------------------
need_pkgs=()
[[ -x "$PGBIN/initdb" && -x "$PGBIN/pg_ctl" && -x "$PGBIN/postgres" ]] || need_pkgs+=(postgresql)
[[ -x /usr/bin/chromium ]] || need_pkgs+=(chromium)
[[ -x /usr/bin/chromedriver ]] || need_pkgs+=(chromium-driver)
command -v node >/dev/null 2>&1 || need_pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || need_pkgs+=(npm)
command -v curl >/dev/null 2>&1 || need_pkgs+=(curl)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_pkgs+=(python3 python3-venv)

if ((${#need_pkgs[@]})); then
    log "installing Debian packages: ${need_pkgs[*]}"
    SUDO=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to apt-get install ${need_pkgs[*]}"
        SUDO=(sudo -n)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 update -q >&2 \
        || die "apt-get update failed"
    "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -q "${need_pkgs[@]}" </dev/null >&2 \
        || die "apt-get install ${need_pkgs[*]} failed"
else
    log "Debian packages present (postgresql 15, chromium, chromium-driver, node, npm, curl, python3-venv)"
fi

[[ -x "$PGBIN/initdb" ]] || die "PostgreSQL 15 binaries still missing in $PGBIN after install"
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium still missing after install"

# --- Node: playwright-core ---------------------------------------------------
node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 20)) || die "node >= 20 required for playwright-core, found $(node --version)"

BROWSER_DIR="$ROOT/tests/browser"
stamp="$BROWSER_DIR/node_modules/.package-lock.json"
if [[ -f "$BROWSER_DIR/node_modules/playwright-core/package.json" && -f "$stamp" \
      && ! "$BROWSER_DIR/package-lock.json" -nt "$stamp" ]]; then
    log "playwright-core present ($(node -p "require('$BROWSER_DIR/node_modules/playwright-core/package.json').version"))"
else
    log "npm ci in tests/browser"
    # PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: playwright-core does not download
    # browsers anyway; belt and braces in case a future version tries.
    (cd "$BROWSER_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
        npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci in tests/browser failed"
fi

# --- Python: ckanapi ----------------------------------------------------------
CKAN_API_VERSION=4.11
CKAN_VENV="$ROOT/tests/ckan/.venv"
if [[ -x "$CKAN_VENV/bin/python3" ]] && "$CKAN_VENV/bin/python3" -c "import ckanapi.version as v, sys; sys.exit(v.__version__ != '$CKAN_API_VERSION')" 2>/dev/null; then
    log "ckanapi present ($CKAN_API_VERSION)"
else
    log "installing ckanapi==$CKAN_API_VERSION into tests/ckan/.venv"
    python3 -m venv "$CKAN_VENV" || die "python3 -m venv failed (apt-get install python3-venv)"
    "$CKAN_VENV/bin/python3" -m pip install --quiet --disable-pip-version-check "ckanapi==$CKAN_API_VERSION" >&2 \
        || die "pip install ckanapi==$CKAN_API_VERSION failed"
fi

# --- Rust --------------------------------------------------------------------
if ! command -v cargo >/dev/null 2>&1; then
    [[ -x "$HOME/.cargo/bin/cargo" ]] || die "cargo not found (a Rust toolchain must be preinstalled)"
    log "cargo is in \$HOME/.cargo/bin but not on PATH; scripts/test.sh adds it"
fi

log "all test dependencies present"
