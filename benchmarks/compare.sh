#!/usr/bin/env bash
# The peer comparison of issue 4 in one command (see docs/BENCHMARKS.md):
#   benchmarks/compare.sh [compare options, e.g. --repeats 1 --workloads W1,W3seq]
#   benchmarks/compare.sh W6     (the crawler benchmark: benchmarks/w6-crawl.sh)
# Builds benchmarks/target/benchmarks.jar (never `mvn install`), then runs `compare` on the newest JDK
# it finds (21+ is needed for virtual threads: $BENCH_JAVA, $JAVA_HOME, /usr/lib/jvm/*, or `java`).
# Writes docs/BENCHMARKS.md (generated part) and docs/benchmarks.png.
# Then runs W5 (issue 8: asyncio4j on Vert.x against raw Vert.x, each in a fresh JVM) and writes its
# own section of docs/BENCHMARKS.md. `benchmarks/compare.sh w5 [W5 options]` runs only W5.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = W6 ]; then # the crawler against Scrapy, aiohttp, stdlib asyncio and raw Vert.x (issue 9)
  shift
  exec benchmarks/w6-crawl.sh "$@"
fi

feature() { # prints the feature version of a java binary, e.g. 25
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1
}

pick_java() {
  if [ -n "${BENCH_JAVA:-}" ]; then echo "$BENCH_JAVA"; return; fi
  local best="" best_v=0 c v
  for c in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
    [ -x "$c" ] || continue
    v=$(feature "$c"); v=${v:-0}
    if [ "$v" -gt "$best_v" ]; then best="$c"; best_v="$v"; fi
  done
  if [ "$best_v" -lt 21 ]; then
    echo "compare.sh: no JDK 21+ found (newest: ${best:-none}); virtual-thread peers will show n/a" >&2
  fi
  echo "$best"
}

JAVA_BIN=$(pick_java)
echo "compare.sh: building benchmarks.jar; children run on $JAVA_BIN ($("$JAVA_BIN" -version 2>&1 | head -1))" >&2
mvn -q -pl benchmarks -am package -DskipTests
if [ "${1:-}" = "w5" ]; then
  shift
  exec "$JAVA_BIN" -jar benchmarks/target/benchmarks.jar w5 "$@"
fi
"$JAVA_BIN" -jar benchmarks/target/benchmarks.jar compare "$@"
exec "$JAVA_BIN" -jar benchmarks/target/benchmarks.jar w5
