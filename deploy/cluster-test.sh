#!/usr/bin/env bash
# Two auc-hooks instances sharing a PostgreSQL ledger behind nginx, all real parts, all on
# loopback, bounded to a couple of minutes. Starts its own PostgreSQL (own data directory and
# port, as the `postgres` user when run as root, since initdb refuses root) and its own nginx,
# sends a bounded load through nginx while it SIGKILLs one instance and restarts PostgreSQL, and
# checks through the auditor API that:
#   - every hook call and feedback report that got a 200 is in the ledger exactly once;
#   - a token accepted by one instance is refused when replayed against the other;
#   - both instances give the same patient the same pseudonym.
# Usage: deploy/cluster-test.sh [--keep]   (--keep leaves build/cluster-test/ for inspection)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
keep=0
[[ "${1:-}" == "--keep" ]] && keep=1
readonly calls=120 clients=6 service=acr-vcf-order-select
deadline=$(($(date +%s) + 240))

bash deploy/install-deps.sh >/dev/null
if [[ ! -x build/bin/auc-hooks ]]; then
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build --parallel "$(nproc)" --target auc-hooks
fi
bin="$root/build/bin/auc-hooks"
pg_bin="$(pg_config --bindir)"
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

work="$root/build/cluster-test"
rm -rf "$work"
mkdir -p "$work/pg" "$work/nginx" "$work/acked"
pids=()
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  # The postgres user must reach its data directory: every parent must be searchable.
  p="$work"
  while [[ "$p" != / ]]; do chmod o+x "$p"; p="$(dirname "$p")"; done
  chown postgres "$work/pg"
  as_pg=(runuser -u postgres --)
fi

fail() {
  echo "cluster-test: FAILED: $*" >&2
  for log in "$work"/a.log "$work"/b.log "$work"/pg/server.log "$work"/nginx/error.log; do
    [[ -f $log ]] && { echo "--- last lines of $log" >&2; tail -n 15 "$log" >&2; }
  done
  exit 1
}
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  [[ -f $work/nginx/nginx.pid ]] && kill -TERM "$(cat "$work/nginx/nginx.pid")" 2>/dev/null
  [[ -d $work/pg/data ]] && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop \
    >/dev/null 2>&1
  wait 2>/dev/null || true
  [[ $keep -eq 1 ]] || rm -rf "$work"
}
trap cleanup EXIT

# Below Linux's default ephemeral range (32768-60999), so no outgoing connection (an instance's
# to PostgreSQL, say) can hold the port by the time a server binds it; and not in use by any
# socket now, listening or not.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    ss -Htan "sport = :$port" | grep -q . || { echo "$port"; return; }
  done
}
pg_port=$(free_port)
a_port=$(free_port)
b_port=$(free_port)
lb_port=$(free_port)
base="http://127.0.0.1:$lb_port"

echo "== PostgreSQL on 127.0.0.1:$pg_port"
"${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg/data" -A trust -U auc -E UTF8 --locale=C \
  >"$work/pg/initdb.log" 2>&1 || fail "initdb"
pg_ctl() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -t 60 \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $work/pg/data" "$@" >/dev/null
}
pg_ctl start || fail "PostgreSQL did not start"
"$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U auc -d postgres -c "CREATE DATABASE ledger" \
  || fail "createdb"
ledger="postgresql://auc@127.0.0.1:$pg_port/ledger"

echo "== secrets shared by both instances (as Kubernetes Secrets would mount them)"
umask 077
head -c 48 /dev/urandom | base64 >"$work/pseudonym.key"
audit_token="$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
echo "$audit_token" >"$work/audit.token"
bash certs/make-dev-jwt-key.sh "$work/jwt" >/dev/null
cat >"$work/trust.json" <<EOF
{"issuer": "https://cluster-test.invalid", "load_only_when_named": true,
 "jwks_file": "jwt/dev-jwt-jwks.json"}
EOF
umask 022

start_instance() {  # name port
  "$bin" --listen "127.0.0.1:$2" --plain-http --auth jwt --trust "$work/trust.json" \
    --public-base-url "$base" --ledger "$ledger" --pseudonym-key-file "$work/pseudonym.key" \
    --audit-token-file "$work/audit.token" --log-level warn >>"$work/$1.log" 2>&1 &
  pids+=($!)
  echo $! >"$work/$1.pid"
  for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$2/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$work/$1.pid")" 2>/dev/null || fail "instance $1 exited at start"
    sleep 0.1
  done
  fail "instance $1 not ready"
}
echo "== two instances on :$a_port and :$b_port"
start_instance a "$a_port"
start_instance b "$b_port"

echo "== nginx on :$lb_port"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  upstream auc { server 127.0.0.1:$a_port max_fails=1 fail_timeout=2s;
                 server 127.0.0.1:$b_port max_fails=1 fail_timeout=2s; keepalive 16; }
  server {
    listen 127.0.0.1:$lb_port;
    location / {
      proxy_pass http://auc;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_read_timeout 15s;
    }
  }
}
EOF
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" \
  || fail "nginx did not start"
for _ in $(seq 50); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

mint() {  # path
  "$bin" mint-token --key "$work/jwt/dev-jwt-key.pem" --kid auc-hooks-dev-1 \
    --iss https://cluster-test.invalid --aud "$base$1" --ttl 300
}
template="$(jq -c . tests/fixtures/requests/variant-1-order-select.json)"

# One client: `count` calls, each retried (fresh token, same hookInstance, as an EHR retries a
# 502 or 503) until it gets a 200, then feedback on its first card, retried the same way.
client() {  # id count
  local id=$1 count=$2 i instance body code out card fb
  for ((i = 0; i < count; i++)); do
    instance="$(printf '%08x-0d3f-4c5e-9a7b-%012x' "$id" "$i")"
    body="$(jq -c --arg h "$instance" '.hookInstance = $h' <<<"$template")"
    out="$work/acked/$instance.json"
    for _ in $(seq 60); do
      code=$(curl -sS -o "$out" -w '%{http_code}' --max-time 20 -X POST \
        -H "Authorization: Bearer $(mint "/cds-services/$service")" \
        -H 'Content-Type: application/json' --data "$body" "$base/cds-services/$service" \
        2>/dev/null || true)
      [[ $code == 200 ]] && break
      sleep 0.3
    done
    [[ $code == 200 ]] || { echo "call $instance never got a 200 (last $code)" >"$work/acked/$instance.failed"; continue; }
    echo "$instance" >>"$work/acked/calls.$id"
    card="$(jq -r '.cards[0].uuid // empty' "$out")"
    [[ -n $card ]] || continue
    fb="{\"feedback\":[{\"card\":\"$card\",\"outcome\":\"overridden\",\"overrideReason\":{\"userComment\":\"cluster test $id\"},\"outcomeTimestamp\":\"2026-01-01T00:00:00Z\"}]}"
    for _ in $(seq 60); do
      code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 20 -X POST \
        -H "Authorization: Bearer $(mint "/cds-services/$service/feedback")" \
        -H 'Content-Type: application/json' --data "$fb" "$base/cds-services/$service/feedback" \
        2>/dev/null || true)
      [[ $code == 200 ]] && break
      sleep 0.3
    done
    [[ $code == 200 ]] && echo "$card" >>"$work/acked/feedback.$id"
  done
}

echo "== load: $calls calls and their feedback from $clients clients through nginx"
load_pids=()
for ((c = 1; c <= clients; c++)); do
  client "$c" $((calls / clients)) &
  load_pids+=($!)
done
acked_count() { cat "$work"/acked/calls.* 2>/dev/null | wc -l; }
until [[ $(acked_count) -ge $((calls / 4)) ]]; do
  sleep 0.2
  [[ $(date +%s) -lt $deadline ]] || fail "load too slow"
done
echo "   SIGKILL instance a after $(acked_count) acknowledged calls"
kill -KILL "$(cat "$work/a.pid")"
until [[ $(acked_count) -ge $((calls / 2)) ]]; do
  sleep 0.2
  [[ $(date +%s) -lt $deadline ]] || fail "load stalled after the kill"
done
echo "   restart PostgreSQL after $(acked_count) acknowledged calls"
pg_ctl -m fast restart || fail "PostgreSQL did not restart"
echo "   restart instance a"
start_instance a "$a_port"
for pid in "${load_pids[@]}"; do wait "$pid"; done
ls "$work"/acked/*.failed >/dev/null 2>&1 && fail "$(cat "$work"/acked/*.failed | head -3)"

echo "== every acknowledged call and feedback is in the ledger exactly once"
audit() { curl -fsS --max-time 20 -H "Authorization: Bearer $audit_token" "http://127.0.0.1:$b_port$1"; }
audit "/audit/export/calls.ndjson" >"$work/ledger.ndjson" || fail "auditor export"
sort "$work"/acked/calls.* >"$work/acked.calls"
jq -r .hookInstance "$work/ledger.ndjson" | sort >"$work/ledger.calls"
[[ $(wc -l <"$work/acked.calls") -eq $calls ]] || fail "$(wc -l <"$work/acked.calls") of $calls calls acknowledged"
dupes="$(uniq -d "$work/ledger.calls")"
[[ -z $dupes ]] || fail "calls stored twice: $(head -3 <<<"$dupes")"
missing="$(comm -23 "$work/acked.calls" "$work/ledger.calls")"
[[ -z $missing ]] || fail "acknowledged calls missing from the ledger: $(head -3 <<<"$missing")"
sort "$work"/acked/feedback.* >"$work/acked.feedback"
jq -r '.feedback[].card' "$work/ledger.ndjson" | sort >"$work/ledger.feedback"
dupes="$(uniq -d "$work/ledger.feedback")"
[[ -z $dupes ]] || fail "feedback stored twice: $(head -3 <<<"$dupes")"
missing="$(comm -23 "$work/acked.feedback" "$work/ledger.feedback")"
[[ -z $missing ]] || fail "acknowledged feedback missing from the ledger: $(head -3 <<<"$missing")"
paged=0
cursor=""
while :; do
  page="$(audit "/audit/calls?limit=17${cursor:+&cursor=$cursor}")" || fail "auditor paging"
  paged=$((paged + $(jq '.calls | length' <<<"$page")))
  cursor="$(jq -r '.nextCursor // empty' <<<"$page")"
  [[ -n $cursor ]] || break
done
[[ $paged -eq $(wc -l <"$work/ledger.calls") ]] || fail "paging saw $paged calls"
echo "   $calls calls, $(wc -l <"$work/acked.feedback") feedback reports; paging saw every call once"

echo "== a token accepted by one instance is refused by the other"
token="$(mint "/cds-services/$service")"
body="$(jq -c '.hookInstance = "ffffffff-0d3f-4c5e-9a7b-000000000001"' <<<"$template")"
post_to() {  # port
  curl -sS -o /dev/null -w '%{http_code}' --max-time 20 -X POST -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' --data "$body" "http://127.0.0.1:$1/cds-services/$service"
}
code=$(post_to "$a_port")
[[ $code == 200 ]] || fail "first use of the token got $code"
code=$(post_to "$b_port")
[[ $code == 401 ]] || fail "the token replayed against the other instance got $code"

echo "== both instances give the patient the same pseudonym"
# The replay check's call went to a; one more call for the same patient goes to b.
token="$(mint "/cds-services/$service")"
body="$(jq -c '.hookInstance = "ffffffff-0d3f-4c5e-9a7b-000000000002"' <<<"$template")"
code=$(post_to "$b_port")
[[ $code == 200 ]] || fail "call to instance b got $code"
audit "/audit/export/calls.ndjson" >"$work/ledger.ndjson" || fail "auditor export"
pseudonym_of() {
  jq -r --arg h "$1" 'select(.hookInstance == $h) | .patientPseudonym' "$work/ledger.ndjson"
}
on_a="$(pseudonym_of ffffffff-0d3f-4c5e-9a7b-000000000001)"
on_b="$(pseudonym_of ffffffff-0d3f-4c5e-9a7b-000000000002)"
[[ -n $on_a && $on_a == "$on_b" ]] || fail "pseudonyms differ: a '$on_a', b '$on_b'"
pseudonyms="$(jq -r .patientPseudonym "$work/ledger.ndjson" | sort -u)"
[[ $(wc -l <<<"$pseudonyms") -eq 1 ]] || fail "the load's calls carry several pseudonyms"

echo "== both instances add to one unrecognised-codes report"
# A condition coded only with a local code: one call to each instance; each instance reports
# the code as seen twice, first by one and then by the other.
local_system="urn:oid:1.2.840.114350.1.13.999.2.7.2.798268"
local_dx="$(jq -nc --arg s "$local_system" '{resource: {resourceType: "Condition",
  id: "cluster-local-dx", subject: {reference: "Patient/vcf-v1"},
  code: {coding: [{system: $s, code: "CLUSTER-DX", display: "Local diagnosis"}]}}}')"
for n in 3 4; do
  token="$(mint "/cds-services/$service")"
  body="$(jq -c --argjson dx "$local_dx" --arg h "ffffffff-0d3f-4c5e-9a7b-00000000000$n" \
    '.hookInstance = $h | .prefetch.conditions.entry += [$dx]' <<<"$template")"
  port=$a_port
  [[ $n == 4 ]] && port=$b_port
  code=$(post_to "$port")
  [[ $code == 200 ]] || fail "call with a local condition code to :$port got $code"
done
for port in "$a_port" "$b_port"; do
  seen="$(curl -fsS --max-time 20 -H "Authorization: Bearer $audit_token" \
    "http://127.0.0.1:$port/audit/unrecognised-codes?kind=condition&system=$local_system" |
    jq '[.codes[] | select(.code == "CLUSTER-DX") | .count] | add')"
  [[ $seen == 2 ]] || fail "the instance on :$port reports the local code seen ${seen} times, not 2"
done

echo "cluster-test: passed in $((240 - (deadline - $(date +%s)))) s"
