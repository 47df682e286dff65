#!/usr/bin/env bash
# Dataset ingest benchmark (issue 4, Performance): Simpul's CSV ingest with
# validation against the declared columns (parse, check every cell, store
# the file with its SHA-256 and every row, one transaction, embedded SQLite)
# compared with loading the same file into SQLite with the sqlite3 shell's
# `.import` (no validation) on the same machine. Prints both times and the ratio.
#   scripts/bench-ingest.sh [ROWS] [terbuka|rahasia]
# Needs sqlite3 (apt-get install sqlite3).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROWS="${1:-1000000}"
CLASS="${2:-terbuka}"
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
echo "Berkas: $ROWS baris × 8 kolom, $(du -h "$CSV" | cut -f1)"

cargo build --quiet --release -p simpul --example bench_ingest
OUT="$(target/release/examples/bench_ingest "$CSV" "$CLASS")"
echo "$OUT" | grep -v '^SIMPUL_SECONDS='
SIMPUL="$(echo "$OUT" | sed -n 's/^SIMPUL_SECONDS=//p')"

DB="$TMP/import.sqlite"
START="$(date +%s.%N)"
sqlite3 "$DB" <<SQL
.mode csv
.separator ";"
.import $CSV penduduk
SQL
END="$(date +%s.%N)"
SQLITE="$(echo "$END - $START" | bc -l)"
ROWS_IN="$(sqlite3 "$DB" 'SELECT COUNT(*) FROM penduduk')"
printf 'sqlite3 .import (file database, tanpa validasi): %s baris, %.2fs\n' "$ROWS_IN" "$SQLITE"
START="$(date +%s.%N)"
sqlite3 ':memory:' <<SQL
.mode csv
.separator ";"
.import $CSV penduduk
SQL
END="$(date +%s.%N)"
MEM="$(echo "$END - $START" | bc -l)"
printf 'sqlite3 :memory: .import (tanpa validasi): %.2fs\n' "$MEM"
printf 'Rasio Simpul / sqlite3 .import (file): %.2f×; / :memory:: %.2f×\n' "$(echo "$SIMPUL / $SQLITE" | bc -l)" "$(echo "$SIMPUL / $MEM" | bc -l)"
