#!/usr/bin/env bash
# Offline checks of the Kubernetes manifests (no cluster needed): YAML lint, and every setting
# they give the binary exists in its --help, every file path they configure is mounted.
# Usage: deploy/k8s/check-manifests.sh BINARY
set -euo pipefail
bin="$1"
dir="$(cd "$(dirname "$0")" && pwd)"
help="$("$bin" --help)"
status=0
complain() { echo "check-manifests: $*" >&2; status=1; }

yamllint -d '{extends: default, rules: {line-length: {max: 100}, document-start: disable,
  comments: {min-spaces-from-content: 1}, truthy: {check-keys: false}}}' "$dir"/*.yaml \
  || complain "yamllint failed"

# Every AUC_HOOKS_<FLAG> is a flag of the binary.
for var in $(grep -ho 'AUC_HOOKS_[A-Z][A-Z_]*' "$dir"/*.yaml | sort -u); do
  flag="--$(tr 'A-Z_' 'a-z-' <<<"${var#AUC_HOOKS_}")"
  grep -qE -- "^  $flag( |$)" <<<"$help" || complain "$var: the binary has no $flag"
done
# Every file or directory a setting names is under a mounted volume.
mounts="$(grep -ho 'mountPath: .*' "$dir/deployment.yaml" | awk '{print $2}')"
for path in $(grep -hoE '"/etc/auc-hooks/[^"]*"' "$dir"/*.yaml | tr -d '"' | sort -u); do
  found=0
  for m in $mounts; do [[ $path == "$m" || $path == "$m"/* ]] && found=1; done
  [[ $found -eq 1 ]] || complain "$path is not under any mountPath of deployment.yaml"
done
# The probes use routes the binary serves, and the port it is told to listen on.
grep -q 'path: /healthz' "$dir/deployment.yaml" || complain "no liveness probe on /healthz"
grep -q 'path: /readyz' "$dir/deployment.yaml" || complain "no readiness probe on /readyz"
listen_port="$(grep -ho 'AUC_HOOKS_LISTEN: "[^"]*"' "$dir/configmap.yaml" | sed 's/.*:\([0-9]*\)"$/\1/')"
grep -q "containerPort: $listen_port" "$dir/deployment.yaml" \
  || complain "containerPort is not the --listen port $listen_port"
# The Dockerfile's entry point flags exist too.
for flag in $(grep -o -- '"--[a-z-]*"' "$dir/../Dockerfile" | tr -d '"'); do
  grep -qE -- "^  $flag( |$)" <<<"$help" || complain "Dockerfile: the binary has no $flag"
done
[[ $status -eq 0 ]] && echo "check-manifests: ok"
exit $status
