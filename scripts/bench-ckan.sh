#!/usr/bin/env bash
# CKAN API benchmark (issue 4, Performance): package_search over COUNT public
# datasets and datastore_search with a filter over a ROWS-row dataset, against
# a release `simpul serve` on embedded SQLite. Prints p50/p95/p99 latencies.
# It prints figures; it is not a test.
#   scripts/bench-ckan.sh [COUNT=10000] [ROWS=1000000] [SEARCHES=1000] [DATASTORE=40]
# Seeding goes through the store in bulk (crates/simpul/examples/bench_ckan_seed.rs),
# not 10,000 HTTP calls. Data lives under ${BENCH_DIR:-/tmp/simpul-bench-ckan} and is removed at exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
COUNT="${1:-10000}"
ROWS="${2:-1000000}"
SEARCHES="${3:-1000}"
DATASTORE="${4:-40}"
DIR="${BENCH_DIR:-/tmp/simpul-bench-ckan}"
PORT="${BENCH_PORT:-18089}"
rm -rf "$DIR"
mkdir -p "$DIR"
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$DIR"
}
trap cleanup EXIT

TARGET="${CARGO_TARGET_DIR:-target}"
cargo build --quiet --release -p simpul --bin simpul --example bench_ckan_seed
"$TARGET/release/examples/bench_ckan_seed" "$DIR/data" "$COUNT" "$ROWS"

"$TARGET/release/simpul" serve --data-dir "$DIR/data" --listen "127.0.0.1:$PORT" >"$DIR/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done

python3 - "http://127.0.0.1:$PORT" "$SEARCHES" "$DATASTORE" <<'PY'
import json, random, statistics, sys, time, urllib.parse, urllib.request

base, searches, datastore = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def call(action, params):
    url = f"{base}/api/3/action/{action}?" + urllib.parse.urlencode(params)
    t = time.perf_counter()
    with urllib.request.urlopen(url) as r:
        body = json.load(r)
    ms = (time.perf_counter() - t) * 1000
    assert body["success"], body
    return ms, body["result"]

def report(name, ms):
    ms = sorted(ms)
    q = lambda p: ms[min(len(ms) - 1, int(round(p / 100 * len(ms))) - 1)]
    print(f"{name}: n={len(ms)} p50={q(50):.1f} ms  p95={q(95):.1f} ms  p99={q(99):.1f} ms  max={ms[-1]:.1f} ms  mean={statistics.mean(ms):.1f} ms")

random.seed(7)
_, r = call("package_search", {"rows": 0})
print(f"catalogue: {r['count']} public datasets")
words = ["penduduk", "sekolah", "puskesmas", "jalan", "anggaran", "pasar", "banjir", "wisata", "nelayan", "koperasi"]
orgs = call("organization_list", {})[1]
groups = call("group_list", {})[1]
sorts = ["score desc, metadata_modified desc", "name asc", "title_string asc", "metadata_modified desc", "id asc"]
facets = json.dumps(["organization", "groups", "tags", "res_format", "license_id"])
kinds = {}
for i in range(searches):
    kind = i % 6
    p = {"sort": random.choice(sorts), "start": random.choice([0, 0, 10, 100, 1000]), "rows": random.choice([10, 20, 100])}
    if kind == 0:
        p["q"] = random.choice(words)
    elif kind == 1:
        p["fq"] = f"organization:{random.choice(orgs)}"
    elif kind == 2:
        p["q"] = random.choice(words)
        p["fq"] = f"groups:{random.choice(groups)} +res_format:CSV"
    elif kind == 3:
        p["fq"] = f"tags:{random.choice(words)}"
        p["facet.field"] = facets
    elif kind == 4:
        p["q"] = f"{random.choice(words)} {random.choice(words)}"
        p["fq"] = "license_id:cc-by"
    else:
        p["facet.field"] = facets
    ms, _ = call("package_search", p)
    kinds.setdefault(kind, []).append(ms)
all_ms = [m for v in kinds.values() for m in v]
report("package_search (mixed q/fq/sort/start/facets)", all_ms)
labels = {0: "q", 1: "fq organization", 2: "q + fq groups/res_format", 3: "fq tags + 5 facets", 4: "2-word q + fq license", 5: "all + 5 facets"}
for k in sorted(kinds):
    report(f"  {labels[k]}", kinds[k])

pkg = call("package_show", {"id": "bench-juta"})[1]
rid = pkg["resources"][0]["id"]
ms, r = call("datastore_search", {"resource_id": rid, "limit": 1})
print(f"datastore: resource of {r['total']} rows; first call {ms:.0f} ms (cold: decodes the version into the row cache; not in the figures below)")
ds = []
for i in range(datastore):
    f = {"kode_wilayah": f"64.75.{random.randint(1, 20):02d}", "tahun": str(2015 + random.randint(0, 9))}
    ms, r = call("datastore_search", {"resource_id": rid, "filters": json.dumps(f), "limit": 100, "offset": random.choice([0, 100, 200])})
    ds.append(ms)
report("datastore_search (filter on 2 columns, 1M rows)", ds)
PY
