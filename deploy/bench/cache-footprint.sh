#!/usr/bin/env bash
# The heap one cached verified key takes, at 1,000,000 keys (or the count given): dev.keyplane.auth.CacheFootprint
# fills the verified-key cache and compares the heap in use after a full GC. Usage: deploy/bench/cache-footprint.sh [N]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath
java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/jmh.classpath)" dev.keyplane.auth.CacheFootprint "${1:-1000000}"
