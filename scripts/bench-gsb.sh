#!/usr/bin/env bash
# Service bus gateway benchmark (issue 5). Prints figures; asserts nothing.
#
#   scripts/bench-gsb.sh [SECONDS] [CONNECTIONS] [MANY-CONNECTIONS]
#
# An nginx upstream answers a 1 KiB body. Measured with wrk on this machine:
#   (a) the Simpul gateway, full path: key authentication, access check,
#       rate limit (set high enough never to limit), durable signed message
#       log (every batch fdatasync'ed before the response ends);
#   (b) nginx as a reverse proxy with its access log on, to the same
#       upstream over keep-alive connections;
#   the requests/s of both and the ratio (a)/(b), with CONNECTIONS (64) and
#   again with MANY-CONNECTIONS (256) clients; CPU time per request of both;
#   (c) added latency at a fixed 1,000 requests/s: p50 and p99 calling the
#       upstream directly vs through the gateway (examples/load.rs holds the
#       rate: wrk cannot, and wrk2 is not in Debian);
#   (d) the gateway's resident memory idle and with 10,000 open keep-alive
#       connections.
# Everything (upstream, proxies, load generator) shares this machine's cores,
# so the figures compare the two proxies under the same handicap.
# Installs nginx and wrk from Debian when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECONDS_RUN="${1:-10}"
CONNS="${2:-64}"

log() { printf '[bench-gsb] %s\n' "$*" >&2; }

need=()
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
if ((${#need[@]})); then
    log "installing Debian packages: ${need[*]}"
    SUDO=()
    [[ $(id -u) -eq 0 ]] || SUDO=(sudo -n)
    "${SUDO[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

log "building the gateway and the load generator (release)"
cargo build --quiet --release -p simpul-gsb --example bench_gateway --example load
BIN="$ROOT/target/release/examples"

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    [[ -f "$WORK/nginx.pid" ]] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    sleep 0.3
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
UP_PORT=$(free_port)
PROXY_PORT=$(free_port)
GW_PORT=$(free_port)

mkdir -p "$WORK/www" "$WORK/nginx-tmp" "$WORK/gsb-log"
# nginx workers run as an unprivileged user when started as root.
chmod 755 "$WORK" "$WORK/www"
chmod 777 "$WORK/nginx-tmp"
head -c 1024 /dev/zero | tr '\0' 'a' > "$WORK/www/1k"
cat > "$WORK/nginx.conf" <<EOF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 16384; }
http {
    client_body_temp_path $WORK/nginx-tmp;
    proxy_temp_path $WORK/nginx-tmp;
    fastcgi_temp_path $WORK/nginx-tmp;
    uwsgi_temp_path $WORK/nginx-tmp;
    scgi_temp_path $WORK/nginx-tmp;
    default_type application/octet-stream;
    keepalive_requests 1000000;
    # The upstream: a 1 KiB body, no access log.
    server {
        listen 127.0.0.1:$UP_PORT;
        access_log off;
        location / { root $WORK/www; try_files /1k =404; }
    }
    upstream up { server 127.0.0.1:$UP_PORT; keepalive 256; }
    # The reference: nginx as a reverse proxy with its access log on.
    server {
        listen 127.0.0.1:$PROXY_PORT;
        access_log $WORK/access.log;
        location / {
            proxy_pass http://up;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
"$NGINX" -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log"
sleep 0.3

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
"$BIN/bench_gateway" "127.0.0.1:$GW_PORT" "http://127.0.0.1:$UP_PORT" "$WORK/gsb-log" > "$WORK/gw.out" 2>&1 &
GW_PID=$!
PIDS+=("$GW_PID")
for _ in $(seq 50); do grep -q ready "$WORK/gw.out" 2>/dev/null && break; sleep 0.1; done

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
IDLE_RSS=$(rss_kib "$GW_PID")

check=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer bench-key' "http://127.0.0.1:$GW_PORT/bench/1k")
[[ "$check" == 200 ]] || { log "the gateway answered $check"; curl -s -H "Authorization: Bearer bench-key" "http://127.0.0.1:$GW_PORT/bench/1k" >&2; curl -s "http://127.0.0.1:$UP_PORT/1k" | head -c 200 >&2; cat "$WORK/nginx-error.log" >&2; exit 1; }

rps() { awk '/Requests\/sec/ {print $2}'; }
reqs() { awk '/requests in/ {print $1}'; }
# CPU time (clock ticks, user + system) of the given processes, for the
# CPU-per-request figures: they hold when the machine is shared, where
# requests/s alone depend on what else runs.
ticks() { local t=0 p; for p in "$@"; do [[ -r /proc/$p/stat ]] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
NGINX_PIDS=$(pgrep -P "$(cat "$WORK/nginx.pid")" | tr '\n' ' ')
HZ=$(getconf CLK_TCK)
GW_CPU=0; GW_UP_CPU=0; GW_REQS=0; NX_CPU=0; NX_REQS=0
best() { awk -v a="$1" -v b="$2" 'BEGIN {print (a > b ? a : b)}'; }
# Alternating runs, best of two each: the machine is shared, and a burst of
# someone else's work should not decide the ratio.
GW_RPS=0
NGINX_RPS=0
for round in 1 2; do
    log "(a) gateway, ${SECONDS_RUN}s, $CONNS connections (round $round)"
    g0=$(ticks "$GW_PID"); n0=$(ticks $NGINX_PIDS)
    wrk -t2 -c"$CONNS" -d"${SECONDS_RUN}s" -H 'Authorization: Bearer bench-key' "http://127.0.0.1:$GW_PORT/bench/1k" > "$WORK/wrk-gw.txt"
    GW_CPU=$((GW_CPU + $(ticks "$GW_PID") - g0)); GW_UP_CPU=$((GW_UP_CPU + $(ticks $NGINX_PIDS) - n0)); GW_REQS=$((GW_REQS + $(reqs < "$WORK/wrk-gw.txt")))
    GW_RPS=$(best "$GW_RPS" "$(rps < "$WORK/wrk-gw.txt")")
    log "(b) nginx reverse proxy, ${SECONDS_RUN}s, $CONNS connections (round $round)"
    n0=$(ticks $NGINX_PIDS)
    wrk -t2 -c"$CONNS" -d"${SECONDS_RUN}s" "http://127.0.0.1:$PROXY_PORT/1k" > "$WORK/wrk-nginx.txt"
    NX_CPU=$((NX_CPU + $(ticks $NGINX_PIDS) - n0)); NX_REQS=$((NX_REQS + $(reqs < "$WORK/wrk-nginx.txt")))
    NGINX_RPS=$(best "$NGINX_RPS" "$(rps < "$WORK/wrk-nginx.txt")")
done
grep -E 'Non-2xx|Socket errors' "$WORK/wrk-gw.txt" "$WORK/wrk-nginx.txt" >&2 || true
# The same with more clients at once: each request waits for its batch to be
# durable, so with few connections the gateway is partly waiting rather than
# working; with more, that wait overlaps other requests' work.
MANY="${3:-256}"
GW_MANY=0
NGINX_MANY=0
for round in 1 2; do
    log "(a) gateway and (b) nginx with $MANY connections (round $round)"
    GW_MANY=$(best "$GW_MANY" "$(wrk -t2 -c"$MANY" -d"${SECONDS_RUN}s" -H 'Authorization: Bearer bench-key' "http://127.0.0.1:$GW_PORT/bench/1k" | rps)")
    NGINX_MANY=$(best "$NGINX_MANY" "$(wrk -t2 -c"$MANY" -d"${SECONDS_RUN}s" "http://127.0.0.1:$PROXY_PORT/1k" | rps)")
done

log "(c) fixed 1,000 requests/s, ${SECONDS_RUN}s each"
read -r D50 D99 DN DE < <("$BIN/load" rate "http://127.0.0.1:$UP_PORT/1k" 1000 "$SECONDS_RUN")
read -r G50 G99 GN GE < <("$BIN/load" rate "http://127.0.0.1:$GW_PORT/bench/1k" 1000 "$SECONDS_RUN" bench-key)

log "(d) 10,000 keep-alive connections"
"$BIN/load" hold "127.0.0.1:$GW_PORT" 10000 /bench/1k bench-key 5 > "$WORK/hold.out" &
HOLD_PID=$!
PIDS+=("$HOLD_PID")
for _ in $(seq 100); do grep -q held "$WORK/hold.out" 2>/dev/null && break; sleep 0.2; done
HELD=$(awk '{print $2}' "$WORK/hold.out")
HELD_RSS=$(rss_kib "$GW_PID")
wait "$HOLD_PID" || true

RECORDS=$(ls -l "$WORK/gsb-log" | awk 'NR>1 {s+=$5} END {print s}')
echo
echo "Simpul service bus gateway vs nginx reverse proxy (1 KiB upstream body; $(nproc) cores shared by all; load average $(cut -d' ' -f1-3 /proc/loadavg))"
printf '(a) gateway full path:          %10.0f requests/s\n' "$GW_RPS"
printf '(b) nginx proxy, access log on: %10.0f requests/s\n' "$NGINX_RPS"
printf '    ratio gateway / nginx:      %10.2f\n' "$(awk -v a="$GW_RPS" -v b="$NGINX_RPS" 'BEGIN {print a / b}')"
# nginx's workers are both the upstream and the proxy in (b); the upstream's
# own share is what they spent per request during (a).
awk -v g="$GW_CPU" -v gu="$GW_UP_CPU" -v gr="$GW_REQS" -v n="$NX_CPU" -v nr="$NX_REQS" -v hz="$HZ" 'BEGIN {
    up = gu / gr * 1e6 / hz; gw = g / gr * 1e6 / hz; nx = n / nr * 1e6 / hz - up;
    printf "    CPU per request:            gateway %.1f us; nginx as proxy %.1f us (upstream %.1f us); ratio nginx / gateway %.2f\n", gw, nx, up, nx / gw }'
printf '    with %d connections:       gateway %.0f, nginx %.0f requests/s, ratio %.2f\n' "$MANY" "$GW_MANY" "$NGINX_MANY" "$(awk -v a="$GW_MANY" -v b="$NGINX_MANY" 'BEGIN {print a / b}')"
printf '(c) at 1,000 requests/s:        direct p50 %6d us  p99 %6d us  (%d ok, %d errors)\n' "$D50" "$D99" "$DN" "$DE"
printf '                                gateway p50 %6d us  p99 %6d us  (%d ok, %d errors)\n' "$G50" "$G99" "$GN" "$GE"
printf '    added by the gateway:       p50 %6d us  p99 %6d us\n' "$((G50 - D50))" "$((G99 - D99))"
printf '(d) gateway resident memory:    idle %d KiB; with %s open keep-alive connections %d KiB\n' "$IDLE_RSS" "$HELD" "$HELD_RSS"
printf '    message log written:        %s bytes\n' "$RECORDS"
