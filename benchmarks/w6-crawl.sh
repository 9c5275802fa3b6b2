#!/usr/bin/env bash
# W6 (issue 9): the asyncio4j crawler against its peers on the same demo site, in the same run.
#   benchmarks/w6-crawl.sh            (or: benchmarks/compare.sh W6)
# 10,000 pages, concurrency 100, in two settings: latency-bound (50 ms per response) and CPU-bound
# (0 ms). Peers: Scrapy (Debian python3-scrapy), a plain aiohttp crawler (python3-aiohttp), a Python
# crawler on the standard library only, and a raw Vert.x WebClient crawler (no asyncio4j). Every
# crawler does the same work: GET, parse the HTML, follow same-host links, stop at 10,000 URLs; no
# robots.txt, no retries. pages/s is each crawler's own count over its own clock (process start-up
# excluded); peak RSS is the whole process's (/usr/bin/time). A peer that cannot be installed or run
# is reported as missing, and the others run.
# Knobs: W6_PAGES (10000), W6_CONCURRENCY (100), W6_LATENCIES ("50 0"), W6_REPEATS (1), BENCH_JAVA,
# W6_SKIP_BUILD=1 to use the jars already built.
set -uo pipefail
cd "$(dirname "$0")/.."
PAGES=${W6_PAGES:-10000}
N=${W6_CONCURRENCY:-100}
LATENCIES=${W6_LATENCIES:-"50 0"}
REPEATS=${W6_REPEATS:-1}
PY=/usr/bin/python3          # Debian's python packages load only here, not in a pyenv python3
PYDIR=benchmarks/src/main/python
TMP=$(mktemp -d)
trap 'kill "${SITE:-}" 2>/dev/null; rm -rf "$TMP"' EXIT

newest_java() {
  if [ -n "${BENCH_JAVA:-}" ]; then echo "$BENCH_JAVA"; return; fi
  local best="" best_v=0 c v
  for c in /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
    [ -x "$c" ] || continue
    v=$("$c" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1); v=${v:-0}
    if [ "$v" -gt "$best_v" ]; then best="$c"; best_v="$v"; fi
  done
  echo "$best"
}
JAVA=$(newest_java)

echo "W6: installing the Debian peers (python3-scrapy, python3-aiohttp)" >&2
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get install -y python3-scrapy python3-aiohttp >"$TMP/apt.log" 2>&1 \
    || { apt-get update >/dev/null 2>&1 && apt-get install -y python3-scrapy python3-aiohttp >"$TMP/apt.log" 2>&1; } \
    || echo "W6: apt-get install failed (see below); the peers that need it are reported missing" >&2
else
  echo "W6: not root or no apt-get: python3-scrapy/python3-aiohttp are not installed by this script" >&2
fi
command -v /usr/bin/time >/dev/null || apt-get install -y time >/dev/null 2>&1 || true

echo "W6: building samples and benchmarks jars; JVM crawlers run on $JAVA" >&2
if [ -z "${W6_SKIP_BUILD:-}" ]; then
  mvn -q -pl samples,benchmarks -am package -DskipTests || { echo "W6: build failed" >&2; exit 1; }
fi
SAMPLES=samples/target/asyncio4j-samples.jar
BENCH=benchmarks/target/benchmarks.jar

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_site() { # $1 = latency in ms
  PORT=$(free_port)
  "$JAVA" -jar "$SAMPLES" crawl --serve-demo --demo-pages "$PAGES" --demo-latency "${1}ms" \
    --demo-failure-rate 0 --demo-slow-rate 0 --demo-port "$PORT" >"$TMP/site.log" 2>&1 &
  SITE=$!
  for _ in $(seq 1 600); do
    if "$PY" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/robots.txt', timeout=1)" 2>/dev/null; then
      URL="http://127.0.0.1:$PORT/"; return 0
    fi
    sleep 0.1
  done
  echo "W6: the demo site did not start"; cat "$TMP/site.log"; exit 1
}

# run_one NAME CMD... -> prints "pages seconds rss_kb" or "missing <why>"
run_one() {
  local name=$1; shift
  if ! /usr/bin/time -f "%M" -o "$TMP/rss" "$@" >"$TMP/out" 2>"$TMP/err"; then
    echo "missing $(tail -1 "$TMP/err" | tr -d '|' | cut -c1-80)"; return
  fi
  local line pages secs
  line=$(grep -E '^pages=' "$TMP/out" | tail -1)
  if [ -z "$line" ]; then # the asyncio4j crawler's own summary: "crawl finished: N pages in S s (...)"
    line=$(grep -E '^crawl finished:' "$TMP/out" | sed -E 's/crawl finished: ([0-9]+) pages in ([0-9.]+) s.*/pages=\1 failed=0 seconds=\2/')
  fi
  pages=$(echo "$line" | sed -nE 's/.*pages=([0-9]+).*/\1/p')
  secs=$(echo "$line" | sed -nE 's/.*seconds=([0-9.]+).*/\1/p')
  if [ -z "$pages" ] || [ -z "$secs" ]; then echo "missing no-result"; return; fi
  echo "$pages $secs $(tail -1 "$TMP/rss")"
}

declare -A RESULT
CRAWLERS="asyncio4j-vertx asyncio4j-jdk raw-vertx scrapy aiohttp python-stdlib"
cmd_for() {
  case $1 in
    asyncio4j-vertx) echo "$JAVA -jar $SAMPLES crawl $URL -c $N --per-host $N --max-pages $PAGES --no-robots --retries 0 --client vertx -q" ;;
    asyncio4j-jdk) echo "$JAVA -jar $SAMPLES crawl $URL -c $N --per-host $N --max-pages $PAGES --no-robots --retries 0 --client jdk -q" ;;
    raw-vertx) echo "$JAVA -cp $BENCH io.asyncio4j.benchmarks.peers.VertxCrawlPeer $URL $N $PAGES" ;;
    scrapy) echo "$PY $PYDIR/w6_scrapy_crawler.py $URL $N $PAGES" ;;
    aiohttp) echo "$PY $PYDIR/w6_aiohttp_crawler.py $URL $N $PAGES" ;;
    python-stdlib) echo "$PY $PYDIR/w6_stdlib_crawler.py $URL $N $PAGES" ;;
  esac
}

echo "| setting | crawler | pages | seconds | pages/s | peak RSS MiB | verdict |"
echo "|---|---|---:|---:|---:|---:|---|"
for lat in $LATENCIES; do
  start_site "$lat"
  for r in $(seq 1 "$REPEATS"); do
    for c in $CRAWLERS; do
      # shellcheck disable=SC2046
      RESULT[$lat,$c,$r]=$(run_one "$c" $(cmd_for "$c"))
    done
  done
  kill "$SITE" 2>/dev/null; wait "$SITE" 2>/dev/null
  # best of the repeats per crawler (the machine is shared: the best run is the least disturbed)
  declare -A RATE=()
  for c in $CRAWLERS; do
    best=""
    for r in $(seq 1 "$REPEATS"); do
      v=${RESULT[$lat,$c,$r]}
      case $v in missing*) continue ;; esac
      read -r p s m <<<"$v"
      rate=$(awk -v p="$p" -v s="$s" 'BEGIN{printf "%.1f", p/s}')
      if [ -z "$best" ] || awk -v a="$rate" -v b="${best%% *}" 'BEGIN{exit !(a>b)}'; then best="$rate $p $s $m"; fi
    done
    RATE[$c]=${best:-missing ${RESULT[$lat,$c,1]#missing }}
  done
  setting=$([ "$lat" = 0 ] && echo "CPU-bound (0 ms)" || echo "latency-bound (${lat} ms)")
  bound=$([ "$lat" = 0 ] && echo 0 || awk -v n="$N" -v l="$lat" 'BEGIN{printf "%.0f", n/(l/1000)}')
  for c in $CRAWLERS; do
    v=${RATE[$c]}
    case $v in missing*) echo "| $setting | $c | — | — | — | — | MISSING: ${v#missing } |"; continue ;; esac
    read -r rate p s m <<<"$v"
    verdict=""
    if [ "${c%%-*}" = asyncio4j ]; then
      if [ "$lat" != 0 ]; then
        verdict=$(awk -v r="$rate" -v b="$bound" 'BEGIN{x=r/b; printf "%.2f× the bound %d/s (target ≥0.9): %s", x, b, (x>=0.9?"PASS":"FAIL")}')
      else
        rv=${RATE[raw-vertx]%% *}; rs=${RATE[scrapy]%% *}
        verdict=$(awk -v r="$rate" -v v="$rv" -v s="$rs" 'BEGIN{
          a = (v ~ /^[0-9.]+$/) ? sprintf("%.2f× raw Vert.x (≥0.9): %s", r/v, (r/v>=0.9?"PASS":"FAIL")) : "raw Vert.x missing";
          b = (s ~ /^[0-9.]+$/) ? sprintf("%.2f× Scrapy (≥3): %s", r/s, (r/s>=3?"PASS":"FAIL")) : "Scrapy missing";
          print a "; " b}')
      fi
    fi
    echo "| $setting | $c | $p | $s | $rate | $(awk -v m="$m" 'BEGIN{printf "%.0f", m/1024}') | $verdict |"
  done
done
echo
echo "W6 ran on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; JVM: $("$JAVA" -version 2>&1 | head -1); Python: $("$PY" --version 2>&1)"
if [ -s "$TMP/apt.log" ] && grep -qiE '^E:' "$TMP/apt.log"; then echo "apt-get: $(grep -E '^E:' "$TMP/apt.log" | head -2)"; fi
