#!/usr/bin/env bash
# Installs what is missing, builds, makes development certificates, and starts auc-hooks on
# https://127.0.0.1:8443 in the background (log: build/auc-hooks.log, stop: deploy/quickstart.sh stop).
# Any further arguments are passed to the server (e.g. --trust certs/trust/cds-hooks-sandbox.json
# --auth jwt).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
pidfile=build/auc-hooks.pid
port="${AUC_QUICKSTART_PORT:-8443}"  # another port where 8443 is taken (e.g. a shared CI host)

stop_running() {
  if [[ -f $pidfile ]] && kill -0 "$(cat $pidfile)" 2>/dev/null; then
    kill -TERM "$(cat $pidfile)"
    for _ in $(seq 50); do kill -0 "$(cat $pidfile)" 2>/dev/null || break; sleep 0.1; done
    echo "quickstart: stopped the running server"
  fi
  rm -f $pidfile
}
if [[ "${1:-}" == "stop" ]]; then stop_running; exit 0; fi

bash deploy/install-deps.sh
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAUC_BUILD_TESTS=OFF
cmake --build build --parallel "$(nproc)" --target auc-hooks
bash certs/make-dev-certs.sh >/dev/null
stop_running

# Local defaults: loopback only, dev certificate, a ledger file in build/. Authentication is off
# so curl works without a token; pass --auth jwt --trust FILE to test with real JWTs.
args=(--listen 127.0.0.1:$port --tls-cert certs/dev/server.pem --tls-key certs/dev/server-key.pem
      --ledger sqlite:build/auc-hooks-ledger.db --auth off "$@")
nohup build/bin/auc-hooks "${args[@]}" >build/auc-hooks.log 2>&1 &
echo $! >$pidfile
for _ in $(seq 100); do
  if curl -fsS --cacert certs/dev/dev-ca.pem https://127.0.0.1:$port/readyz >/dev/null 2>&1; then
    echo "quickstart: auc-hooks is serving https://127.0.0.1:$port (pid $(cat $pidfile))"
    echo "  curl --cacert certs/dev/dev-ca.pem https://127.0.0.1:$port/cds-services"
    echo "  log: build/auc-hooks.log   stop: deploy/quickstart.sh stop"
    exit 0
  fi
  if ! kill -0 "$(cat $pidfile)" 2>/dev/null; then break; fi
  sleep 0.1
done
echo "quickstart: the server did not become ready; last log lines:" >&2
tail -n 20 build/auc-hooks.log >&2
exit 1
