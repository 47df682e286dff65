#!/usr/bin/env bash
# Dataset ingest benchmark (issue 4, Performance): Simpul's CSV ingest with
# validation compared with loading the same file into SQLite with the sqlite3
# shell's `.import` (no validation), same file, same machine, each timed end
# to end, RUNS times alternately; medians printed.
#   Simpul: read the file, decode, parse and check every cell against the 8
#     declared columns (row-level errors), SHA-256 of the bytes, store the
#     original bytes and every row (row blocks; sealed when rahasia), audit
#     record, commit (WAL, synchronous=NORMAL, including any checkpoint the
#     commit runs), in an embedded SQLite file database; created and migrated
#     before the clock starts.
#   sqlite3: the whole `sqlite3 FILE .import` process (start, parse, create
#     the table, insert, commit; the shell's defaults: rollback journal,
#     synchronous=FULL), into a new file database; and into :memory:.
#   scripts/bench-ingest.sh [ROWS] [terbuka|rahasia] [rows]
# With `rows`, then times row queries over the stored version (filter, sort,
# q, paging; cold and warm; p50/p99). Needs sqlite3 (apt-get install sqlite3).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROWS="${1:-1000000}"
CLASS="${2:-terbuka}"
MODE="${3:-}"
RUNS="${RUNS:-3}"
command -v sqlite3 >/dev/null || { echo "sqlite3 tidak ada: apt-get install sqlite3" >&2; exit 1; }
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
CSV="$TMP/penduduk.csv"

# A realistic Indonesian spreadsheet export: `;`, thousands dots, decimal commas, dd/mm/yyyy; 8 columns.
awk -v n="$ROWS" 'BEGIN {
  srand(42);
  print "kode_wilayah;kelurahan;tahun;jenis_kelamin;kelompok_umur;jumlah;rasio;tanggal";
  split("0-4 5-9 10-14 15-19 20-24 25-29 30-34 35-39 40-44 45-49 50-54 55-59 60-64 65+", umur, " ");
  for (i = 1; i <= n; i++) {
    k = int(rand() * 20) + 1;
    j = int(rand() * 25000);
    jumlah = (j >= 1000) ? sprintf("%d.%03d", int(j / 1000), j % 1000) : j;
    printf "64.75.%02d;Kelurahan %d;%d;%s;%s;%s;%d,%02d;%02d/%02d/%d\n", k, i % 400, 2015 + i % 10, (i % 2 ? "L" : "P"), umur[i % 14 + 1], jumlah, int(rand() * 100), int(rand() * 100), 1 + i % 28, 1 + i % 12, 2015 + i % 10;
  }
}' > "$CSV"
echo "Berkas: $ROWS baris × 8 kolom, $(du -h "$CSV" | cut -f1); $(nproc) core, load $(cut -d' ' -f1-3 /proc/loadavg)"

cargo build --quiet --release -p simpul --example bench_ingest

sqlite_import() { # DB → "wall-seconds cpu-seconds" (bash's time: real, user + sys)
  local TIMEFORMAT='%R %U %S' t
  t="$( { time sqlite3 "$1" >/dev/null <<SQL
.mode csv
.separator ";"
.import $CSV penduduk
SQL
  } 2>&1 )"
  echo "$t" | awk '{ printf "%s %.3f\n", $1, $2 + $3 }'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

SIMPUL=() FILE=() MEM=() SCPU=() FCPU=()
for run in $(seq "$RUNS"); do
  OUT="$(target/release/examples/bench_ingest "$CSV" "$CLASS")"
  echo "$OUT" | grep -v '^SIMPUL_'
  SIMPUL+=("$(echo "$OUT" | sed -n 's/^SIMPUL_SECONDS=//p')")
  SCPU+=("$(echo "$OUT" | sed -n 's/^SIMPUL_CPU_SECONDS=//p')")
  rm -f "$TMP/import.sqlite"
  read -r wall cpu < <(sqlite_import "$TMP/import.sqlite")
  FILE+=("$wall") FCPU+=("$cpu")
  [ "$(sqlite3 "$TMP/import.sqlite" 'SELECT COUNT(*) FROM penduduk')" = "$ROWS" ] || { echo "sqlite3 .import: jumlah baris salah" >&2; exit 1; }
  read -r wall cpu < <(sqlite_import ':memory:')
  MEM+=("$wall")
  printf 'sqlite3 .import (berkas): %.2fs (CPU %.2fs); :memory:: %.2fs\n' "${FILE[-1]}" "${FCPU[-1]}" "${MEM[-1]}"
done
S="$(printf '%s\n' "${SIMPUL[@]}" | median)"
F="$(printf '%s\n' "${FILE[@]}" | median)"
M="$(printf '%s\n' "${MEM[@]}" | median)"
SC="$(printf '%s\n' "${SCPU[@]}" | median)"
FC="$(printf '%s\n' "${FCPU[@]}" | median)"
printf 'Median dari %s: Simpul (%s, dengan validasi) %.2fs; sqlite3 .import berkas %.2fs, :memory: %.2fs (tanpa validasi)\n' "$RUNS" "$CLASS" "$S" "$F" "$M"
printf 'Rasio Simpul / sqlite3 .import (berkas): %.2f×; / :memory:: %.2f×\n' "$(echo "$S / $F" | bc -l)" "$(echo "$S / $M" | bc -l)"
printf 'Waktu CPU (user + sys, semua thread): Simpul %.2fs; sqlite3 .import berkas %.2fs; rasio %.2f×\n' "$SC" "$FC" "$(echo "$SC / $FC" | bc -l)"

if [ "$MODE" = rows ]; then
  target/release/examples/bench_ingest "$CSV" "$CLASS" rows | grep -v '^SIMPUL_'
fi
