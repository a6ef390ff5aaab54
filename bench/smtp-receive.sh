#!/usr/bin/env bash
# SMTP receive benchmark: Postfix's smtp-source sends MESSAGES messages of SIZE
# bytes over SESSIONS parallel sessions to Mailroom's MX listener, then the same
# to smtp-sink (which throws everything away: the no-storage ceiling), RUNS
# times each, and prints messages/second for both, their medians and the ratio.
# Every Mailroom run is checked: the number of rows in `messages` must equal the
# number of messages sent so far (Mailroom answers 250 to DATA only after the
# commit). Run by hand; it is not part of verify. All traffic is on 127.0.0.1.
#
# Usage: bench/smtp-receive.sh [--build] [--keep] [--help]
#   --build   rebuild the jar first (it is built anyway when missing)
#   --keep    keep the temporary directory (logs, data) instead of deleting it
# Environment (defaults in brackets):
#   MESSAGES [20000]  messages per timed run
#   SESSIONS [20]     parallel SMTP sessions (smtp-source -s)
#   SIZE     [10240]  message payload in bytes (smtp-source -l; headers extra)
#   RUNS     [5]      timed runs against each of Mailroom and smtp-sink
#   WARMUP   [5000]   messages in the untimed warm-up run against Mailroom (0: none)
#   RECONNECT [0]     1: one message per connection (drop smtp-source -d)
#   RUN_TIMEOUT [1800] seconds after which one smtp-source run is killed
#   STATEMENTS [0]    1: load pg_stat_statements and print the costliest statements of the timed runs
# After each Mailroom run the script waits for the search index to catch up (the indexer
# yields to arriving mail), so every run starts on an idle machine.
#   BENCH_EXTRA_ARGS  more arguments for Mailroom, e.g. --mailroom.database.embedded-settings.shared_buffers=256MB
#   JAR               jar to run [target/mailroom-0.1.0-SNAPSHOT.jar]
# Quick run: MESSAGES=2000 RUNS=3 bench/smtp-receive.sh
set -euo pipefail
# shellcheck source=bench/bench-lib.sh
source "$(cd "$(dirname "$0")" && pwd)/bench-lib.sh"

MESSAGES=${MESSAGES:-20000}
SESSIONS=${SESSIONS:-20}
SIZE=${SIZE:-10240}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-5000}
RECONNECT=${RECONNECT:-0}
STATEMENTS=${STATEMENTS:-0}
# The search indexer yields to arriving mail and catches up after each Mailroom run;
# the script waits for it before the next run (unless it is turned off).
if [[ ${BENCH_EXTRA_ARGS:-} == *mailroom.search.indexing=false* ]]; then INDEXING=0; else INDEXING=1; fi
RUN_TIMEOUT=${RUN_TIMEOUT:-1800}
TARGET_PCT=40
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
for v in MESSAGES SESSIONS SIZE RUNS WARMUP RUN_TIMEOUT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "$v must be a whole number, got '${!v}'" >&2; exit 2; }
done
(( MESSAGES > 0 && SESSIONS > 0 && RUNS > 0 )) || { echo "MESSAGES, SESSIONS and RUNS must be > 0" >&2; exit 2; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/target/mailroom-0.1.0-SNAPSHOT.jar}
export PATH="$PATH:/usr/sbin:/sbin"


# ---------------------------------------------------------------- cleanup ----
WORK=""
APP_PID=""
SINK_PID=""
PG_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # A run in progress: stop the timeout/smtp-source processes this script started.
  local c
  for c in $(pgrep -P $$ 2>/dev/null); do
    [[ $c == "$APP_PID" || $c == "$SINK_PID" ]] && continue
    pkill -TERM -P "$c" 2>/dev/null || true
    kill "$c" 2>/dev/null || true
  done
  if [[ -n $SINK_PID ]] && kill -0 "$SINK_PID" 2>/dev/null; then
    kill "$SINK_PID" 2>/dev/null || true
    wait "$SINK_PID" 2>/dev/null || true
  fi
  stop_mailroom "$APP_PID" "$PG_PID"
  if [[ -n $WORK && -d $WORK ]]; then
    if (( KEEP )) || (( rc != 0 )); then
      log "kept $WORK (logs: mailroom.log, smtp-source-*.log)"
    else
      rm -rf "$WORK"
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------- helpers -------

# ------------------------------------------------- postfix's test tools ------

# ------------------------------------------------------------------ main -----
ensure_postfix smtp-source smtp-sink
command -v psql >/dev/null || die "psql not found (needed to verify stored counts)"
command -v curl >/dev/null || die "curl not found"

if (( BUILD )) || [[ ! -f $JAR ]]; then
  log "building $JAR"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package) || die "build failed"
fi
[[ -f $JAR ]] || die "jar not found: $JAR"

WORK=$(mktemp -d /tmp/mailroom-bench.XXXXXX)
HTTP_PORT=$(free_port)
SMTP_PORT=$(free_port)
while [[ $SMTP_PORT == "$HTTP_PORT" ]]; do SMTP_PORT=$(free_port); done
# Chosen here too: left to itself the embedded PostgreSQL may take one of the ports above
# before Mailroom binds it.
PG_FIXED_PORT=$(free_port)
while [[ $PG_FIXED_PORT == "$HTTP_PORT" || $PG_FIXED_PORT == "$SMTP_PORT" ]]; do PG_FIXED_PORT=$(free_port); done

log "== machine"
log "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
log "cpus:     $(nproc) x $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
log "memory:   $(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
log "kernel:   $(uname -r)"
log "java:     $(java -version 2>&1 | head -1)"
log "postfix:  $(dpkg-query -W -f '${Version}' postfix 2>/dev/null || echo '?') (smtp-source, smtp-sink)"
log "data fs:  $(df -T "$WORK" | awk 'NR==2 {print $2 " on " $1}')"
log "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before start)"
SF_D=-d
(( RECONNECT )) && SF_D=""
log "== workload"
log "$RUNS timed runs each: $MESSAGES messages x $SIZE bytes over $SESSIONS parallel sessions$([[ -n $SF_D ]] && echo ' (connections kept open, smtp-source -d)' || echo ' (one message per connection)'); warm-up $WARMUP messages"

log "== starting Mailroom (http $HTTP_PORT, smtp $SMTP_PORT, data $WORK/data)"
java -jar "$JAR" \
  --mailroom.data-dir="$WORK/data" \
  --server.port="$HTTP_PORT" \
  --mailroom.smtp.port="$SMTP_PORT" \
  --mailroom.database.embedded-port="$PG_FIXED_PORT" ${BENCH_EXTRA_ARGS:-} \
  $( (( STATEMENTS )) && echo "--mailroom.database.embedded-settings.shared_preload_libraries=pg_stat_statements --mailroom.database.embedded-settings[pg_stat_statements.track_planning]=on") \
  --mailroom.smtp.submission-port=-1 \
  --mailroom.smtp.smtps-port=-1 \
  --mailroom.smtp.bind-address=127.0.0.1 \
  --mailroom.smtp.max-connections-per-client=100 \
  --mailroom.admin.email=admin@localhost \
  --mailroom.admin.password=admin-password \
  --mailroom.domains=localhost \
  --mailroom.hostname=bench.localhost \
  >"$WORK/mailroom.log" 2>&1 </dev/null &
APP_PID=$!
t_start=$(now)
up=0
for _ in $(seq 360); do
  kill -0 "$APP_PID" 2>/dev/null || { tail -40 "$WORK/mailroom.log" >&2; die "Mailroom exited during startup"; }
  if curl -fs "http://127.0.0.1:$HTTP_PORT/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then up=1; break; fi
  sleep 0.5
done
(( up )) || { tail -40 "$WORK/mailroom.log" >&2; die "Mailroom not healthy after 180 s"; }
log "up after $(awk -v a="$t_start" -v b="$(now)" 'BEGIN {printf "%.1f", b-a}') s"

PG_PORT=$(sed -n 's/.*Using embedded PostgreSQL on localhost:\([0-9]*\).*/\1/p' "$WORK/mailroom.log" | head -1)
[[ -n $PG_PORT ]] || die "could not find the embedded PostgreSQL port in the log"
PG_PID=$(head -1 "$WORK/data/postgres/postmaster.pid" 2>/dev/null || true)
sql() { psql -X -q -h localhost -p "$PG_PORT" -U postgres -d mailroom -Atc "$1"; }
stored() { sql "select count(*) from messages"; }
# messages the background search indexer has not reached yet
unindexed() { sql "select count(*) from messages m where not exists (select 1 from message_search s where s.content_id = m.content_id and s.user_id = m.user_id)"; }
# After a Mailroom run, waits until the search index has caught up (it yields to
# arriving mail, so it has a backlog), so that the next run of either target starts
# on an idle machine; prints the seconds it took.
index_catch_up() {
  local t0 left
  t0=$(now)
  for _ in $(seq 1200); do
    left=$(unindexed)
    [[ $left == 0 ]] && break
    sleep 0.25
  done
  [[ $left == 0 ]] || die "the search index did not catch up within 5 minutes ($left left)"
  awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.1f", b-a}'
}
log "PostgreSQL: $(sql 'show server_version') on port $PG_PORT; synchronous_commit=$(sql 'show synchronous_commit'), fsync=$(sql 'show fsync'), commit_delay=$(sql 'show commit_delay'), wal_sync_method=$(sql 'show wal_sync_method')"

curl -fsS -u admin@localhost:admin-password -H 'Content-Type: application/json' \
  -d '{"email":"bench@localhost","password":"bench-password"}' \
  "http://127.0.0.1:$HTTP_PORT/api/v1/admin/users" >/dev/null || die "could not create bench@localhost"
BASE=$(stored)

SINK_PORT=$(free_port)
while [[ $SINK_PORT == "$SMTP_PORT" || $SINK_PORT == "$HTTP_PORT" ]]; do SINK_PORT=$(free_port); done
# -u is required when smtp-sink runs as root; 256 is the listen backlog.
sink_user=()
(( EUID == 0 )) && sink_user=(-u nobody)
smtp-sink "${sink_user[@]}" 127.0.0.1:"$SINK_PORT" 256 >"$WORK/smtp-sink.log" 2>&1 &
SINK_PID=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$SINK_PORT") 2>/dev/null && break; sleep 0.1; done
kill -0 "$SINK_PID" 2>/dev/null || { cat "$WORK/smtp-sink.log" >&2; die "smtp-sink did not start"; }
log "smtp-sink listening on 127.0.0.1:$SINK_PORT"

# CPU seconds used so far by Mailroom's JVM and by PostgreSQL (live processes
# plus reaped children), from /proc.
TICK=$(getconf CLK_TCK)
cpu_of() { awk -v t="$TICK" '{sub(/^.*\) /, ""); printf "%.2f", ($12+$13+$14+$15)/t}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# kernel-mode part of the above (system calls: sockets, futexes)
sys_of() { awk -v t="$TICK" '{sub(/^.*\) /, ""); printf "%.2f", ($13+$15)/t}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_cpu() {
  local total=0 p
  for p in $PG_PID $(pgrep -P "$PG_PID" 2>/dev/null); do total=$(awk -v a="$total" -v b="$(cpu_of "$p")" 'BEGIN {printf "%.2f", a+b}'); done
  echo "$total"
}
db_stats() { sql "select xact_commit || ' ' || tup_inserted from pg_stat_database where datname = 'mailroom'" 2>/dev/null || echo "0 0"; }
wal_io() { sql "select coalesce(sum(writes),0) || ' ' || coalesce(sum(fsyncs),0) from pg_stat_io where object = 'wal'" 2>/dev/null || echo "0 0"; }

# send LABEL TARGET_PORT COUNT -> prints elapsed seconds; fails on any smtp-source error
send() {
  local label=$1 port=$2 count=$3 out="$WORK/smtp-source-$1.log" t0 t1 rc=0
  t0=$(now)
  timeout "$RUN_TIMEOUT" smtp-source $SF_D -s "$SESSIONS" -m "$count" -l "$SIZE" \
    -f sender@bench.example -t bench@localhost -S "mailroom bench" -M client.bench.example \
    127.0.0.1:"$port" >"$out" 2>&1 || rc=$?
  t1=$(now)
  if (( rc != 0 )) || [[ -s $out ]]; then
    echo "smtp-source ($label) exited $rc:" >&2; head -20 "$out" >&2
    return 1
  fi
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b-a}'
}

expected=$BASE
if (( WARMUP > 0 )); then
  el=$(send warmup "$SMTP_PORT" "$WARMUP") || die "warm-up run failed"
  expected=$(( expected + WARMUP ))
  got=$(stored)
  [[ $got == "$expected" ]] || die "after warm-up: $got messages stored, expected $expected"
  log "warm-up: $WARMUP messages in $el s (not counted), stored $got/$expected"
  (( INDEXING )) && log "search index caught up $(index_catch_up) s after the warm-up"
fi

log "== timed runs (alternating Mailroom / smtp-sink)"
printf '%-4s %-9s %9s %10s %11s  %s\n' run target messages seconds "msg/s" check
mr_rates=()
sink_rates=()
(( STATEMENTS )) && sql "create extension if not exists pg_stat_statements; select pg_stat_statements_reset()" >/dev/null
read -r walw0 walf0 <<<"$(wal_io)"; read -r xact0 ins0 <<<"$(db_stats)"
mr_msgs=0; mr_secs=0
java_cpu=0; java_sys=0; pg_cpu_total=0; index_cpu=0
add() { awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN {printf "%.2f", a+c-b}'; }
for i in $(seq "$RUNS"); do
  j0=$(cpu_of "$APP_PID"); k0=$(sys_of "$APP_PID"); p0=$(pg_cpu)
  el=$(send "mailroom-$i" "$SMTP_PORT" "$MESSAGES") || die "Mailroom run $i failed"
  j1=$(cpu_of "$APP_PID"); k1=$(sys_of "$APP_PID"); p1=$(pg_cpu)
  java_cpu=$(add "$java_cpu" "$j0" "$j1"); java_sys=$(add "$java_sys" "$k0" "$k1"); pg_cpu_total=$(add "$pg_cpu_total" "$p0" "$p1")
  expected=$(( expected + MESSAGES ))
  got=$(stored)
  rate=$(awk -v m="$MESSAGES" -v s="$el" 'BEGIN {printf "%.1f", m/s}')
  mr_rates+=("$rate"); mr_msgs=$(( mr_msgs + MESSAGES )); mr_secs=$(awk -v a="$mr_secs" -v b="$el" 'BEGIN {print a+b}')
  if [[ $got == "$expected" ]]; then check="stored $got/$expected ok"; else check="stored $got/$expected MISMATCH"; fi
  printf '%-4s %-9s %9s %10s %11s  %s\n' "$i" mailroom "$MESSAGES" "$el" "$rate" "$check"
  [[ $got == "$expected" ]] || die "Mailroom run $i: $got messages stored, expected $expected"
  if (( INDEXING )); then
    catch_up=$(index_catch_up)
    j2=$(cpu_of "$APP_PID"); p2=$(pg_cpu)
    index_cpu=$(awk -v a="$index_cpu" -v j1="$j1" -v j2="$j2" -v p1="$p1" -v p2="$p2" 'BEGIN {printf "%.2f", a+(j2-j1)+(p2-p1)}')
    printf '%-4s %-9s %s\n' "" "" "(search index caught up $catch_up s after the run)"
  fi

  el=$(send "sink-$i" "$SINK_PORT" "$MESSAGES") || die "smtp-sink run $i failed"
  rate=$(awk -v m="$MESSAGES" -v s="$el" 'BEGIN {printf "%.1f", m/s}')
  sink_rates+=("$rate")
  printf '%-4s %-9s %9s %10s %11s  %s\n' "$i" smtp-sink "$MESSAGES" "$el" "$rate" "-"
done
sleep 1.2   # backends flush their I/O statistics at most once a second
read -r walw1 walf1 <<<"$(wal_io)"; read -r xact1 ins1 <<<"$(db_stats)"

mr_med=$(printf '%s\n' "${mr_rates[@]}" | median)
sink_med=$(printf '%s\n' "${sink_rates[@]}" | median)
ratio=$(awk -v a="$mr_med" -v b="$sink_med" 'BEGIN {printf "%.1f", 100*a/b}')

log "== result"
log "Mailroom   median: $mr_med msg/s   (runs: ${mr_rates[*]})"
log "smtp-sink  median: $sink_med msg/s   (runs: ${sink_rates[*]})"
log "ratio Mailroom/smtp-sink: $ratio %   (target: at least $TARGET_PCT %)"
if awk -v r="$ratio" -v t="$TARGET_PCT" 'BEGIN {exit !(r >= t)}'; then
  log "target: MET"
else
  log "target: NOT MET"
fi
log "every Mailroom run verified: $(( expected - BASE )) messages sent, $(( $(stored) - BASE )) stored"
log "== where the time went (Mailroom runs only, $mr_msgs messages in $(printf '%.1f' "$mr_secs") s: CPU counted only while smtp-source sends to Mailroom)"
awk -v j0=0 -v j1="$java_cpu" -v k0=0 -v k1="$java_sys" -v p0=0 -v p1="$pg_cpu_total" -v n="$mr_msgs" -v s="$mr_secs" -v c="$(nproc)" 'BEGIN {
  printf "CPU: Mailroom JVM %.1f s (%.2f ms/msg, of which %.2f in the kernel), PostgreSQL %.1f s (%.2f ms/msg); together %.0f%% of %d cores over the Mailroom runs\n",
    j1-j0, 1000*(j1-j0)/n, 1000*(k1-k0)/n, p1-p0, 1000*(p1-p0)/n, 100*((j1-j0)+(p1-p0))/(s*c), c }'
if (( INDEXING )); then
  awk -v x="$index_cpu" -v n="$mr_msgs" 'BEGIN {
    printf "search indexing after the runs (JVM and PostgreSQL): %.1f s (%.2f ms/msg), not counted above\n", x, 1000*x/n }'
fi
awk -v w0="$walw0" -v w1="$walw1" -v f0="$walf0" -v f1="$walf1" -v n="$mr_msgs" 'BEGIN {
  printf "WAL (pg_stat_io): %d writes, %d fsyncs = %.2f fsyncs per message (1.00 means no group commit)\n", w1-w0, f1-f0, (f1-f0)/n }'
awk -v x0="$xact0" -v x1="$xact1" -v i0="$ins0" -v i1="$ins1" -v n="$mr_msgs" 'BEGIN {
  printf "database mailroom (pg_stat_database): %.2f commits and %.1f inserted rows per message\n", (x1-x0)/n, (i1-i0)/n }'
if (( STATEMENTS )); then
  log "== costliest statements of the timed runs (pg_stat_statements; ms per call, planning and execution)"
  sql "select calls, round((total_plan_time / calls)::numeric, 3), round((total_exec_time / calls)::numeric, 3),
         round(((total_plan_time + total_exec_time) / $mr_msgs)::numeric, 4) || ' ms/msg',
         regexp_replace(left(query, 90), '\\s+', ' ', 'g')
       from pg_stat_statements where calls > 0 order by total_plan_time + total_exec_time desc limit 8" | column -t -s '|'
fi
log "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, at the end; other work on the machine skews the figures)"
