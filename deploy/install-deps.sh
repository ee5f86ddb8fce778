#!/usr/bin/env bash
# Installs the Debian 12 packages auc-hooks needs to build, run and test. Idempotent: does
# nothing when everything is present. Works as root or through sudo.
# Usage: deploy/install-deps.sh [--bench] [--fuzz] [--format]
#   --bench   the benchmark tools
#   --fuzz    Debian's clang with libFuzzer and the sanitizer runtimes, and llvm-symbolizer for
#             readable stack traces in findings (deploy/fuzz.sh)
#   --format  clang-format (the formatting check CI runs)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config  # toolchain
  libcpp-httplib-dev   # HTTP(S) server and FHIR client
  rapidjson-dev        # JSON parsing and writing
  libssl-dev openssl   # TLS, JWT signatures, HMAC pseudonyms; openssl CLI makes dev certs
  libsqlite3-dev       # the audit ledger (embedded, the default)
  libpq-dev            # the audit ledger on PostgreSQL, shared by several instances
  liblz4-dev           # the SQLite ledger stores each call's JSON documents compressed
  libxxhash-dev        # checksums of the SQLite ledger's call journal entries (XXH3)
  libjemalloc-dev      # the server's allocator (fewer cycles per call than glibc's malloc)
  postgresql           # a throwaway server for the ledger tests and deploy/cluster-test.sh
  nginx jq             # deploy/cluster-test.sh: the load balancer, and reading the auditor API
  yamllint             # the Kubernetes manifests' offline check
  libboost-test-dev    # the test framework
  curl ca-certificates # quick start checks
  prometheus           # promtool checks the /metrics exposition in the tests
  chromium             # the auditor console's browser test (headless)
  nodejs               # runs the browser test script (puppeteer-core from npm, lockfile)
)
for option in "$@"; do
  case "$option" in
    --bench) packages+=(libbenchmark-dev wrk) ;;
    --fuzz) packages+=(clang libclang-rt-dev llvm) ;;
    --format) packages+=(clang-format) ;;
    *) echo "install-deps: unknown option $option" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# npm ships inside some nodejs builds (NodeSource) and as its own Debian package otherwise.
if ! command -v npm >/dev/null; then
  missing+=(npm)
fi
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null; then
  sudo=(sudo)
else
  echo "install-deps: missing ${missing[*]}; run as root or install sudo" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "${missing[@]}"
