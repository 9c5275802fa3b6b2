#!/usr/bin/env bash
# Cluster (issue 13): crawl --cluster on 1, 2 and 3 nodes of one machine, against a latency-bound
# demo (100 ms per response) of several hosts, each node's concurrency capped at 50.
#   benchmarks/cluster.sh
# The demo runs in its own JVM (crawl --serve-demo --demo-sites N: N sites on N ports, i.e. N hosts
# for the per-host limits; a cluster pays off with many hosts, since --per-host holds cluster-wide).
# For each node count, the nodes are started together (node 1 has the start URLs and waits for the
# others with --cluster-wait-nodes), and node 1's summary gives the cluster's pages/s (its own clock,
# from the start of its crawl; JVM and cluster start-up excluded). A plain one-JVM crawl (no cluster)
# with the same limits is the reference. Every node prints its queue statistics: event-bus messages
# it sent, and the time a get took beyond waiting for an item (round trip and coordinator work)
# at p50/p99, and a put's p99; messages per page = all nodes' messages / pages.
# Knobs: CL_SITES (12), CL_PAGES per site (250), CL_LATENCY ms (100), CL_CONCURRENCY (50),
# CL_PER_HOST (50), CL_NODES ("1 2 3"), BENCH_JAVA, CL_SKIP_BUILD=1 to use the jar already built.
set -uo pipefail
cd "$(dirname "$0")/.."
SITES=${CL_SITES:-12}
PAGES=${CL_PAGES:-250}
LATENCY=${CL_LATENCY:-100}
C=${CL_CONCURRENCY:-50}
PER_HOST=${CL_PER_HOST:-50}
NODES=${CL_NODES:-"1 2 3"}
TMP=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}" ${SITE:-}; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"' EXIT
JAVA=${BENCH_JAVA:-java}
JOPTS=(-Xmx512m)

if [ -z "${CL_SKIP_BUILD:-}" ]; then
  echo "cluster: building the samples jar" >&2
  mvn -q -pl samples -am package -DskipTests || { echo "cluster: build failed" >&2; exit 1; }
fi
JAR=samples/target/asyncio4j-samples.jar

"$JAVA" "${JOPTS[@]}" -jar "$JAR" crawl --serve-demo --demo-sites "$SITES" --demo-pages "$PAGES" --demo-latency "${LATENCY}ms" \
  --demo-failure-rate 0 --demo-slow-rate 0 --demo-redirect-rate 0 >"$TMP/site.log" 2>&1 &
SITE=$!
for _ in $(seq 1 300); do
  [ "$(grep -c '^demo site:' "$TMP/site.log")" -ge "$SITES" ] && break
  sleep 0.1
done
mapfile -t URLS < <(sed -n 's/^demo site: \(http[^ ]*\).*/\1/p' "$TMP/site.log")
[ "${#URLS[@]}" -ge "$SITES" ] || { echo "cluster: the demo did not start"; cat "$TMP/site.log"; exit 1; }
COMMON=(--no-progress --no-robots -c "$C" --per-host "$PER_HOST" --retries 0)

echo "cluster: reference, one JVM without a cluster" >&2
/usr/bin/time -f "%U %S" -o "$TMP/plain.cpu" "$JAVA" "${JOPTS[@]}" -jar "$JAR" crawl "${COMMON[@]}" "${URLS[@]}" >"$TMP/plain.log" 2>&1
PLAIN=$(sed -n 's/.*crawl finished: \([0-9]*\) pages in \([0-9.]*\) s (\([0-9]*\) pages\/s).*/\3/p' "$TMP/plain.log")

cpu_ms_per_page() { # $1 = pages, then the /usr/bin/time files: user+sys CPU of all the JVMs, per page
  local pages=$1; shift
  echo "scale=2; ($(cat "$@" | awk '{s += $1 + $2} END {print s}')) * 1000 / $pages" | bc
}
PLAIN_PAGES=$(sed -n 's/.*crawl finished: \([0-9]*\) pages.*/\1/p' "$TMP/plain.log")
printf '\n%-22s %8s %8s %10s %10s %12s %12s %12s %14s\n' "setup" "pages" "seconds" "pages/s" "vs 1 node" "msgs/page" "get p99 us" "put p99 us" "CPU ms/page"
printf '%-22s %8s %8s %10s %10s %12s %12s %12s %14s\n' "1 JVM, no cluster" "$PLAIN_PAGES" \
  "$(sed -n 's/.*pages in \([0-9.]*\) s.*/\1/p' "$TMP/plain.log")" "$PLAIN" "-" "-" "-" "-" "$(cpu_ms_per_page "$PLAIN_PAGES" "$TMP/plain.cpu")"
ONE=""
for n in $NODES; do
  PORTS=()
  for i in $(seq 1 "$n"); do PORTS+=($((5900 + 10 * n + i))); done
  PIDS=()
  for i in $(seq 1 "$n"); do
    JOIN=()
    others=""
    for j in $(seq 1 "$n"); do [ "$j" != "$i" ] && others="${others:+$others,}127.0.0.1:${PORTS[$((j-1))]}"; done
    [ -n "$others" ] && JOIN=(--join "$others")
    # every node has a --join, so none draws the cluster's name: they are given one per run and size
    ARGS=(crawl --cluster --cluster-name "cluster-sh-$$-$n" --cluster-port "${PORTS[$((i-1))]}" --node-name "n$i" "${JOIN[@]}" "${COMMON[@]}")
    if [ "$i" = 1 ]; then ARGS+=(--cluster-wait-nodes "$n" "${URLS[@]}"); fi
    /usr/bin/time -f "%U %S" -o "$TMP/n$n-$i.cpu" "$JAVA" "${JOPTS[@]}" -jar "$JAR" "${ARGS[@]}" >"$TMP/n$n-$i.log" 2>&1 &
    PIDS+=($!)
  done
  for p in "${PIDS[@]}"; do wait "$p"; done
  L="$TMP/n$n-1.log"
  PAGES_DONE=$(sed -n 's/^cluster of .*crawl finished: \([0-9]*\) pages.*/\1/p' "$L")
  SECS=$(sed -n 's/^cluster of .*pages in \([0-9.]*\) s.*/\1/p' "$L")
  RATE=$(sed -n 's/^cluster of .*(\([0-9]*\) pages\/s).*/\1/p' "$L")
  if [ -z "$RATE" ]; then echo "cluster: $n node(s) failed:"; cat "$TMP"/n$n-*.log; continue; fi
  MSGS=$(cat "$TMP"/n$n-*.log | sed -n 's/.*queue (this node): \([0-9]*\) messages sent.*/\1/p' | paste -sd+ | bc)
  GETP99=$(cat "$TMP"/n$n-*.log | sed -n 's/.*get overhead p50 [0-9]* us, p99 \([0-9]*\) us.*/\1/p' | sort -n | tail -1)
  PUTP99=$(cat "$TMP"/n$n-*.log | sed -n 's/.*put p99 \([0-9]*\) us.*/\1/p' | sort -n | tail -1)
  [ -z "$ONE" ] && ONE=$RATE
  printf '%-22s %8s %8s %10s %10s %12s %12s %12s %14s\n' "$n node(s), cluster" "$PAGES_DONE" "$SECS" "$RATE" \
    "$(echo "scale=2; $RATE / $ONE" | bc)x" "$(echo "scale=1; $MSGS / $PAGES_DONE" | bc)" "$GETP99" "$PUTP99" \
    "$(cpu_ms_per_page "$PAGES_DONE" "$TMP"/n$n-*.cpu)"
done
echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared: figures vary with the other work on it)"
echo "demo: $SITES hosts x $PAGES pages, ${LATENCY} ms per response; each node -c $C, --per-host $PER_HOST (cluster-wide); $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
