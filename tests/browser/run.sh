#!/usr/bin/env bash
# The auditor console's browser test, as CTest runs it: installs puppeteer-core from the
# committed lockfile into the build folder (npm ci, only when the lockfile changed), then drives
# headless Debian Chromium against a real auc-hooks it starts on loopback.
# Usage: run.sh WORK_DIR AUC_HOOKS_BINARY FIXTURES_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$1"
mkdir -p "$work"
stamp="$work/node_modules/.auc-lock-sha256"
want="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi
cp "$here/console_test.mjs" "$work/"
exec node "$work/console_test.mjs" --server "$2" --fixtures "$3" --out "$work/screenshots"
