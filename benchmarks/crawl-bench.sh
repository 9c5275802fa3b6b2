#!/usr/bin/env bash
# Issue 24's table: the crawler (java -jar ... crawl, as the README runs it) against its peers on a
# static site served by nginx (a web server none of us wrote), medians of N rounds, in one run:
#   crawl --client jdk | vertx       the samples jar, JVM start included in the wall time
#   raw-jdk                          JdkCrawlPeer: HttpClient + jsoup, a virtual thread per page, a semaphore
#   scrapy, aiohttp, python-stdlib   the W6 peers (Debian's python3-scrapy, python3-aiohttp, asyncio streams)
# Every crawler: GET, parse, follow same-host links, stop at PAGES URLs, N requests in flight, no robots.txt,
# no retries. Then the many-host figure: a host answering every page after 2 s beside the nginx host
# (-c 16 --per-host 8), the nginx host's pages/s against the same crawl without it. --frontier adds the
# 1,000,000-URL crawl of the demo site in -Xmx512m (long: about 15 minutes on a quiet machine).
#
#   benchmarks/crawl-bench.sh [--rounds 3] [--pages 10000] [--concurrency 100] [--crawlers "a b ..."]
#                             [--max-load 1.5] [--skip-build] [--no-many-hosts] [--frontier] [--java PATH]
#
# It installs with apt-get (as root) what is missing: nginx-light, python3-scrapy, python3-aiohttp, time.
# A peer that is still missing is reported as MISSING in the table and on stderr, never left out silently.
# Debian's python3-* packages load only in Debian's own interpreter: `command -v -p python3`.
# The machine may be shared: --max-load waits (at most 10 minutes a round) until the 1-minute load
# average is below it; the load before and after every run is printed with the table.
set -uo pipefail
cd "$(dirname "$0")/.."
ROUNDS=3 PAGES=10000 N=100 MAXLOAD="" SKIP_BUILD="" MANY=1 FRONTIER="" JAVA=""
CRAWLERS="crawl-jdk crawl-vertx raw-jdk scrapy aiohttp python-stdlib"
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) ROUNDS=$2; shift ;;
    --pages) PAGES=$2; shift ;;
    --concurrency) N=$2; shift ;;
    --crawlers) CRAWLERS=$2; shift ;;
    --max-load) MAXLOAD=$2; shift ;;
    --skip-build) SKIP_BUILD=1 ;;
    --no-many-hosts) MANY="" ;;
    --frontier) FRONTIER=1 ;;
    --java) JAVA=$2; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "crawl-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
TMP=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done; [ -f "$TMP/nginx.pid" ] && kill "$(cat "$TMP/nginx.pid")" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
say() { echo "crawl-bench: $*" >&2; }
declare -A MISSING=()

# ------------------------------------------------------------------ what the runs need
PY=$(command -v -p python3 || echo /usr/bin/python3)   # Debian's interpreter: the one its python3-* packages load in
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  want=""
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || want="$want nginx-light"
  "$PY" -c 'import scrapy' 2>/dev/null || want="$want python3-scrapy"
  "$PY" -c 'import aiohttp' 2>/dev/null || want="$want python3-aiohttp"
  [ -x /usr/bin/time ] || want="$want time"
  if [ -n "$want" ]; then
    say "installing:$want"
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $want >"$TMP/apt.log" 2>&1 \
      || { apt-get update >>"$TMP/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $want >>"$TMP/apt.log" 2>&1; } \
      || say "apt-get install failed: $(grep -E '^E:' "$TMP/apt.log" | head -2 | tr '\n' ' ')"
  fi
else
  say "not root or no apt-get: nothing installed; what is missing is reported below"
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { say "MISSING nginx (apt-get install nginx-light): there is no site to crawl"; exit 1; }
[ -x /usr/bin/time ] || { say "MISSING /usr/bin/time (apt-get install time): no peak RSS"; exit 1; }
"$PY" -c 'import scrapy' 2>/dev/null || MISSING[scrapy]="python3-scrapy does not import in $PY"
"$PY" -c 'import aiohttp' 2>/dev/null || MISSING[aiohttp]="python3-aiohttp does not import in $PY"

newest_java() {
  local best="" best_v=0 c v
  for c in /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
    [ -x "$c" ] || continue
    v=$("$c" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1); v=${v:-0}
    if [ "$v" -gt "$best_v" ]; then best="$c"; best_v="$v"; fi
  done
  echo "$best"
}
JAVA=${JAVA:-$(newest_java)}
if [ -z "$SKIP_BUILD" ]; then
  say "building the samples and benchmarks jars"
  mvn -q -pl samples,benchmarks -am package -DskipTests || { say "build failed"; exit 1; }
fi
JAR=samples/target/asyncio4j-samples.jar
BENCH=benchmarks/target/benchmarks.jar
PYDIR=benchmarks/src/main/python

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { # URL: up to 30 s
  for _ in $(seq 1 300); do "$PY" -c "import urllib.request; urllib.request.urlopen('$1', timeout=1)" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}
load() { cut -d' ' -f1 /proc/loadavg; }
quiet_enough() { # waits, bounded, until the 1-minute load is below --max-load
  [ -z "$MAXLOAD" ] && return 0
  for _ in $(seq 1 120); do awk -v l="$(load)" -v m="$MAXLOAD" 'BEGIN{exit !(l<m)}' && return 0; sleep 5; done
  say "load still $(load) (>= $MAXLOAD) after 10 minutes: measuring anyway"
}

# ------------------------------------------------------------------ the site: the demo pages, static, behind nginx
PORT=$(free_port)
SITE=http://127.0.0.1:$PORT/
"$JAVA" -cp "$JAR" benchmarks/crawl/StaticSite.java "$TMP/site" "$PAGES" "$PORT" >&2 || { say "could not write the site"; exit 1; }
mkdir -p "$TMP/nginx"
cat >"$TMP/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  default_type text/html;
  charset utf-8;
  keepalive_requests 1000000;
  client_body_temp_path $TMP/nginx/body; proxy_temp_path $TMP/nginx/proxy; fastcgi_temp_path $TMP/nginx/fcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi; scgi_temp_path $TMP/nginx/scgi;
  server { listen 127.0.0.1:$PORT; root $TMP/site; location / { try_files \$uri \$uri/index.html =404; } }
}
EOF
chmod -R a+rX "$TMP"
"$NGINX" -c "$TMP/nginx.conf" -p "$TMP/nginx" >"$TMP/nginx/out.log" 2>&1 &
PIDS+=($!)
wait_http "${SITE}robots.txt" || { say "nginx did not answer:"; cat "$TMP/nginx/out.log" "$TMP/nginx/error.log" >&2; exit 1; }

# The launcher's JVM cache (AOT on JDK 25, CDS before) is made after a first run: make it now, untimed.
say "first run of the jar (makes the launcher's cache in the background), then waiting for the cache"
"$JAVA" -jar "$JAR" crawl "$SITE" -n 500 --no-robots -q --no-progress >/dev/null 2>&1
for _ in $(seq 1 180); do
  ls samples/target/asyncio4j-samples-*.aot samples/target/asyncio4j-samples-*.jsa 2>/dev/null | grep -qv '\.tmp$' && break
  sleep 1
done
CACHE=$(ls samples/target/asyncio4j-samples-*.aot samples/target/asyncio4j-samples-*.jsa 2>/dev/null | head -1)
say "launcher cache: ${CACHE:-none (the runs below go without it)}"

cmd_for() {
  case $1 in
    crawl-jdk) echo "$JAVA -jar $JAR crawl $SITE -c $N --per-host $N --max-pages $PAGES --no-robots --retries 0 --client jdk -q --no-progress" ;;
    crawl-vertx) echo "$JAVA -jar $JAR crawl $SITE -c $N --per-host $N --max-pages $PAGES --no-robots --retries 0 --client vertx -q --no-progress" ;;
    raw-jdk) echo "$JAVA -cp $BENCH io.asyncio4j.benchmarks.peers.JdkCrawlPeer $SITE $N $PAGES" ;;
    scrapy) echo "$PY $PYDIR/w6_scrapy_crawler.py $SITE $N $PAGES" ;;
    aiohttp) echo "$PY $PYDIR/w6_aiohttp_crawler.py $SITE $N $PAGES" ;;
    python-stdlib) echo "$PY $PYDIR/w6_stdlib_crawler.py $SITE $N $PAGES" ;;
    *) say "unknown crawler $1"; return 1 ;;
  esac
}

# run_one CMD... -> "pages seconds wall rss_kb" (pages and seconds by the crawler's own count and clock)
run_one() {
  if ! /usr/bin/time -f "%e %M" -o "$TMP/time" "$@" >"$TMP/out" 2>"$TMP/err"; then
    # the crawl's exit 1 means "every page failed": still a result to show
    grep -qE '^(pages=|crawl finished:)' "$TMP/out" || { echo "missing $(tail -1 "$TMP/err" | tr -d '|' | cut -c1-100)"; return; }
  fi
  local line
  line=$(grep -E '^pages=' "$TMP/out" | tail -1)
  if [ -z "$line" ]; then # the crawler's summary: "crawl finished: N pages in S s (...)"
    line=$(grep -E '^crawl finished:' "$TMP/out" | sed -E 's/crawl finished: ([0-9]+) pages in ([0-9.]+) s.*/pages=\1 seconds=\2/')
  fi
  local pages secs
  pages=$(echo "$line" | sed -nE 's/.*pages=([0-9]+).*/\1/p')
  secs=$(echo "$line" | sed -nE 's/.*seconds=([0-9.]+).*/\1/p')
  [ -n "$pages" ] && [ -n "$secs" ] || { echo "missing no result line"; return; }
  echo "$pages $secs $(tail -1 "$TMP/time")"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

declare -A RATE=() WALL=() RSS=() RUNS=()
LOADS=""
for r in $(seq 1 "$ROUNDS"); do
  for c in $CRAWLERS; do
    [ -n "${MISSING[$c]:-}" ] && continue
    quiet_enough
    before=$(load)
    # shellcheck disable=SC2046
    v=$(run_one $(cmd_for "$c"))
    after=$(load)
    LOADS="$LOADS $before/$after"
    case $v in missing*) MISSING[$c]="${v#missing }"; say "$c failed: ${v#missing }"; continue ;; esac
    read -r p s w m <<<"$v"
    RATE[$c]="${RATE[$c]:-} $(awk -v p="$p" -v s="$s" 'BEGIN{printf "%.1f", p/s}')"
    WALL[$c]="${WALL[$c]:-} $w"
    RSS[$c]="${RSS[$c]:-} $(awk -v m="$m" 'BEGIN{printf "%.0f", m/1024}')"
    RUNS[$c]="${RUNS[$c]:-} $p"
    say "round $r $c: $p pages, $(awk -v p="$p" -v s="$s" 'BEGIN{printf "%.0f", p/s}') pages/s, wall $w s, $(awk -v m="$m" 'BEGIN{printf "%.0f", m/1024}') MiB (load $before -> $after)"
  done
done

med() { echo "$1" | tr ' ' '\n' | grep -v '^$' | median; }
echo
echo "| crawler | pages | pages/s (median; runs) | wall s incl. start (median) | peak RSS MiB (median) | vs raw-jdk | vs scrapy |"
echo "|---|---:|---|---:|---:|---:|---:|"
RAW=$(med "${RATE[raw-jdk]:-}") SCRAPY=$(med "${RATE[scrapy]:-}")
for c in $CRAWLERS; do
  if [ -n "${MISSING[$c]:-}" ]; then echo "| $c | — | MISSING: ${MISSING[$c]} | — | — | — | — |"; continue; fi
  rate=$(med "${RATE[$c]}")
  vs() { awk -v a="$rate" -v b="$1" 'BEGIN{ if (b=="nan"||b=="") print "—"; else printf "%.2f×", a/b }'; }
  echo "| $c | $(med "${RUNS[$c]}") | $rate ;${RATE[$c]} | $(med "${WALL[$c]}") | $(med "${RSS[$c]}") | $(vs "$RAW") | $(vs "$SCRAPY") |"
done
echo
echo "Targets (issue 24): crawl-jdk ≥ 0.9× raw-jdk and ≥ 10× scrapy in pages/s; its wall time (JVM start included) below"
echo "aiohttp's and python-stdlib's; its peak RSS ≤ 256 MiB."
for c in crawl-jdk crawl-vertx; do
  [ -z "${RATE[$c]:-}" ] && continue
  awk -v c="$c" -v r="$(med "${RATE[$c]}")" -v raw="$RAW" -v sc="$SCRAPY" -v w="$(med "${WALL[$c]}")" \
      -v wa="$(med "${WALL[aiohttp]:-}")" -v ws="$(med "${WALL[python-stdlib]:-}")" -v m="$(med "${RSS[$c]}")" 'BEGIN{
    printf "  %s: %s raw-jdk, %s scrapy, wall %s s against aiohttp %s s and python-stdlib %s s, RSS %s MiB (%s)\n", c,
      (raw=="nan") ? "no" : sprintf("%.2f×%s", r/raw, (r/raw>=0.9)?" PASS":" FAIL"),
      (sc=="nan") ? "no" : sprintf("%.1f×%s", r/sc, (r/sc>=10)?" PASS":" FAIL"),
      w, wa, ws, m, (m<=256) ? "PASS" : "FAIL" }'
done

# ------------------------------------------------------------------ many hosts: one answering every page in 2 s
if [ -n "$MANY" ]; then
  SLOW=$(free_port)
  "$PY" benchmarks/crawl/SlowHost.py "$SLOW" 40 2 &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$SLOW/" || { say "the slow host did not start"; exit 1; }
  many() { # label, then the crawl's URLs: prints the nginx host's "pages seconds"
    local label=$1; shift
    rm -f "$TMP/many.jsonl"
    "$PY" benchmarks/crawl/watch_host.py "$TMP/many.jsonl" "$SITE" "$PAGES" 300 >"$TMP/watch" &
    local watcher=$!
    "$JAVA" -jar "$JAR" crawl "$@" -c 16 --per-host 8 --max-pages $((PAGES + 41)) --no-robots --retries 0 -q --no-progress \
      -o "$TMP/many.jsonl" >/dev/null 2>&1
    wait "$watcher"
    sed -nE 's/host_pages=([0-9]+) host_seconds=([0-9.na]+)/\1 \2/p' "$TMP/watch"
  }
  ALONE="" MIXED=""
  for r in $(seq 1 "$ROUNDS"); do
    quiet_enough
    read -r p s <<<"$(many alone "$SITE")"
    ALONE="$ALONE $(awk -v p="$p" -v s="$s" 'BEGIN{printf "%.1f", p/s}')"
    quiet_enough
    read -r p s <<<"$(many mixed "http://127.0.0.1:$SLOW/" "$SITE")"
    MIXED="$MIXED $(awk -v p="$p" -v s="$s" 'BEGIN{printf "%.1f", p/s}')"
    say "many hosts, round $r: alone$ALONE, beside the slow host$MIXED pages/s"
  done
  a=$(med "$ALONE") m=$(med "$MIXED")
  echo
  echo "Many hosts (crawl -c 16 --per-host 8; the slow host's 40 pages first, each answered after 2 s): the nginx host's"
  echo "pages/s alone $a (runs:$ALONE), beside the slow host $m (runs:$MIXED): $(awk -v a="$a" -v m="$m" \
    'BEGIN{printf "%.2f× (target ≥ 0.90): %s", m/a, (m/a>=0.9)?"PASS":"FAIL"}')"
fi

# ------------------------------------------------------------------ a million URLs in -Xmx512m
if [ -n "$FRONTIER" ]; then
  DPORT=$(free_port)
  "$JAVA" -Xmx4g -jar "$JAR" crawl --serve-demo --demo-pages 1000000 --demo-latency 0ms --demo-failure-rate 0 \
    --demo-slow-rate 0 --demo-redirect-rate 0 --demo-port "$DPORT" >"$TMP/demo.log" 2>&1 &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$DPORT/robots.txt" || { say "the demo site did not start"; exit 1; }
  quiet_enough
  say "the 1,000,000-URL crawl in -Xmx512m (long)"
  /usr/bin/time -f "%e %M" -o "$TMP/time" "$JAVA" -Xmx512m -Xlog:gc:file="$TMP/gc.log" -jar "$JAR" crawl "http://127.0.0.1:$DPORT/" \
    -n 1000000 -c "$N" --per-host "$N" --no-robots --retries 0 -q --no-progress >"$TMP/out" 2>"$TMP/err"
  code=$?
  heap=$(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$TMP/gc.log" | sed -E 's/.*->([0-9]+)M.*/\1/' | sort -n | tail -1)
  echo
  echo "A million URLs (-Xmx512m, the JVM's default collector): exit $code, $(grep 'crawl finished' "$TMP/out" || tail -2 "$TMP/err"),"
  echo "  wall $(cut -d' ' -f1 "$TMP/time") s, peak RSS $(awk '{printf "%.0f", $2/1024}' "$TMP/time") MiB, largest live heap after a GC ${heap:-?} MiB"
fi

echo
echo "Ran on $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), $("$PY" --version 2>&1), nginx $("$NGINX" -v 2>&1 | sed 's/.*\///');"
echo "load average (1 min) before/after each run:$LOADS; at the end $(cut -d' ' -f1-3 /proc/loadavg)."
for c in "${!MISSING[@]}"; do say "MISSING $c: ${MISSING[$c]}"; done
