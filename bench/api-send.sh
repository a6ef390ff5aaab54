#!/usr/bin/env bash
# REST API send benchmark: requests per second and latency of POST /api/v1/messages
# with CLIENTS concurrent clients, each on its own keep-alive connection, sending small
# JSON messages (about 300 bytes) from one user to another local user with a bearer
# token, one request after another (closed loop).
#
# Starts Mailroom once from the jar on a fresh data directory under /tmp (deleted at the
# end) with the embedded PostgreSQL (durable: synchronous_commit=on), on 127.0.0.1
# only, with outbound delivery off (every recipient is local). Creates
# bench@localhost and rcpt@localhost with the admin API and a token with
# POST /api/v1/tokens. The per-user rate limit is raised for the run
# (mailroom.api.rate-limit=RATE_LIMIT), since one user sends far more than the
# default 600 a minute. Then one untimed warm-up run (JIT) and RUNS timed runs of
# MESSAGES requests each, with bench/ApiSendLoad.java (java's source launcher, no build).
# Every run must answer 202 to every request, and rcpt@localhost's INBOX must hold
# every message sent, or the script fails. Prints each run and the median.
# Run by hand; it is not part of verify. All traffic is on 127.0.0.1.
#
# Usage: bench/api-send.sh [--build] [--keep] [--help]
#   --build   rebuild the jar first (it is built anyway when missing)
#   --keep    keep the temporary directory (logs, data)
# Environment (defaults in brackets):
#   MESSAGES    [20000]     requests per timed run
#   WARMUP      [5000]      requests of the untimed warm-up run
#   CLIENTS     [16]        concurrent clients (connections)
#   RUNS        [3]         timed runs
#   RATE_LIMIT  [100000000] mailroom.api.rate-limit for the run
#   BENCH_EXTRA_ARGS        more arguments for Mailroom
#   JAR                     jar to run [target/mailroom-0.1.0-SNAPSHOT.jar]
# Quick run: MESSAGES=3000 WARMUP=1000 RUNS=1 bench/api-send.sh
set -euo pipefail
# shellcheck source=bench/bench-lib.sh
source "$(cd "$(dirname "$0")" && pwd)/bench-lib.sh"

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
for v in MESSAGES WARMUP CLIENTS RUNS RATE_LIMIT; do
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

sent=0
run() {
  local label=$1 count=$2
  java "$LOADER" "$BASE" "$TOKEN" bench@localhost rcpt@localhost "$count" "$CLIENTS" "$label" \
    >"$WORK/load-$label.log" 2>&1 || { cat "$WORK/load-$label.log" >&2; die "run $label failed"; }
  sent=$((sent + count))
  local total
  total=$(inbox_total)
  [[ $total == "$sent" ]] || die "rcpt@localhost's INBOX holds $total messages, $sent were sent"
}

log "warm-up: $WARMUP requests, $CLIENTS clients"
run warmup "$WARMUP"
log "timed: $RUNS runs of $MESSAGES requests, $CLIENTS clients (load now: $(cut -d' ' -f1-3 /proc/loadavg))"
RESULTS=()
for i in $(seq "$RUNS"); do
  run "run$i" "$MESSAGES"
  line=$(cat "$WORK/load-run$i.log")
  log "$line   (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  RESULTS+=("$line")
done
field() { printf '%s\n' "${RESULTS[@]}" | sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }
log "median: $(field rps | median) requests/s accepted, p50 $(field p50 | median) ms, p99 $(field p99 | median) ms (every request answered 202, INBOX count checked)"
