#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60) on the stable toolchain, growing its corpus in
# fuzz/work/TARGET from the seeds in fuzz/corpus/TARGET; crashes land in fuzz/artifacts/TARGET. Needs `cargo install cargo-fuzz`.
# Prints one line per target: name, seconds, executions, corpus files.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
export RUSTC_BOOTSTRAP=1
for t in decode segment document tmx tbx table clean convert beads; do
  mkdir -p "corpus/$t"
  log=$(mktemp)
  mkdir -p "work/$t"; cargo fuzz run "$t" "work/$t" "corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1 || {
    tail -40 "$log"; echo "fuzz target $t failed"; exit 1; }
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  echo "$t ${secs}s executions=$runs corpus=$(find "work/$t" "corpus/$t" -type f | wc -l)"
  rm -f "$log"
done
