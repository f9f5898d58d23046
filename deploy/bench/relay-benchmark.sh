#!/usr/bin/env bash
# The relay benchmark of BENCHMARKS.md: the same load client (bin/mgw load) against the gateway, straight against
# the pod, and against nginx as a WebSocket proxy in front of the same pod, in one sitting; then Twilio-framed calls
# through the agent stream next to nginx in front of a plain echo server. Each process runs on its own so its CPU
# is measured alone. Needs a built tree (bin/mgw builds it), PostgreSQL and Redis (DATABASE_URL / REDIS_URL, default
# the machine's: a new database for the run, dropped at its end), and nginx for the proxy rows (skipped with a note
# when absent).
#
# On a machine with two or more CPUs the relay under test (the gateway, or nginx's one worker) runs alone on the last
# CPU and everything else (load client, pod, echo server, control plane) on the others, so round trips measure the
# relay rather than the client and the pod queueing behind it on a shared core. BENCH_PIN=0 turns that off.
#
#   deploy/bench/relay-benchmark.sh [SESSION_COUNTS] [DURATION_SECONDS]
#   e.g. deploy/bench/relay-benchmark.sh "100 250 500 750 1000" 20
#   BENCH_ROUNDS=4 deploy/bench/relay-benchmark.sh 500 15   (every relay four times in turn at 500)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
COUNTS="${1:-100 250 500 750 1000}"
DURATION="${2:-20}"
OUT="${BENCH_OUT:-$ROOT/deploy/target/bench-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
ulimit -n 65536 || true

# A database of its own per run (when DATABASE_URL is not given and psql can make one): the control plane stores every
# session's events and transcripts, and a database grown by earlier runs (autovacuum, bigger indexes on the core the
# pod and the load client share) would make later sittings slower than earlier ones for no reason of the relay's.
BENCH_DB=""
admin_sql() { psql -h 127.0.0.1 -U postgres -d postgres -qc "$1" >/dev/null 2>&1; }
if [ -z "${DATABASE_URL:-}" ] && command -v psql >/dev/null && admin_sql "CREATE DATABASE mgw_bench_$$"; then
  BENCH_DB="mgw_bench_$$"
fi
export DATABASE_URL="${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/${BENCH_DB:-postgres}?user=postgres}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export MGW_DATA_DIR="$OUT/data"
export MGW_BOOTSTRAP_API_KEY="bench-admin-key-$(date +%s)"
export MGW_JWT_SECRET="bench-jwt-secret-of-at-least-32-bytes!"
export MGW_SERVICE_TOKEN="bench-service-token-of-at-least-32-bytes"
export MGW_SECRET_KEY="bench-secret-key-of-at-least-32-bytes!!"
export MGW_CONTROL_PLANE_PORT=18080 MGW_GATEWAY_PORT=18081 MGW_RUNTIME_PORT=18090
export MGW_CONTROL_PLANE_URL=http://127.0.0.1:18080 MGW_RUNTIME_URL=http://127.0.0.1:18090
export MGW_PUBLIC_WS_BASE=ws://127.0.0.1:18081 MGW_POD_ADVERTISE_URL=ws://127.0.0.1:18090
export MGW_POD_CAPACITY=5000 MGW_LOG_LEVEL="${MGW_LOG_LEVEL:-WARN}"
# The media-gateway image's settings (deploy/docker/Dockerfile.media-gateway), for every JVM of the run.
export JAVA_OPTS="${JAVA_OPTS:--Xms512m -Xmx1g -XX:+UseParallelGC -Dio.netty.buffer.checkAccessible=false -Dio.netty.buffer.checkBounds=false -Dio.netty.leakDetection.level=disabled}"
NGINX_PORT=18089
ECHO_PORT=18095
pids=()
CPUS=$(nproc)
if [ "${BENCH_PIN:-1}" = 1 ] && [ "$CPUS" -ge 2 ] && command -v taskset >/dev/null; then
  RELAY_CPU=$((CPUS - 1)); REST_CPUS="0-$((CPUS - 2))"
  # Command prefixes, not functions: a background job's $! must be the process itself (taskset execs it).
  relay_pin="taskset -c $RELAY_CPU"
  rest_pin="taskset -c $REST_CPUS"
  echo "relay under test on CPU $RELAY_CPU, everything else on CPU(s) $REST_CPUS"
else
  relay_pin=""
  rest_pin=""
fi
# The machine's own PostgreSQL and Redis are not started here, so they float over both CPUs: a PostgreSQL backend
# writing the control plane's events can take 4 to 12 ms slices of the relay's CPU, and so can DAMON's kernel thread
# (kdamond) on some VMs (BENCHMARKS.md, "An eleventh sitting"). BENCH_PIN_SERVICES=1 pins them with the rest, which
# keeps the relay's CPU to itself but loads the other one further; new PostgreSQL backends inherit the postmaster's
# affinity, and everything gets all CPUs back at the end.
pin_services=""
if [ "${BENCH_PIN_SERVICES:-0}" = 1 ] && [ -n "$rest_pin" ]; then
  pin_services=1
fi
machine_services() { pgrep -x 'postgres|redis-server|kdamond\.[0-9]+' || true; }
pin_machine_services() { # cpu list
  for p in $(machine_services); do taskset -a -p -c "$1" "$p" >/dev/null 2>&1 || true; done
}
if [ -n "$pin_services" ]; then
  pin_machine_services "$REST_CPUS"
fi
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "$pin_services" ]; then pin_machine_services "0-$((CPUS - 1))"; fi
  [ -f "$OUT/nginx.pid" ] && kill "$(cat "$OUT/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -n "$BENCH_DB" ]; then
    admin_sql "DROP DATABASE IF EXISTS $BENCH_DB" || true
  fi
}
trap cleanup EXIT

"$ROOT/bin/mgw" --help >/dev/null 2>&1 || true   # builds when sources changed
start() { # name, pin prefix, args...
  local name=$1 pin=$2; shift 2
  $pin "$ROOT/bin/mgw" "$@" >"$OUT/$name.log" 2>&1 &
  pids+=($!)
  echo $! >"$OUT/$name.pid"
}
await_health() { # url
  for _ in $(seq 1 120); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "not healthy: $1" >&2; exit 1
}
start runtime "$rest_pin" runtime
await_health http://127.0.0.1:18090/health
start control-plane "$rest_pin" control-plane
await_health http://127.0.0.1:18080/health
start gateway "$relay_pin" gateway
await_health http://127.0.0.1:18081/health
start echo "$rest_pin" load --echo-server $ECHO_PORT
sleep 2

have_nginx=""
if command -v nginx >/dev/null; then
  have_nginx=1
  cat >"$OUT/nginx.conf" <<CONF
worker_processes 1;
worker_rlimit_nofile 65536;
pid $OUT/nginx.pid;
error_log $OUT/nginx-error.log warn;
events { worker_connections 16384; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$NGINX_PORT backlog=4096;
    proxy_http_version 1.1;
    proxy_set_header Upgrade \$http_upgrade;
    proxy_set_header Connection "upgrade";
    proxy_set_header Host \$host;
    proxy_read_timeout 3600s;
    proxy_send_timeout 3600s;
    proxy_buffering off;
    tcp_nodelay on;
    location /sessions/ { proxy_pass http://127.0.0.1:18090; }
    location /media { proxy_pass http://127.0.0.1:$ECHO_PORT; }
  }
}
CONF
  $relay_pin nginx -c "$OUT/nginx.conf" -p "$OUT"
  sleep 1
else
  echo "nginx not installed (apt-get install nginx-light): proxy rows skipped" | tee "$OUT/NOTE"
fi

pid_of() { cat "$OUT/$1.pid"; }
# bin/mgw execs java, so the recorded pid is the JVM's.
GW=$(pid_of gateway); RT=$(pid_of runtime); ECHO=$(pid_of echo); CP=$(pid_of control-plane)
REDIS=$(pgrep -x redis-server | head -n 1 || true)
nginx_worker() { pgrep -P "$(cat "$OUT/nginx.pid")" | head -n 1; }

if [ -n "${BENCH_HOLD:-}" ]; then
  echo "processes up (gateway $GW, pod $RT, echo $ECHO, redis $REDIS, nginx on $NGINX_PORT); holding until killed"
  sleep infinity
fi

load() { # label, args...
  local label=$1; shift
  echo "== $label" | tee -a "$OUT/results.txt"
  $rest_pin "$ROOT/bin/mgw" load --control-plane http://127.0.0.1:18080 --api-key "$MGW_BOOTSTRAP_API_KEY" \
      --duration "$DURATION" --warm-up 10 --ramp-up 5 "$@" 2>&1 | tee -a "$OUT/results.txt"
  sleep 3
}

# JIT warm-up of the JVM processes under test (discarded): every path at moderate load. On a slow machine the pinned
# gateway compiles on the core it relays on, so its tail keeps shrinking for a minute or more (BENCH_WARM_UP seconds
# per path, default 30).
WARM_UP="${BENCH_WARM_UP:-30}"
$rest_pin "$ROOT/bin/mgw" load --control-plane http://127.0.0.1:18080 --api-key "$MGW_BOOTSTRAP_API_KEY" --sessions 200 \
    --duration "$WARM_UP" >"$OUT/warm-up.txt" 2>&1
$rest_pin "$ROOT/bin/mgw" load --control-plane http://127.0.0.1:18080 --api-key "$MGW_BOOTSTRAP_API_KEY" --sessions 200 \
    --duration "$WARM_UP" --provider twilio --gateway ws://127.0.0.1:18081 >>"$OUT/warm-up.txt" 2>&1
# Then more of both, until the gateway's JIT has settled: its compiler threads share the relay's CPU, and a few hundred
# compilations still to come land in the first measured rows' tails (BENCHMARKS.md, the twelfth sitting). Settled:
# fewer than BENCH_JIT_SETTLED (default 100) new compilations in a round; at most BENCH_WARM_UP_ROUNDS (default 6).
compiled() { jstat -compiler "$1" 2>/dev/null | awk 'NR == 2 { print $1 }'; }
if command -v jstat >/dev/null && [ -n "$(compiled "$GW")" ]; then
  for i in $(seq 1 "${BENCH_WARM_UP_ROUNDS:-6}"); do
    before=$(compiled "$GW")
    for provider in "" twilio; do
      $rest_pin "$ROOT/bin/mgw" load --control-plane http://127.0.0.1:18080 --api-key "$MGW_BOOTSTRAP_API_KEY" \
          --sessions 250 --duration 10 ${provider:+--provider $provider} --gateway ws://127.0.0.1:18081 \
          >>"$OUT/warm-up.txt" 2>&1
    done
    fresh=$(( $(compiled "$GW") - before ))
    echo "warm-up round $i: the gateway compiled $fresh more methods" | tee -a "$OUT/results.txt"
    [ "$fresh" -lt "${BENCH_JIT_SETTLED:-100}" ] && break
  done
fi

ROUNDS="${BENCH_ROUNDS:-1}"
for n in $COUNTS; do
 for round in $(seq 1 "$ROUNDS"); do
  # With BENCH_ROUNDS above 1 each count runs that many times, every relay in turn, so a p99 on a shared machine can
  # be read as the median of rounds taken side by side rather than one run each.
  r=""; [ "$ROUNDS" -gt 1 ] && r=" round $round"
  load "sessions=$n gateway$r" --sessions "$n" --pid "gateway=$GW,redis=$REDIS,pod=$RT,control-plane=$CP"
  load "sessions=$n direct$r" --sessions "$n" --url "ws://127.0.0.1:18090/sessions/{session}/ws?deployment={deployment}" \
      --service-token "$MGW_SERVICE_TOKEN" --pid "pod=$RT,control-plane=$CP"
  if [ -n "$have_nginx" ]; then
    load "sessions=$n nginx$r" --sessions "$n" --url "ws://127.0.0.1:$NGINX_PORT/sessions/{session}/ws?deployment={deployment}" \
        --service-token "$MGW_SERVICE_TOKEN" --pid "nginx=$(nginx_worker),pod=$RT,control-plane=$CP"
  fi
  load "calls=$n gateway twilio$r" --sessions "$n" --provider twilio --gateway ws://127.0.0.1:18081 \
      --pid "gateway=$GW,pod=$RT,control-plane=$CP"
  if [ -n "$have_nginx" ]; then
    load "calls=$n nginx->echo twilio$r" --sessions "$n" --provider twilio --url "ws://127.0.0.1:$NGINX_PORT/media" \
        --pid "nginx=$(nginx_worker),echo=$ECHO"
  fi
 done
done
echo "results in $OUT/results.txt"
