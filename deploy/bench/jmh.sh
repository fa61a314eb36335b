#!/usr/bin/env bash
# JMH micro-benchmark of the key hot path (parse + checksum + SHA-256 + verified-key cache lookup) for
# caches of 10,000 and 1,000,000 keys. Usage: deploy/bench/jmh.sh [JMH options, e.g. -f 1 -wi 2 -i 3]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath
java -cp "target/test-classes:target/classes:$(cat target/jmh.classpath)" org.openjdk.jmh.Main KeyPathBenchmark "$@"
