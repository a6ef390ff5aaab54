#!/usr/bin/env bash
# REST API send benchmark: requests per second and latency of POST /api/v1/messages
# with CLIENTS concurrent clients, each on its own keep-alive connection, sending small
# JSON messages (about 300 bytes) from one user to another local user with a bearer
# token, one request after another (closed loop). The load comes from
# bench/ApiSendLoad.java (LOADER=java, the default: a fixed number of requests per run,
# java's source launcher, nothing to install) or from wrk with bench/api-send.lua
# (LOADER=wrk: DURATION seconds per run; Debian's wrk package is installed if missing).
# Both keep CLIENTS connections busy; wrk costs the shared cores far less CPU.
#
# Starts Mailroom once from the jar on a fresh data directory under /tmp (deleted at the
# end) with the embedded PostgreSQL (durable: synchronous_commit=on), on 127.0.0.1
# only, with outbound delivery off (every recipient is local). Creates
# bench@localhost and rcpt@localhost with the admin API and a token with
# POST /api/v1/tokens. The per-user rate limit is raised for the run
# (mailroom.api.rate-limit=RATE_LIMIT), since one user sends far more than the
# default 600 a minute. Then one untimed warm-up run (JIT) and RUNS timed runs.
# Every run must answer 202 to every request, and rcpt@localhost's INBOX must hold
# every message accepted (with wrk: at least that many and at most CLIENTS more, the
# requests still in flight when wrk stopped), or the script fails. Prints each run with
# the CPU seconds Mailroom, PostgreSQL and the load client used, and the median.
# Run by hand; it is not part of verify. All traffic is on 127.0.0.1.
#
# Usage: bench/api-send.sh [--build] [--keep] [--help]
#   --build   rebuild the jar first (it is built anyway when missing)
#   --keep    keep the temporary directory (logs, data)
# Environment (defaults in brackets):
#   LOADER      [java]      java or wrk
#   MESSAGES    [20000]     requests per timed run (java)
#   WARMUP      [5000]      requests of the untimed warm-up run (java)
#   DURATION    [40]        seconds per timed run and of the warm-up run (wrk)
#   CLIENTS     [16]        concurrent clients (connections)
#   RUNS        [3]         timed runs
#   RATE_LIMIT  [100000000] mailroom.api.rate-limit for the run
#   BENCH_EXTRA_ARGS        more arguments for Mailroom
#   JAR                     jar to run [target/mailroom-0.1.0-SNAPSHOT.jar]
# Quick run: MESSAGES=3000 WARMUP=1000 RUNS=1 bench/api-send.sh
set -euo pipefail
# shellcheck source=bench/bench-lib.sh
source "$(cd "$(dirname "$0")" && pwd)/bench-lib.sh"

LOADER_KIND=${LOADER:-java}
DURATION=${DURATION:-40}
MESSAGES=${MESSAGES:-20000}
WARMUP=${WARMUP:-5000}
CLIENTS=${CLIENTS:-16}
RUNS=${RUNS:-3}
RATE_LIMIT=${RATE_LIMIT:-100000000}
BUILD=0
KEEP=0
for arg in "$@"; do
  case "$arg" in
    --build) BUILD=1 ;;
    --keep) KEEP=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $LOADER_KIND == java || $LOADER_KIND == wrk ]] || { echo "LOADER must be java or wrk" >&2; exit 2; }
for v in MESSAGES WARMUP CLIENTS RUNS RATE_LIMIT DURATION; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "$v must be a whole number, got '${!v}'" >&2; exit 2; }
done
(( MESSAGES > 0 && CLIENTS > 0 && RUNS > 0 )) || { echo "MESSAGES, CLIENTS and RUNS must be > 0" >&2; exit 2; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/target/mailroom-0.1.0-SNAPSHOT.jar}
LOADER=$ROOT/bench/ApiSendLoad.java

WORK=""
APP_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $APP_PID ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    for _ in $(seq 120); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  if [[ -n $WORK && -d $WORK ]]; then
    if (( KEEP )) || (( rc != 0 )); then log "kept $WORK (mailroom.log, load-*.log)"; else rm -rf "$WORK"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if (( BUILD )) || [[ ! -f $JAR ]]; then
  log "building the jar"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package) || die "build failed"
fi
command -v curl >/dev/null || die "curl not found"
if [[ $LOADER_KIND == wrk ]] && ! command -v wrk >/dev/null; then
  log "installing wrk (Debian package)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; } \
    || die "apt-get install wrk failed"
fi

WORK=$(mktemp -d /tmp/mailroom-api-bench.XXXXXX)
USED_PORTS=" "
HTTP_PORT=$(free_port); USED_PORTS+="$HTTP_PORT "
SMTP_PORT=$(free_port); USED_PORTS+="$SMTP_PORT "
SUBMIT_PORT=$(free_port); USED_PORTS+="$SUBMIT_PORT "
BASE=http://127.0.0.1:$HTTP_PORT

log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); load before start: $(cut -d' ' -f1-3 /proc/loadavg)"
java -jar "$JAR" \
  --mailroom.data-dir="$WORK/data" \
  --server.port="$HTTP_PORT" \
  --server.address=127.0.0.1 \
  --mailroom.smtp.port="$SMTP_PORT" \
  --mailroom.smtp.submission-port="$SUBMIT_PORT" \
  --mailroom.smtp.smtps-port=-1 \
  --mailroom.smtp.bind-address=127.0.0.1 \
  --mailroom.admin.email=admin@localhost \
  --mailroom.admin.password=admin-password \
  --mailroom.domains=localhost \
  --mailroom.hostname=bench.localhost \
  --mailroom.delivery.enabled=false \
  --mailroom.api.rate-limit="$RATE_LIMIT" ${BENCH_EXTRA_ARGS:-} \
  >"$WORK/mailroom.log" 2>&1 </dev/null &
APP_PID=$!
up=0
for _ in $(seq 360); do
  kill -0 "$APP_PID" 2>/dev/null || { tail -40 "$WORK/mailroom.log" >&2; die "Mailroom exited during startup"; }
  if curl -fs "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then up=1; break; fi
  sleep 0.25
done
(( up )) || { tail -40 "$WORK/mailroom.log" >&2; die "Mailroom not healthy after 90 s"; }

ADMIN=admin@localhost:admin-password
for u in bench rcpt; do
  curl -fs -u "$ADMIN" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$u@localhost\",\"password\":\"$u-password-1\"}" "$BASE/api/v1/admin/users" >/dev/null \
    || die "could not create $u@localhost"
done
TOKEN=$(curl -fs -u bench@localhost:bench-password-1 -H 'Content-Type: application/json' \
  -d '{"name":"benchmark"}' "$BASE/api/v1/tokens" | sed -n 's/.*"token":"\(mr_[A-Za-z0-9_-]*\)".*/\1/p')
[[ -n $TOKEN ]] || die "could not create a token"

inbox_total() {
  curl -fs -H "Authorization: Bearer $TOKEN_RCPT" "$BASE/api/v1/folders" \
    | tr '{' '\n' | grep '"role":"inbox"' | sed -n 's/.*"total":\([0-9]*\).*/\1/p'
}
TOKEN_RCPT=$(curl -fs -u rcpt@localhost:rcpt-password-1 -H 'Content-Type: application/json' \
  -d '{"name":"check"}' "$BASE/api/v1/tokens" | sed -n 's/.*"token":"\(mr_[A-Za-z0-9_-]*\)".*/\1/p')

TICK=$(getconf CLK_TCK)
cpu_of() { awk -v t="$TICK" '{sub(/^.*\) /, ""); printf "%.1f", ($12+$13)/t}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# The embedded PostgreSQL: its postmaster and every backend (live ones; a backend that
# ended during a run is not counted, and connections are pooled, so few do).
pg_cpu() {
  local total=0 p master
  master=$(head -1 "$WORK/data/postgres/postmaster.pid" 2>/dev/null || true)
  [[ -n $master ]] || { echo 0; return; }
  for p in "$master" $(pgrep -P "$master" 2>/dev/null); do total=$(awk -v a="$total" -v b="$(cpu_of "$p")" 'BEGIN {printf "%.1f", a+b}'); done
  echo "$total"
}
sent=0
run() {
  local label=$1 count=$2 app0 pg0 rc=0 total accepted
  app0=$(cpu_of "$APP_PID"); pg0=$(pg_cpu)
  if [[ $LOADER_KIND == java ]]; then
    /usr/bin/time -f 'loader_cpu=%U+%S' java "$LOADER" "$BASE" "$TOKEN" bench@localhost rcpt@localhost "$count" \
      "$CLIENTS" "$label" >"$WORK/load-$label.log" 2>"$WORK/load-$label.err" || rc=$?
  else
    MAILROOM_TOKEN=$TOKEN BENCH_FROM=bench@localhost BENCH_TO=rcpt@localhost BENCH_LABEL=$label \
      /usr/bin/time -f 'loader_cpu=%U+%S' wrk -t2 -c"$CLIENTS" -d"${count}s" --timeout 30s -s "$ROOT/bench/api-send.lua" \
      "$BASE" >"$WORK/load-$label.wrk" 2>"$WORK/load-$label.err" || rc=$?
    grep '^label=' "$WORK/load-$label.wrk" >"$WORK/load-$label.log" || true
  fi
  (( rc == 0 )) && [[ -s $WORK/load-$label.log ]] && grep -q ' other=0 ' "$WORK/load-$label.log" \
    || { cat "$WORK/load-$label.log" "$WORK/load-$label.err" >&2; die "run $label failed"; }
  accepted=$(sed -n 's/.* accepted=\([0-9]*\).*/\1/p' "$WORK/load-$label.log")
  sleep 1
  total=$(inbox_total)
  if [[ $LOADER_KIND == java ]]; then
    sent=$((sent + count))
    [[ $total == "$sent" ]] || die "rcpt@localhost's INBOX holds $total messages, $sent were sent"
  else
    (( total >= sent + accepted && total <= sent + accepted + CLIENTS )) \
      || die "rcpt@localhost's INBOX holds $total messages, $((sent + accepted)) were accepted"
    sent=$total
  fi
  local loader
  loader=$(sed -n 's/^loader_cpu=\(.*\)/\1/p' "$WORK/load-$label.err" | tail -1 | awk -F+ '{printf "%.1f", $1+$2}')
  sed -i "s/\$/ cpu_mailroom=$(awk -v a="$app0" -v b="$(cpu_of "$APP_PID")" 'BEGIN {printf "%.1f", b-a}') cpu_postgres=$(awk -v a="$pg0" -v b="$(pg_cpu)" 'BEGIN {printf "%.1f", b-a}') cpu_loader=$loader/" "$WORK/load-$label.log"
}

if [[ $LOADER_KIND == java ]]; then WARM=$WARMUP; EACH=$MESSAGES; UNIT=requests; else WARM=$DURATION; EACH=$DURATION; UNIT=seconds; fi
log "loader: $LOADER_KIND; warm-up: $WARM $UNIT, $CLIENTS clients"
run warmup "$WARM"
log "timed: $RUNS runs of $EACH $UNIT, $CLIENTS clients (load now: $(cut -d' ' -f1-3 /proc/loadavg))"
RESULTS=()
for i in $(seq "$RUNS"); do
  run "run$i" "$EACH"
  line=$(cat "$WORK/load-run$i.log")
  log "$line   (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  RESULTS+=("$line")
done
field() { printf '%s\n' "${RESULTS[@]}" | sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }
log "median: $(field rps | median) requests/s accepted, p50 $(field p50 | median) ms, p99 $(field p99 | median) ms (every request answered 202, INBOX count checked)"
