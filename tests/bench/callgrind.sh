#!/usr/bin/env bash
# Instructions per call, stage by stage, for one call per scenario at 5 and 100 prefetch
# resources (BM_CallCost in bench_micro), counted by callgrind: independent of machine load, so it
# can run beside other work. Compare the checked parse with the plain RapidJSON in-situ parse of
# the same body; and the report-text matcher's instructions per 1 KB of report text.
#   tests/bench/callgrind.sh [path/to/bench_micro]
# Needs valgrind and a build with -DAUC_BUILD_BENCH=ON (RelWithDebInfo or Release).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build/bin/bench_micro}
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind missing" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/auc-callgrind.XXXXXX")
trap 'rm -rf "$work"' EXIT

for size in 5 100; do
  valgrind --tool=callgrind --callgrind-out-file="$work/$size.out" "$bin" \
    --benchmark_filter="BM_CallCost/$size/" >"$work/$size.log" 2>&1
  iterations=$(sed -n 's/.*BM_CallCost\/'"$size"'\/iterations:\([0-9]*\).*/\1/p' "$work/$size.log")
  callgrind_annotate --inclusive=yes --threshold=100 "$work/$size.out" 2>/dev/null >"$work/$size.txt"
  # Inclusive instructions of a stage function, per call: its largest entry, as listed or as
  # called (callgrind_annotate shows calls only where it can read the caller's source).
  stage() {
    local n
    n=$(grep -E "bench::\(anonymous namespace\)::$1\(" "$work/$size.txt" |
      awk '{gsub(",", "", $1); print $1}' | sort -n | tail -1)
    echo $(( ${n:-0} / iterations ))
  }
  plain=$(stage stage_plain_parse)
  parse=$(stage stage_checked_parse)
  read=$(stage stage_read)
  assess=$(stage stage_assess)
  render=$(stage stage_render)
  total=$((parse + read + assess + render))
  printf '%s resources (%s calls): checked parse %s, read %s, assess %s, render %s = %s instructions per call; plain RapidJSON in-situ parse %s\n' \
    "$size" "$iterations" "$parse" "$read" "$assess" "$render" "$total" "$plain"
done

valgrind --tool=callgrind --callgrind-out-file="$work/text.out" "$bin" \
  --benchmark_filter='BM_TextMatcherPerKb/iterations:100$' >"$work/text.log" 2>&1
bytes=$(sed -n 's/.*report_bytes=\([0-9.]*\)k.*/\1/p' "$work/text.log")
n=$(callgrind_annotate --inclusive=yes --threshold=100 "$work/text.out" 2>/dev/null |
  grep -E "bench::\(anonymous namespace\)::match_report\(" |
  awk '{gsub(",", "", $1); print $1}' | sort -n | tail -1)
awk -v n="$n" -v kb="$bytes" 'BEGIN { printf "text matcher: %d instructions per report (%.3f KB), %d per KB\n", n / 100, kb * 1000 / 1024, n / 100 / (kb * 1000 / 1024) }'
