#!/usr/bin/env bash
# SMTP delivery (outbound) benchmark: how fast Mailroom delivers a backlog of queued
# mail to a remote domain, against Postfix relaying the same backlog, both to one
# smtp-sink (which answers SMTP and throws the mail away) on 127.0.0.1.
#
# Each run, for Mailroom: start it with delivery disabled, submit MESSAGES messages of
# SIZE bytes to rcpt<N>@sink.test (one recipient each) on the submission port with
# AUTH PLAIN (bench/smtp-deliver-load.py, LOAD_SESSIONS connections), stop it, start
# it again on the same data directory with delivery enabled (sink.test routed to
# smtp-sink), and wait until every queued row is `delivered`. Rate = MESSAGES /
# (last delivered_at - first claim's last_attempt_at), from outbound_queue itself.
# For Postfix: a private instance in a temporary directory (own config and queue
# directory; the system's postfix is never started or changed) relaying every domain
# to the same smtp-sink; the same loader submits the same messages without AUTH while
# an access rule puts every message on hold; then `postsuper -H ALL` and
# `postqueue -f`, and the time until the queue is empty. Rate = MESSAGES / that time.
# Both rates count delivery only. Every run is checked: all MESSAGES rows delivered
# in Mailroom, MESSAGES "status=sent" lines in Postfix's log and an empty queue.
# Run by hand; it is not part of verify. All traffic is on 127.0.0.1; no DNS.
#
# Usage: bench/smtp-deliver.sh [--build] [--keep] [--help]
#   --build   rebuild the jar first (it is built anyway when missing)
#   --keep    keep the temporary directory (logs, data) instead of deleting it
# Environment (defaults in brackets):
#   MESSAGES       [10000]  messages per timed run
#   SIZE           [10240]  body bytes per message (headers extra, about 200 bytes)
#   RUNS           [3]      timed runs against each of Mailroom and Postfix (alternating)
#   LOAD_SESSIONS  [8]      parallel SMTP connections of the loader
#   MR_CONNECTIONS [20]     Mailroom's mailroom.delivery.max-connections-per-destination (Postfix's default concurrency is 20 too)
#   MR_BATCH       [500]    Mailroom's mailroom.delivery.batch-size
#   MR_POLL        [200ms]  Mailroom's mailroom.delivery.poll-interval
#   PF_CONCURRENCY []       Postfix's default_destination_concurrency_limit (empty: Postfix's default, 20)
#   RUN_TIMEOUT    [1800]   seconds after which one loading or delivery phase fails
#   BENCH_EXTRA_ARGS        more arguments for Mailroom (both starts)
#   JAR                     jar to run [target/mailroom-0.1.0-SNAPSHOT.jar]
# Quick run: MESSAGES=1000 RUNS=1 bench/smtp-deliver.sh
set -euo pipefail
# shellcheck source=bench/bench-lib.sh
source "$(cd "$(dirname "$0")" && pwd)/bench-lib.sh"

MESSAGES=${MESSAGES:-10000}
SIZE=${SIZE:-10240}
RUNS=${RUNS:-3}
LOAD_SESSIONS=${LOAD_SESSIONS:-8}
MR_CONNECTIONS=${MR_CONNECTIONS:-20}
MR_BATCH=${MR_BATCH:-500}
MR_POLL=${MR_POLL:-200ms}
PF_CONCURRENCY=${PF_CONCURRENCY:-}
RUN_TIMEOUT=${RUN_TIMEOUT:-1800}
DOMAIN=sink.test
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
for v in MESSAGES SIZE RUNS LOAD_SESSIONS MR_CONNECTIONS MR_BATCH RUN_TIMEOUT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "$v must be a whole number, got '${!v}'" >&2; exit 2; }
done
[[ -z $PF_CONCURRENCY || $PF_CONCURRENCY =~ ^[0-9]+$ ]] || { echo "PF_CONCURRENCY must be a whole number" >&2; exit 2; }
(( MESSAGES > 0 && RUNS > 0 && LOAD_SESSIONS > 0 && MR_CONNECTIONS > 0 && MR_BATCH > 0 )) \
  || { echo "MESSAGES, RUNS, LOAD_SESSIONS, MR_CONNECTIONS and MR_BATCH must be > 0" >&2; exit 2; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/target/mailroom-0.1.0-SNAPSHOT.jar}
LOADER=$ROOT/bench/smtp-deliver-load.py
export PATH="$PATH:/usr/sbin:/sbin"


# ---------------------------------------------------------------- cleanup ----
WORK=""
APP_PID=""
SINK_PID=""
PG_PID=""
PF_CONF=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # A phase in progress: stop the loader/timeout processes this script started.
  local c
  for c in $(pgrep -P $$ 2>/dev/null); do
    [[ $c == "$APP_PID" || $c == "$SINK_PID" ]] && continue
    pkill -TERM -P "$c" 2>/dev/null || true
    kill "$c" 2>/dev/null || true
  done
  stop_mailroom || true
  if [[ -n $PF_CONF && -f $PF_CONF/main.cf ]]; then
    postfix -c "$PF_CONF" stop >/dev/null 2>&1 || true
    local mpid
    mpid=$(cat "$WORK/postfix/queue/pid/master.pid" 2>/dev/null | tr -d ' ' || true)
    for _ in $(seq 40); do [[ -n $mpid ]] && kill -0 "$mpid" 2>/dev/null || break; sleep 0.25; done
  fi
  if [[ -n $SINK_PID ]] && kill -0 "$SINK_PID" 2>/dev/null; then
    kill "$SINK_PID" 2>/dev/null || true
    wait "$SINK_PID" 2>/dev/null || true
  fi
  if [[ -n $WORK && -d $WORK ]]; then
    if (( KEEP )) || (( rc != 0 )); then
      log "kept $WORK (logs: mailroom-*.log, load-*.log, postfix/maillog)"
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
USED_PORTS=" "
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.3f", b-a}'; }
# Postfix's commands log to syslog (absent here) and to stderr only on a terminal:
# give them one so that their errors are seen.
pf() { script -qec "$(printf '%q ' "$@")" /dev/null; }

# ------------------------------------------------------------ postfix --------

# A private Postfix instance under $WORK/postfix: its own main.cf/master.cf, queue and
# data directories and log file; smtpd on 127.0.0.1:$PF_PORT only; everything relayed
# to [127.0.0.1]:$SINK_PORT; no DNS; every received message put on hold.
setup_postfix() {
  local d=$WORK/postfix
  PF_CONF=$d/conf
  mkdir -p "$PF_CONF" "$d/queue" "$d/data"
  chmod 755 "$d" "$d/queue"
  chown postfix "$d/data"
  local daemon_dir
  daemon_dir=$(postconf -d -h daemon_directory 2>/dev/null || echo /usr/lib/postfix/sbin)
  cat >"$PF_CONF/main.cf" <<EOF
compatibility_level = 3.6
config_directory = $PF_CONF
queue_directory = $d/queue
data_directory = $d/data
daemon_directory = $daemon_dir
mail_owner = postfix
setgid_group = postdrop
maillog_file = $d/maillog
maillog_file_prefixes = $WORK
myhostname = postfix.bench.localhost
mydomain = bench.localhost
myorigin = \$myhostname
mydestination =
local_recipient_maps =
local_transport = error:local delivery disabled
alias_maps =
alias_database =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost = [127.0.0.1]:$SINK_PORT
default_transport = smtp
smtp_dns_support_level = disabled
smtp_bind_address = 127.0.0.1
smtpd_peername_lookup = no
smtputf8_enable = no
smtp_tls_security_level = none
smtpd_tls_security_level = none
smtpd_relay_restrictions = permit_mynetworks, reject
# Everything received waits on hold until the timed release.
smtpd_recipient_restrictions = check_client_access static:HOLD
append_dot_mydomain = no
biff = no
message_size_limit = 0
$( [[ -n $PF_CONCURRENCY ]] && echo "default_destination_concurrency_limit = $PF_CONCURRENCY" )
EOF
  # As Debian's master.cf for the services that take part, without chroot (a chroot
  # would need copies of system files in the queue directory).
  cat >"$PF_CONF/master.cf" <<EOF
127.0.0.1:$PF_PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
  pf postfix -c "$PF_CONF" check >"$d/check.log" 2>&1 || { cat "$d/check.log" >&2; die "postfix check failed for the private instance"; }
  pf postfix -c "$PF_CONF" start >"$d/start.log" 2>&1 || { cat "$d/start.log" "$d/maillog" >&2 2>/dev/null; die "the private postfix instance did not start"; }
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PF_PORT") 2>/dev/null && break; sleep 0.1; done
  (exec 3<>"/dev/tcp/127.0.0.1/$PF_PORT") 2>/dev/null || { tail -20 "$d/maillog" >&2; die "postfix smtpd not listening on $PF_PORT"; }
  PF_MASTER=$(tr -d ' ' <"$d/queue/pid/master.pid")
}
pf_queue_files() { find "$WORK/postfix/queue/$1" -type f 2>/dev/null | wc -l; }
pf_busy() { find "$WORK/postfix/queue/incoming" "$WORK/postfix/queue/active" "$WORK/postfix/queue/deferred" "$WORK/postfix/queue/hold" -type f -print -quit 2>/dev/null | grep -q .; }
pf_sent() { grep -c 'status=sent' "$WORK/postfix/maillog" 2>/dev/null || true; }

# CPU seconds used so far by a process (live) plus its reaped children, from /proc.
TICK=$(getconf CLK_TCK)
cpu_of() { awk -v t="$TICK" '{sub(/^.*\) /, ""); printf "%.2f", ($12+$13+$14+$15)/t}' "/proc/$1/stat" 2>/dev/null || echo 0; }
tree_cpu() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1" 2>/dev/null); do total=$(awk -v a="$total" -v b="$(cpu_of "$p")" 'BEGIN {printf "%.2f", a+b}'); done
  echo "$total"
}

# ------------------------------------------------------------ mailroom -------
# start_mailroom LABEL DELIVERY(true|false)
start_mailroom() {
  local label=$1 enabled=$2 t0
  java -jar "$JAR" \
    --mailroom.data-dir="$WORK/data" \
    --server.port="$HTTP_PORT" \
    --mailroom.database.embedded-port="$PG_FIXED_PORT" \
    --mailroom.smtp.port="$SMTP_PORT" \
    --mailroom.smtp.submission-port="$SUBMIT_PORT" \
    --mailroom.smtp.smtps-port=-1 \
    --mailroom.smtp.bind-address=127.0.0.1 \
    --mailroom.smtp.allow-plain-auth=true \
    --mailroom.smtp.max-connections-per-client=100 \
    --mailroom.admin.email=admin@localhost \
    --mailroom.admin.password=admin-password \
    --mailroom.domains=localhost \
    --mailroom.hostname=bench.localhost \
    --mailroom.delivery.routes.$DOMAIN=127.0.0.1:"$SINK_PORT" \
    --mailroom.delivery.poll-interval="$MR_POLL" \
    --mailroom.delivery.batch-size="$MR_BATCH" \
    --mailroom.delivery.max-connections-per-destination="$MR_CONNECTIONS" \
    --mailroom.delivery.enabled="$enabled" ${BENCH_EXTRA_ARGS:-} \
    >"$WORK/mailroom-$label.log" 2>&1 </dev/null &
  APP_PID=$!
  t0=$(now)
  local up=0
  for _ in $(seq 360); do
    kill -0 "$APP_PID" 2>/dev/null || { tail -40 "$WORK/mailroom-$label.log" >&2; die "Mailroom exited during startup ($label)"; }
    if curl -fs "http://127.0.0.1:$HTTP_PORT/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then up=1; break; fi
    sleep 0.25
  done
  (( up )) || { tail -40 "$WORK/mailroom-$label.log" >&2; die "Mailroom not healthy after 90 s ($label)"; }
  MR_UP_SECS=$(since "$t0")
  PG_PORT=$(sed -n 's/.*Using embedded PostgreSQL on localhost:\([0-9]*\).*/\1/p' "$WORK/mailroom-$label.log" | head -1)
  [[ -n $PG_PORT ]] || die "could not find the embedded PostgreSQL port in the log"
  PG_PID=$(head -1 "$WORK/data/postgres/postmaster.pid" 2>/dev/null || true)
}
stop_mailroom() {
  if [[ -n $APP_PID ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    for _ in $(seq 120); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
  # The embedded PostgreSQL is a child of Mailroom; it normally stops with it.
  if [[ -n $PG_PID ]] && kill -0 "$PG_PID" 2>/dev/null; then
    for _ in $(seq 20); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$PG_PID" 2>/dev/null; then
      kill -INT "$PG_PID" 2>/dev/null || true   # fast shutdown
      for _ in $(seq 40); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$PG_PID" 2>/dev/null || true
    fi
  fi
  PG_PID=""
}
sql() { psql -X -q -h localhost -p "$PG_PORT" -U postgres -d mailroom -Atc "$1"; }
states() { sql "select state || '=' || count(*) from outbound_queue where id > $1 group by state order by state" | tr '\n' ' '; }
wal_io() { sql "select coalesce(sum(writes),0) || ' ' || coalesce(sum(fsyncs),0) from pg_stat_io where object = 'wal'" 2>/dev/null || echo "0 0"; }
db_commits() { sql "select xact_commit from pg_stat_database where datname = 'mailroom'" 2>/dev/null || echo 0; }

# load LABEL PORT [AUTH] -> loader's "sent=.. seconds=.. rate=.." line
load() {
  local label=$1 port=$2 auth=${3:-} out="$WORK/load-$1.log" rc=0
  local extra=()
  [[ -n $auth ]] && extra=(--user sender@localhost --password sender-password)
  timeout "$RUN_TIMEOUT" python3 "$LOADER" --port "$port" --count "$MESSAGES" --sessions "$LOAD_SESSIONS" \
    --size "$SIZE" --sender sender@localhost --domain "$DOMAIN" --tag "$label" "${extra[@]}" >"$out" 2>&1 || rc=$?
  if (( rc != 0 )); then
    echo "loader ($label) exited $rc:" >&2; head -20 "$out" >&2
    return 1
  fi
  head -1 "$out"
}

# ------------------------------------------------------------------ main -----
ensure_postfix smtp-sink postfix postsuper postqueue script
command -v psql >/dev/null || die "psql not found (needed to read the outbound queue)"
command -v curl >/dev/null || die "curl not found"
command -v python3 >/dev/null || die "python3 not found (the loader)"

if (( BUILD )) || [[ ! -f $JAR ]]; then
  log "building $JAR"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package) || die "build failed"
fi
[[ -f $JAR ]] || die "jar not found: $JAR"

WORK=$(mktemp -d /tmp/mailroom-bench-deliver.XXXXXX)
chmod 755 "$WORK"   # Postfix's daemons (user postfix) reach their queue below it
for v in HTTP_PORT SMTP_PORT SUBMIT_PORT PG_FIXED_PORT SINK_PORT PF_PORT; do
  p=$(free_port); USED_PORTS+="$p "; printf -v "$v" '%s' "$p"
done

log "== machine"
log "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
log "cpus:     $(nproc) x $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
log "memory:   $(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
log "kernel:   $(uname -r)"
log "java:     $(java -version 2>&1 | head -1)"
log "postfix:  $(dpkg-query -W -f '${Version}' postfix 2>/dev/null || echo '?') (private instance, smtp-sink)"
log "python:   $(python3 -V 2>&1) (loader)"
log "data fs:  $(df -T "$WORK" | awk 'NR==2 {print $2 " on " $1}')"
log "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before start)"
log "== workload"
log "$RUNS timed runs each: $MESSAGES queued messages x $SIZE-byte body, one recipient each (rcpt<N>@$DOMAIN), loaded over $LOAD_SESSIONS sessions"
log "Mailroom: max-connections-per-destination=$MR_CONNECTIONS batch-size=$MR_BATCH poll-interval=$MR_POLL"
log "Postfix:  default_destination_concurrency_limit=${PF_CONCURRENCY:-$(postconf -d -h default_destination_concurrency_limit) (default)}, connection cache on demand (default)"

smtp-sink -u nobody 127.0.0.1:"$SINK_PORT" 256 >"$WORK/smtp-sink.log" 2>&1 &
SINK_PID=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$SINK_PORT") 2>/dev/null && break; sleep 0.1; done
kill -0 "$SINK_PID" 2>/dev/null || { cat "$WORK/smtp-sink.log" >&2; die "smtp-sink did not start"; }
log "smtp-sink listening on 127.0.0.1:$SINK_PORT"

setup_postfix
log "Postfix private instance: smtpd 127.0.0.1:$PF_PORT, relayhost [127.0.0.1]:$SINK_PORT, config $PF_CONF"

log "== Mailroom first start (http $HTTP_PORT, mx $SMTP_PORT, submission $SUBMIT_PORT, data $WORK/data)"
start_mailroom setup false
log "up after $MR_UP_SECS s; PostgreSQL $(sql 'show server_version') on port $PG_PORT; synchronous_commit=$(sql 'show synchronous_commit'), fsync=$(sql 'show fsync')"
curl -fsS -u admin@localhost:admin-password -H 'Content-Type: application/json' \
  -d '{"email":"sender@localhost","password":"sender-password"}' \
  "http://127.0.0.1:$HTTP_PORT/api/v1/admin/users" >/dev/null || die "could not create sender@localhost"
stop_mailroom

log "== timed runs (alternating Mailroom / Postfix; loading is not timed)"
printf '%-4s %-9s %9s %14s %10s %10s  %s\n' run target messages "loaded msg/s" seconds "msg/s" check
mr_rates=(); pf_rates=(); mr_half=()
mr_cpu_total=0; mr_pg_total=0; mr_secs_total=0; mr_fsyncs=0; mr_commits=0
pf_cpu_total=0; pf_secs_total=0
for i in $(seq "$RUNS"); do
  # ---- Mailroom: queue with delivery off, then restart with delivery on.
  start_mailroom "load-$i" false
  base=$(sql "select coalesce(max(id), 0) from outbound_queue")
  line=$(load "mailroom-$i" "$SUBMIT_PORT" auth) || die "loading Mailroom (run $i) failed"
  loaded_rate=${line##*rate=}
  queued=$(sql "select count(*) from outbound_queue where id > $base and state = 'queued'")
  [[ $queued == "$MESSAGES" ]] || die "run $i: $queued rows queued in outbound_queue, expected $MESSAGES ($(states "$base"))"
  stop_mailroom

  start_mailroom "deliver-$i" true
  java0=$(cpu_of "$APP_PID"); pg0=$(tree_cpu "$PG_PID"); read -r _ f0 <<<"$(wal_io)"; c0=$(db_commits)
  t0=$(now)
  while :; do
    read -r done_n bad_n <<<"$(sql "select count(*) filter (where state = 'delivered'), count(*) filter (where state in ('deferred', 'bounced')) from outbound_queue where id > $base" | tr '|' ' ')"
    (( done_n == MESSAGES )) && break
    if (( bad_n > 0 )); then
      sql "select state, count(*), min(last_reply) from outbound_queue where id > $base group by state" >&2
      die "Mailroom run $i: $bad_n rows deferred or bounced ($(states "$base"))"
    fi
    if awk -v e="$(since "$t0")" -v m="$RUN_TIMEOUT" 'BEGIN {exit !(e > m)}'; then
      die "Mailroom run $i: not all delivered after $RUN_TIMEOUT s ($(states "$base"))"
    fi
    sleep 0.5
  done
  java1=$(cpu_of "$APP_PID"); pg1=$(tree_cpu "$PG_PID")
  sleep 1.2   # backends flush their I/O statistics at most once a second
  read -r _ f1 <<<"$(wal_io)"; c1=$(db_commits)
  # The database's own timestamps: from the first claim to the last delivery; and,
  # with a warm JVM, from the middle delivery to the last.
  read -r secs half <<<"$(sql "with r as (select last_attempt_at, delivered_at, row_number() over (order by delivered_at) n from outbound_queue where id > $base)
    select extract(epoch from max(delivered_at) - min(last_attempt_at)),
           extract(epoch from max(delivered_at) - max(delivered_at) filter (where n = $(( (MESSAGES + 1) / 2 ))))
    from r" | tr '|' ' ')"
  stop_mailroom
  rate=$(awk -v m="$MESSAGES" -v s="$secs" 'BEGIN {printf "%.1f", m/s}')
  hrate=$(awk -v m="$(( MESSAGES - (MESSAGES + 1) / 2 ))" -v s="$half" 'BEGIN {if (s > 0) printf "%.1f", m/s; else print "n/a"}')
  mr_rates+=("$rate"); mr_half+=("$hrate")
  mr_cpu_total=$(awk -v a="$mr_cpu_total" -v b="$java0" -v c="$java1" 'BEGIN {print a+c-b}')
  mr_pg_total=$(awk -v a="$mr_pg_total" -v b="$pg0" -v c="$pg1" 'BEGIN {print a+c-b}')
  mr_secs_total=$(awk -v a="$mr_secs_total" -v b="$secs" 'BEGIN {print a+b}')
  mr_fsyncs=$(( mr_fsyncs + f1 - f0 )); mr_commits=$(( mr_commits + c1 - c0 ))
  printf '%-4s %-9s %9s %14s %10.3f %10s  %s\n' "$i" mailroom "$MESSAGES" "$loaded_rate" "$secs" "$rate" "delivered $MESSAGES/$MESSAGES ok (2nd half $hrate msg/s)"

  # ---- Postfix: queue on hold, release, time the drain.
  sent0=$(pf_sent)
  line=$(load "postfix-$i" "$PF_PORT") || die "loading Postfix (run $i) failed"
  loaded_rate=${line##*rate=}
  for _ in $(seq 100); do [[ $(pf_queue_files incoming) == 0 && $(pf_queue_files active) == 0 ]] && break; sleep 0.1; done
  held=$(pf_queue_files hold)
  [[ $held == "$MESSAGES" ]] || die "Postfix run $i: $held messages on hold, expected $MESSAGES"
  postsuper -c "$PF_CONF" -H ALL >"$WORK/postsuper-$i.log" 2>&1 || die "postsuper -H failed"
  pfc0=$(tree_cpu "$PF_MASTER")
  t0=$(now)
  postqueue -c "$PF_CONF" -f || die "postqueue -f failed"
  while pf_busy; do
    if awk -v e="$(since "$t0")" -v m="$RUN_TIMEOUT" 'BEGIN {exit !(e > m)}'; then
      die "Postfix run $i: queue not empty after $RUN_TIMEOUT s"
    fi
    sleep 0.05
  done
  secs=$(since "$t0")
  pfc1=$(tree_cpu "$PF_MASTER")
  sleep 0.5   # postlogd writes the last lines
  sent=$(( $(pf_sent) - sent0 ))
  empty=$(postqueue -c "$PF_CONF" -p 2>&1 | tail -1)
  rate=$(awk -v m="$MESSAGES" -v s="$secs" 'BEGIN {printf "%.1f", m/s}')
  pf_rates+=("$rate")
  pf_cpu_total=$(awk -v a="$pf_cpu_total" -v b="$pfc0" -v c="$pfc1" 'BEGIN {print a+c-b}')
  pf_secs_total=$(awk -v a="$pf_secs_total" -v b="$secs" 'BEGIN {print a+b}')
  check="sent $sent/$MESSAGES, $empty"
  printf '%-4s %-9s %9s %14s %10s %10s  %s\n' "$i" postfix "$MESSAGES" "$loaded_rate" "$secs" "$rate" "$check"
  [[ $sent == "$MESSAGES" && $empty == *"Mail queue is empty"* ]] || die "Postfix run $i: $check"
done

mr_med=$(printf '%s\n' "${mr_rates[@]}" | median)
pf_med=$(printf '%s\n' "${pf_rates[@]}" | median)
ratio=$(awk -v a="$mr_med" -v b="$pf_med" 'BEGIN {printf "%.2f", a/b}')
log "== result"
log "Mailroom median: $mr_med msg/s   (runs: ${mr_rates[*]}; second half of each run: ${mr_half[*]})"
log "Postfix  median: $pf_med msg/s   (runs: ${pf_rates[*]})"
log "ratio Mailroom/Postfix: $ratio   (target: above 1, faster than Postfix relaying to the same sink)"
if awk -v r="$ratio" 'BEGIN {exit !(r > 1)}'; then log "target: MET"; else log "target: NOT MET"; fi
log "every run verified: $(( RUNS * MESSAGES )) rows delivered in Mailroom's outbound_queue, $(( RUNS * MESSAGES )) status=sent in Postfix's log"
n=$(( RUNS * MESSAGES ))
log "== where the time went (delivery phases only)"
awk -v j="$mr_cpu_total" -v p="$mr_pg_total" -v s="$mr_secs_total" -v n="$n" -v c="$(nproc)" -v f="$mr_fsyncs" -v x="$mr_commits" 'BEGIN {
  printf "Mailroom: JVM %.1f s CPU (%.2f ms/msg), PostgreSQL %.1f s (%.2f ms/msg), together %.0f%% of %d cores; %.2f commits and %.2f WAL fsyncs per message\n",
    j, 1000*j/n, p, 1000*p/n, 100*(j+p)/(s*c), c, x/n, f/n }'
awk -v q="$pf_cpu_total" -v s="$pf_secs_total" -v n="$n" -v c="$(nproc)" 'BEGIN {
  printf "Postfix:  all its processes %.1f s CPU (%.2f ms/msg), %.0f%% of %d cores\n", q, 1000*q/n, 100*q/(s*c), c }'
log "Postfix connection reuse: $(grep -o 'conn_use=[0-9]*' "$WORK/postfix/maillog" | wc -l) of $(pf_sent) deliveries went over a cached connection"
log "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, at the end; other work on the machine skews the figures)"
