#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.cc; Debian's clang with libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer) in build-fuzz/ and runs each for
# SECONDS_PER_TARGET (default 60). Exits non-zero when any target reports a crash, leak, timeout,
# out-of-memory, sanitizer report or broken invariant; the input is kept in
# build-fuzz/findings/<target>/ and the log in build-fuzz/logs/<target>.log.
# Afterwards each target's committed corpus, tests/fuzz/corpus/<target>/, is replaced by the
# minimal set of inputs (libFuzzer -merge=1, none over 16 KB) covering what it and this run's new
# inputs reach, unless --no-merge is given (CI, which runs in a throwaway clone).
# Usage: deploy/fuzz.sh [--no-merge] [SECONDS_PER_TARGET] [TARGET...]
#   e.g. deploy/fuzz.sh 600 fuzz_http_request fuzz_jwt
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

merge=1
if [[ "${1:-}" == "--no-merge" ]]; then
  merge=0
  shift
fi
seconds="${1:-60}"
[[ $# -gt 0 ]] && shift
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || {
  echo "fuzz.sh: SECONDS_PER_TARGET must be a positive number of seconds" >&2
  exit 2
}

bash deploy/install-deps.sh --fuzz
build=build-fuzz
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
CC=clang CXX=clang++ cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DAUC_BUILD_FUZZ=ON -DAUC_BUILD_TESTS=OFF >/dev/null
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for source in tests/fuzz/fuzz_*.cc; do
    name="$(basename "$source" .cc)"
    [[ $name == fuzz_service ]] || targets+=("$name")
  done
fi
cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]}"

# Seeds derived from the fixtures, read beside the committed corpus (never copied into it as
# they are: only what a merge finds new goes there).
seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"/{fuzz_hook_request,fuzz_trust,fuzz_jwks,fuzz_terminology,fuzz_criteria}
cp tests/fixtures/requests/*.json "$seeds/fuzz_hook_request/"
cp certs/trust/*.json "$seeds/fuzz_trust/"
cp certs/trust/*.json "$seeds/fuzz_jwks/"
cp engine/data/terminology/*.csv tests/fixtures/knowledge/terminology/*.csv \
  tests/fixtures/knowledge/local-codes/*.csv "$seeds/fuzz_terminology/"
cp engine/data/criteria/*.json "$seeds/fuzz_criteria/"

dictionary() {
  case "$1" in
    fuzz_audit_query) echo tests/fuzz/dict/query.dict ;;
    fuzz_terminology) echo tests/fuzz/dict/csv.dict ;;
    fuzz_jwt) echo tests/fuzz/dict/jwt.dict ;;
    fuzz_http_request) echo tests/fuzz/dict/http.dict ;;
    fuzz_call_row | fuzz_jwks | fuzz_trust) echo tests/fuzz/dict/json.dict ;;
    *) echo tests/fuzz/dict/fhir.dict ;;
  esac
}
max_len() {
  case "$1" in
    fuzz_criteria) echo 131072 ;; # the shipped criteria file is about 70 KB
    fuzz_hook_request) echo 65536 ;;
    *) echo 16384 ;;
  esac
}

export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
mkdir -p "$build/logs"
failed=()
total_runs=0
printf '%-20s %12s %8s\n' target executions seconds
for target in "${targets[@]}"; do
  corpus="tests/fuzz/corpus/$target"
  work="$build/work/$target"
  findings="$build/findings/$target"
  rm -rf "$work"
  mkdir -p "$corpus" "$work" "$findings" "$seeds/$target"
  log="$build/logs/$target.log"
  started=$(date +%s)
  status=0
  "$build/bin/$target" -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -dict="$(dictionary "$target")" \
    -artifact_prefix="$findings/" "$work" "$corpus" "$seeds/$target" >"$log" 2>&1 || status=$?
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" | tail -n 1)
  printf '%-20s %12s %8s' "$target" "${runs:-?}" "$(($(date +%s) - started))"
  if [[ $status -ne 0 ]]; then
    failed+=("$target")
    echo "  FINDING (log: $log, input: $findings/)"
    grep -E "ERROR: |runtime error|SUMMARY|Test unit written" "$log" | head -n 6 || true
    continue
  fi
  echo
  total_runs=$((total_runs + ${runs:-0}))
  if [[ $merge -eq 1 ]]; then
    minimal="$build/merged/$target"
    rm -rf "$minimal"
    mkdir -p "$minimal"
    if "$build/bin/$target" -merge=1 -max_len="$(max_len "$target")" "$minimal" "$corpus" "$work" \
      >"$build/logs/$target.merge.log" 2>&1; then
      # Inputs over 16 KB are mutations of the fixtures (criteria files are ~70 KB), which seed
      # every run anyway: not kept, so the committed corpus stays a few megabytes.
      find "$minimal" -type f -size +16k -delete
      rm -rf "$corpus"
      mv "$minimal" "$corpus"
    else
      echo "  (merge failed, corpus left as it was: $build/logs/$target.merge.log)"
    fi
  fi
done
echo "== fuzz.sh: $total_runs executions without a finding in $((${#targets[@]} - ${#failed[@]}))" \
  "of ${#targets[@]} targets; findings in: ${failed[*]:-none}"
[[ ${#failed[@]} -eq 0 ]]
