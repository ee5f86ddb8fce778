#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (unit and integration).
# Usage: deploy/test.sh [--sanitize] [-- extra ctest args]
#   --sanitize  builds in build-asan with AddressSanitizer + UndefinedBehaviorSanitizer
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

build_dir=build
# Tests are always on: a build/ configured by the quick start (tests off) is reconfigured here.
cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DAUC_BUILD_TESTS=ON)
if [[ "${1:-}" == "--sanitize" ]]; then
  shift
  build_dir=build-asan
  cmake_args=(-DCMAKE_BUILD_TYPE=Debug -DAUC_SANITIZE=ON -DAUC_BUILD_TESTS=ON)
  export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:disable_coredump=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
fi
[[ "${1:-}" == "--" ]] && shift

bash deploy/install-deps.sh
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B "$build_dir" "${generator[@]}" "${cmake_args[@]}"
cmake --build "$build_dir" --parallel "$(nproc)"
# --no-tests=error: a run that finds no test fails instead of passing with nothing checked.
ctest --test-dir "$build_dir" --output-on-failure --no-tests=error --parallel "$(nproc)" "$@"
