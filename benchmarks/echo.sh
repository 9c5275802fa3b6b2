#!/usr/bin/env bash
# Benchmark W8 of issue 11 in one command (see docs/BENCHMARKS.md, section W8):
#   benchmarks/echo.sh [echo options, e.g. --connections 1000 --repeats 3 --no-write]
# Builds benchmarks/target/benchmarks.jar (never `mvn install`), raises the open-file limit (10,000
# connections need 10,000 descriptors in the server and as many in the client), then runs `echo` on
# the newest JDK it finds (21+ for the virtual-thread peers).
set -euo pipefail
cd "$(dirname "$0")/.."

need=25000
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
  ulimit -n "$need" 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
fi
echo "echo.sh: open-file limit $(ulimit -n)" >&2
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 10100 ]; then
  echo "echo.sh: the open-file limit is below 10,100: the 10,000-connection runs will fail (raise the hard limit)" >&2
fi

JAVA_BIN=${BENCH_JAVA:-}
if [ -z "$JAVA_BIN" ]; then
  best_v=0
  for c in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
    [ -x "$c" ] || continue
    v=$("$c" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1); v=${v:-0}
    if [ "$v" -gt "$best_v" ]; then JAVA_BIN="$c"; best_v="$v"; fi
  done
fi
command -v python3 >/dev/null || echo "echo.sh: python3 missing: the Python peer will be reported as failed" >&2
echo "echo.sh: building benchmarks.jar; servers and client run on $JAVA_BIN" >&2
mvn -q -pl benchmarks -am package -DskipTests
exec "$JAVA_BIN" -jar benchmarks/target/benchmarks.jar echo --java "$JAVA_BIN" "$@"
