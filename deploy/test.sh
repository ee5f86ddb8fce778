#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (unit and integration).
# Usage: deploy/test.sh [--sanitize] [-- extra ctest args]
#   --sanitize  builds in build-asan with AddressSanitizer + UndefinedBehaviorSanitizer
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

build_dir=build
cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [[ "${1:-}" == "--sanitize" ]]; then
  shift
  build_dir=build-asan
  cmake_args=(-DCMAKE_BUILD_TYPE=Debug -DAUC_SANITIZE=ON)
  export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:disable_coredump=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
fi
[[ "${1:-}" == "--" ]] && shift

bash deploy/install-deps.sh
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B "$build_dir" "${generator[@]}" "${cmake_args[@]}"
cmake --build "$build_dir" --parallel "$(nproc)"
ctest --test-dir "$build_dir" --output-on-failure --parallel "$(nproc)" "$@"
