#!/usr/bin/env bash
# Message-log benchmark (issue 5): records/s through the signing, syncing
# batch writer, the time to verify 1,000,000 records, and the time to prove a
# record near the end through the batch index vs by scanning. Prints figures.
#   scripts/bench-gsb-log.sh [RECORDS] [CONCURRENCY] [DIR]
# DIR defaults to a temporary directory; pass one on the disk you will run on.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo run --quiet --release -p simpul-gsb-log --example bench -- "${1:-1000000}" "${2:-512}" ${3:+"$3"}
