#!/usr/bin/env bash
# IMAP benchmark: CLIENTS concurrent clients each run a fixed workload REPEAT times, one
# after another, each time on a new connection: LOGIN, SELECT INBOX, fetch the headers of
# every message of the INBOX (MESSAGES of them) as Thunderbird does
#   UID FETCH 1:* (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE MESSAGE-ID)])
# then BODIES whole messages one command each (UID FETCH uid BODY.PEEK[]), one UID STORE
# toggling \Seen on those same messages, LOGOUT. The same workload runs against Mailroom
# and against a private Dovecot instance (Debian's dovecot-imapd) in the same run,
# alternating, RUNS timed runs each after one untimed warm-up run each.
#
# Reported per run: messages/s = workloads completed x MESSAGES / wall seconds of the run
# (header-fetched messages per second; each workload also fetches BODIES bodies and
# stores BODIES flags), workloads/s, and latency percentiles of one whole workload
# (connect to the answer to LOGOUT), nearest rank over every workload of the run; then
# the median over the runs of each and the ratio Mailroom / Dovecot.
#
# Both servers hold the same MESSAGES messages of about 10 KB (a third with Korean
# subjects, half with Korean sender names, bodies in UTF-8 with Korean and English) in
# the INBOX of each of USERS users; client c logs in as user c modulo USERS. Mailroom gets
# them through its SMTP MX port (one transaction per message, every user a recipient),
# Dovecot by IMAP APPEND. Before timing, every INBOX must hold exactly those messages
# (checked over IMAP: EXISTS, and the Message-ID and Subject of each), and Mailroom's
# search indexer must have caught up. The load client (bench/ImapLoad.java, raw sockets,
# java's source launcher) checks every answer: all tagged OK, SELECT's EXISTS, one header
# response per message with UID, FLAGS, RFC822.SIZE and the header fields, each body as
# long as its RFC822.SIZE and holding its Message-ID, STORE's FETCH responses carrying the
# new flags, BYE at LOGOUT; any failure stops the script.
#
# Dovecot runs as `dovecot -F -c CONF` with its own configuration, state, logs and maildir
# (or mdbox) in the temporary directory, listening on a free 127.0.0.1 port, passwd-file
# users (bcrypt hashes, as Mailroom keeps them), ssl=no, plaintext LOGIN allowed; the system's dovecot service is never started
# (the package is installed with invoke-rc.d forbidden to start services).
# Mailroom runs from the jar on a fresh data directory with the embedded PostgreSQL
# (synchronous_commit=on), every listener on 127.0.0.1, IMAP with
# mailroom.imap.allow-plain-auth=true. Run by hand; not part of verify.
#
# Usage: bench/imap.sh [--build] [--keep] [--help]
#   --build   rebuild the jar first (it is built anyway when missing)
#   --keep    keep the temporary directory (logs, data)
# Environment (defaults in brackets):
#   TARGETS   [mailroom,dovecot]  servers to measure (either or both)
#   MESSAGES  [1000]    messages in every INBOX (headers fetched per workload)
#   BODIES    [100]     bodies fetched and flags stored per workload
#   CLIENTS   [10]      concurrent clients
#   USERS     [CLIENTS] users (one INBOX each); fewer than CLIENTS share mailboxes
#   REPEAT    [20]      workloads per client in each timed run
#   WARMUP    [10]      workloads per client in the untimed warm-up run of each server
#   RUNS      [5]       timed runs of each server
#   DOVECOT_MAIL [maildir]  maildir or mdbox
#   PASSWORDS [bcrypt]  bcrypt: both servers check bcrypt hashes of cost 10 at LOGIN (how
#                       Mailroom stores passwords; Dovecot BLF-CRYPT); plain: neither hashes
#                       (Dovecot {PLAIN}; Mailroom's users get '{noop}' hashes written
#                       straight into the database), to compare the IMAP work alone
#   DOVECOT_EXTRA       more lines for the Dovecot configuration, e.g. its high-performance
#                       login mode: $'service imap-login {\n service_count = 0\n process_min_avail = 2\n}'
#   STATEMENTS [0]      1: load pg_stat_statements into Mailroom's PostgreSQL and print the
#                       costliest statements of the timed runs
#   BENCH_EXTRA_ARGS    more arguments for Mailroom
#   MAILROOM_JVM_ARGS   JVM options for Mailroom, e.g. -XX:StartFlightRecording=filename=/tmp/imap.jfr
#   JAR                 jar to run [target/mailroom-0.1.0-SNAPSHOT.jar]
# Quick run: REPEAT=3 WARMUP=1 RUNS=1 bench/imap.sh
set -euo pipefail
# shellcheck source=bench/bench-lib.sh
source "$(cd "$(dirname "$0")" && pwd)/bench-lib.sh"

TARGETS=${TARGETS:-mailroom,dovecot}
MESSAGES=${MESSAGES:-1000}
BODIES=${BODIES:-100}
CLIENTS=${CLIENTS:-10}
USERS=${USERS:-$CLIENTS}
REPEAT=${REPEAT:-20}
WARMUP=${WARMUP:-10}
RUNS=${RUNS:-5}
DOVECOT_MAIL=${DOVECOT_MAIL:-maildir}
PASSWORDS=${PASSWORDS:-bcrypt}
STATEMENTS=${STATEMENTS:-0}
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
for v in MESSAGES BODIES CLIENTS USERS REPEAT WARMUP RUNS; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "$v must be a whole number, got '${!v}'" >&2; exit 2; }
done
(( MESSAGES > 0 && BODIES > 0 && CLIENTS > 0 && USERS > 0 && REPEAT > 0 && RUNS > 0 )) \
  || { echo "MESSAGES, BODIES, CLIENTS, USERS, REPEAT and RUNS must be > 0" >&2; exit 2; }
(( BODIES <= MESSAGES )) || { echo "BODIES must not exceed MESSAGES" >&2; exit 2; }
[[ $DOVECOT_MAIL == maildir || $DOVECOT_MAIL == mdbox ]] || { echo "DOVECOT_MAIL must be maildir or mdbox" >&2; exit 2; }
[[ $PASSWORDS == bcrypt || $PASSWORDS == plain ]] || { echo "PASSWORDS must be bcrypt or plain" >&2; exit 2; }
DO_MAILROOM=0; DO_DOVECOT=0
IFS=, read -r -a target_list <<<"$TARGETS"
for t in "${target_list[@]}"; do
  case "$t" in
    mailroom) DO_MAILROOM=1 ;;
    dovecot) DO_DOVECOT=1 ;;
    *) echo "unknown target '$t' in TARGETS (mailroom, dovecot)" >&2; exit 2 ;;
  esac
done
(( DO_MAILROOM + DO_DOVECOT > 0 )) || { echo "TARGETS names no server" >&2; exit 2; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/target/mailroom-0.1.0-SNAPSHOT.jar}
LOADER=$ROOT/bench/ImapLoad.java
export PATH="$PATH:/usr/sbin:/sbin"

# ---------------------------------------------------------------- cleanup ----
WORK=""
APP_PID=""
DOVECOT_PID=""
stop_pid() {   # PID SIGNAL SECONDS
  local pid=$1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "-$2" "$pid" 2>/dev/null || true
  for _ in $(seq $(( $3 * 2 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # A load client still running (interrupted run): only this script's children.
  local c
  for c in $(pgrep -P $$ 2>/dev/null); do
    [[ $c == "$APP_PID" || $c == "$DOVECOT_PID" ]] && continue
    pkill -TERM -P "$c" 2>/dev/null || true
    kill "$c" 2>/dev/null || true
  done
  stop_pid "$DOVECOT_PID" TERM 20
  stop_pid "$APP_PID" TERM 60
  # The embedded PostgreSQL is Mailroom's child and normally stops with it.
  if [[ -n $WORK && -f $WORK/data/postgres/postmaster.pid ]]; then
    stop_pid "$(head -1 "$WORK/data/postgres/postmaster.pid" 2>/dev/null)" INT 20
  fi
  if [[ -n $WORK && -d $WORK ]]; then
    if (( KEEP )) || (( rc != 0 )); then
      log "kept $WORK (mailroom.log, dovecot/dovecot.log, load-*.log)"
    else
      rm -rf "$WORK"
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------- tools ----
command -v javac >/dev/null || die "javac not found (a JDK is needed)"
command -v curl >/dev/null || die "curl not found"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (Debian package: time)"
if (( DO_DOVECOT )); then
  ensure_package_no_service dovecot dovecot-imapd
fi
if (( DO_MAILROOM )); then
  command -v psql >/dev/null || die "psql not found (needed to see the search indexer catch up)"
  if (( BUILD )) || [[ ! -f $JAR ]]; then
    log "building $JAR"
    (cd "$ROOT" && ./mvnw -B -q -DskipTests package) || die "build failed"
  fi
  [[ -f $JAR ]] || die "jar not found: $JAR"
fi

WORK=$(mktemp -d /tmp/mailroom-imap-bench.XXXXXX)
# Dovecot's mail processes run as nobody and must reach their directory below.
chmod 711 "$WORK"
USED_PORTS=" "
port() { local p; p=$(free_port); USED_PORTS+="$p "; echo "$p"; }

log "== machine"
log "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
log "cpus:     $(nproc) x $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
log "memory:   $(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
log "kernel:   $(uname -r)"
log "java:     $(java -version 2>&1 | head -1)"
(( DO_DOVECOT )) && log "dovecot:  $(dovecot --version) ($DOVECOT_MAIL)"
log "passwords: $PASSWORDS"
(( DO_MAILROOM )) && log "mailroom: $JAR (built from $(git -C "$(dirname "$JAR")" rev-parse --short HEAD 2>/dev/null || echo '?') or earlier: the commit checked out where it lies; jar built $(date -u -r "$JAR" '+%Y-%m-%d %H:%M UTC'))"
log "data fs:  $(df -T "$WORK" | awk 'NR==2 {print $2 " on " $1}')"
log "uptime:   $(uptime)"
log "== workload"
log "$CLIENTS clients, $USERS users with $MESSAGES messages each; workload: LOGIN, SELECT INBOX, header FETCH of $MESSAGES, $BODIES x BODY.PEEK[], UID STORE of $BODIES, LOGOUT"
log "$RUNS timed runs of $REPEAT workloads per client per server (alternating), after $WARMUP untimed workloads per client per server"

USER_LIST=""
RCPT_LIST=""
for u in $(seq "$USERS"); do
  USER_LIST+="${USER_LIST:+,}user$u@localhost:bench-password-$u"
  RCPT_LIST+="${RCPT_LIST:+,}user$u@localhost"
done
# The load client, compiled once (java's source launcher would compile it again at every start).
mkdir -p "$WORK/loader"
javac -nowarn -d "$WORK/loader" "$LOADER" || die "could not compile $LOADER"
loader() { java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$WORK/loader" ImapLoad "$@"; }

TICK=$(getconf CLK_TCK)
# CPU seconds of a process: its own and those of its reaped children.
cpu_of() { awk -v t="$TICK" '{sub(/^.*\) /, ""); printf "%.2f", ($12+$13+$14+$15)/t}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# ... and of its live descendants.
tree_cpu() {
  local total p
  total=$(cpu_of "$1")
  for p in $(pgrep -P "$1" 2>/dev/null); do total=$(awk -v a="$total" -v b="$(tree_cpu "$p")" 'BEGIN {printf "%.2f", a+b}'); done
  echo "$total"
}
sub() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b-a}'; }

# ----------------------------------------------------------------- dovecot ----
if (( DO_DOVECOT )); then
  DOVECOT_PORT=$(port)
  D=$WORK/dovecot
  mkdir -p "$D/run" "$D/state" "$D/mail"
  chown nobody:nogroup "$D/mail"
  if [[ $DOVECOT_MAIL == mdbox ]]; then location="mdbox:$D/mail/%n/mdbox"; else location="maildir:$D/mail/%n/Maildir"; fi
  cat >"$D/dovecot.conf" <<EOF
# Private instance for bench/imap.sh; nothing here touches /etc/dovecot.
base_dir = $D/run
state_dir = $D/state
log_path = $D/dovecot.log
instance_name = mailroom-bench-$$
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = $location
mail_max_userip_connections = 1000
# bcrypt is verified in the single auth process unless the auth cache hands it to the
# auth-worker processes, spread over the cores, as Dovecot's documentation suggests for
# strong hashes.
auth_cache_size = 1M
auth_cache_verify_password_with_worker = yes
passdb {
  driver = passwd-file
  args = username_format=%u $D/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$D/mail/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $DOVECOT_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
${DOVECOT_EXTRA:-}
EOF
  # Passwords hashed as Mailroom hashes them (bcrypt, cost 10: Spring Security's default),
  # so that both servers do the same work for a LOGIN.
  : >"$D/users"
  for u in $(seq "$USERS"); do
    if [[ $PASSWORDS == plain ]]; then hash="{PLAIN}bench-password-$u"
    else hash=$(doveadm -c "$D/dovecot.conf" pw -s BLF-CRYPT -r 10 -p "bench-password-$u") || die "doveadm pw failed"; fi
    echo "user$u@localhost:$hash" >>"$D/users"
  done
  chmod 644 "$D/users"
  dovecot -c "$D/dovecot.conf" -n >"$D/dovecot-n.conf" 2>"$D/config-check.log" \
    || { cat "$D/config-check.log" >&2; die "Dovecot rejects its configuration"; }
  dovecot -F -c "$D/dovecot.conf" >"$D/stdout.log" 2>&1 </dev/null &
  DOVECOT_PID=$!
  up=0
  for _ in $(seq 100); do
    kill -0 "$DOVECOT_PID" 2>/dev/null || { cat "$D/stdout.log" "$D/dovecot.log" >&2 2>/dev/null; die "Dovecot exited during startup"; }
    if (exec 3<>"/dev/tcp/127.0.0.1/$DOVECOT_PORT") 2>/dev/null; then up=1; break; fi
    sleep 0.1
  done
  (( up )) || die "Dovecot does not listen on 127.0.0.1:$DOVECOT_PORT"
  log "== Dovecot $(dovecot --version) on 127.0.0.1:$DOVECOT_PORT (master pid $DOVECOT_PID, $DOVECOT_MAIL under $D/mail)"
  t0=$(now)
  loader append 127.0.0.1 "$DOVECOT_PORT" "$MESSAGES" "$USER_LIST" || die "APPEND to Dovecot failed"
  log "   in $(sub "$t0" "$(now)") s"
  loader check 127.0.0.1 "$DOVECOT_PORT" "$MESSAGES" "$USER_LIST" || die "Dovecot's mailboxes are not as appended"
fi

# ---------------------------------------------------------------- mailroom ----
if (( DO_MAILROOM )); then
  HTTP_PORT=$(port)
  SMTP_PORT=$(port)
  IMAP_PORT=$(port)
  PG_FIXED_PORT=$(port)
  # shellcheck disable=SC2086
  java ${MAILROOM_JVM_ARGS:-} -jar "$JAR" \
    --mailroom.data-dir="$WORK/data" \
    --server.port="$HTTP_PORT" \
    --server.address=127.0.0.1 \
    --mailroom.database.embedded-port="$PG_FIXED_PORT" \
    --mailroom.smtp.bind-address=127.0.0.1 \
    --mailroom.smtp.port="$SMTP_PORT" \
    --mailroom.smtp.submission-port=-1 \
    --mailroom.smtp.smtps-port=-1 \
    --mailroom.imap.bind-address=127.0.0.1 \
    --mailroom.imap.port="$IMAP_PORT" \
    --mailroom.imap.imaps-port=-1 \
    --mailroom.imap.allow-plain-auth=true \
    --mailroom.imap.max-connections-per-client=$(( CLIENTS * 2 + 10 )) \
    --mailroom.pop3.bind-address=127.0.0.1 \
    --mailroom.pop3.port=-1 \
    --mailroom.pop3.pop3s-port=-1 \
    --mailroom.delivery.enabled=false \
    --mailroom.admin.email=admin@localhost \
    --mailroom.admin.password=admin-password \
    --mailroom.domains=localhost \
    --mailroom.hostname=bench.localhost ${BENCH_EXTRA_ARGS:-} \
    $( (( STATEMENTS )) && echo "--mailroom.database.embedded-settings.shared_preload_libraries=pg_stat_statements --mailroom.database.embedded-settings[pg_stat_statements.track_planning]=on") \
    >"$WORK/mailroom.log" 2>&1 </dev/null &
  APP_PID=$!
  t0=$(now)
  up=0
  for _ in $(seq 360); do
    kill -0 "$APP_PID" 2>/dev/null || { tail -40 "$WORK/mailroom.log" >&2; die "Mailroom exited during startup"; }
    if curl -fs "http://127.0.0.1:$HTTP_PORT/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then up=1; break; fi
    sleep 0.5
  done
  (( up )) || { tail -40 "$WORK/mailroom.log" >&2; die "Mailroom not healthy after 180 s"; }
  (exec 3<>"/dev/tcp/127.0.0.1/$IMAP_PORT") 2>/dev/null || die "Mailroom does not listen for IMAP on 127.0.0.1:$IMAP_PORT (a jar without the IMAP server?)"
  PG_PORT=$(sed -n 's/.*Using embedded PostgreSQL on localhost:\([0-9]*\).*/\1/p' "$WORK/mailroom.log" | head -1)
  [[ -n $PG_PORT ]] || die "could not find the embedded PostgreSQL port in the log"
  PG_PID=$(head -1 "$WORK/data/postgres/postmaster.pid" 2>/dev/null || true)
  sql() { psql -X -q -h localhost -p "$PG_PORT" -U postgres -d mailroom -Atc "$1"; }
  log "== Mailroom up after $(sub "$t0" "$(now)") s: http $HTTP_PORT, smtp $SMTP_PORT, imap $IMAP_PORT, PostgreSQL $(sql 'show server_version') on $PG_PORT"
  for u in $(seq "$USERS"); do
    curl -fsS -u admin@localhost:admin-password -H 'Content-Type: application/json' \
      -d "{\"email\":\"user$u@localhost\",\"password\":\"bench-password-$u\"}" \
      "http://127.0.0.1:$HTTP_PORT/api/v1/admin/users" >/dev/null || die "could not create user$u@localhost"
  done
  if [[ $PASSWORDS == plain ]]; then
    sql "update users set password_hash = '{noop}bench-password-' || substring(email from '^user([0-9]+)@') where email like 'user%@localhost'" \
      || die "could not set plain passwords"
  fi
  t0=$(now)
  loader smtp 127.0.0.1 "$SMTP_PORT" "$MESSAGES" "$RCPT_LIST" || die "SMTP delivery to Mailroom failed"
  log "   in $(sub "$t0" "$(now)") s"
  stored=$(sql "select count(*) from messages")
  [[ $stored == $(( MESSAGES * USERS )) ]] || die "Mailroom stored $stored messages, expected $(( MESSAGES * USERS ))"
  # The search indexer works through new mail in the background; wait for it, so that
  # it does not share the cores with the timed runs.
  t0=$(now)
  for _ in $(seq 1800); do
    pending=$(sql "select count(*) from messages m where not exists (select 1 from message_search s where s.content_id = m.content_id and s.user_id = m.user_id)" 2>/dev/null || echo '?')
    [[ $pending == 0 ]] && break
    sleep 1
  done
  [[ $pending == 0 ]] || die "the search indexer has not caught up after 30 min ($pending messages left)"
  log "   search indexer caught up after $(sub "$t0" "$(now)") s more"
  loader check 127.0.0.1 "$IMAP_PORT" "$MESSAGES" "$USER_LIST" || die "Mailroom's mailboxes are not as delivered"
  mailroom_cpu() { awk -v a="$(cpu_of "$APP_PID")" -v b="$(tree_cpu "$PG_PID")" 'BEGIN {printf "%.2f", a+b}'; }
fi

# -------------------------------------------------------------------- runs ----
# Server and loader CPU are taken around the whole load client, which runs one untimed
# workload per client before the timed ones: CPU per workload divides by REPEAT + 1.
# run TARGET LABEL REPEAT -> appends "target=... cpu_server=... cpu_loader=... load=..." to the loader's line
run() {
  local target=$1 label=$2 repeat=$3 port cpu0 cpu1 pg0=0 pg1=0 out=$WORK/load-$1-$2.log rc=0
  if [[ $target == mailroom ]]; then port=$IMAP_PORT; cpu0=$(mailroom_cpu); pg0=$(tree_cpu "$PG_PID"); else port=$DOVECOT_PORT; cpu0=$(tree_cpu "$DOVECOT_PID"); fi
  /usr/bin/time -f 'loader_cpu=%U+%S' -o "$out.time" \
    java -XX:+UseSerialGC -cp "$WORK/loader" ImapLoad run 127.0.0.1 "$port" "$MESSAGES" "$USER_LIST" "$CLIENTS" "$repeat" "$BODIES" "$label" \
    >"$out" 2>"$out.err" || rc=$?
  if (( rc != 0 )) || ! grep -q ' errors=0$' "$out"; then
    cat "$out" "$out.err" >&2
    die "$target $label failed"
  fi
  if [[ $target == mailroom ]]; then cpu1=$(mailroom_cpu); pg1=$(tree_cpu "$PG_PID"); else cpu1=$(tree_cpu "$DOVECOT_PID"); fi
  local lcpu
  lcpu=$(sed -n 's/^loader_cpu=\(.*\)/\1/p' "$out.time" | awk -F+ '{printf "%.1f", $1+$2}')
  echo "target=$target $(cat "$out") cpu_server=$(sub "$cpu0" "$cpu1") cpu_postgres=$(sub "$pg0" "$pg1") cpu_loader=$lcpu load=$(cut -d' ' -f1 /proc/loadavg)"
}
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }

ORDER=()
(( DO_MAILROOM )) && ORDER+=(mailroom)
(( DO_DOVECOT )) && ORDER+=(dovecot)
if (( WARMUP > 0 )); then
  for t in "${ORDER[@]}"; do
    line=$(run "$t" warmup "$WARMUP")
    log "warm-up $t: $(echo "$line" | field workloads) workloads in $(echo "$line" | field seconds) s (not counted)"
  done
fi

(( DO_MAILROOM && STATEMENTS )) && sql "create extension if not exists pg_stat_statements; select pg_stat_statements_reset()" >/dev/null
log "== timed runs (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-4s %-9s %9s %8s %10s %9s %8s %8s %8s %10s %8s %10s %6s\n' \
  run server workloads seconds "msg/s" "wl/s" "p50 ms" "p90 ms" "p99 ms" "server cpu" "(pg)" "client cpu" load
RESULTS=()
for i in $(seq "$RUNS"); do
  for t in "${ORDER[@]}"; do
    line=$(run "$t" "run$i" "$REPEAT")
    RESULTS+=("$line")
    printf '%-4s %-9s %9s %8s %10s %9s %8s %8s %8s %10s %8s %10s %6s\n' "$i" "$t" \
      "$(echo "$line" | field workloads)" "$(echo "$line" | field seconds)" "$(echo "$line" | field msgs_per_s)" \
      "$(echo "$line" | field workloads_per_s)" "$(echo "$line" | field p50)" "$(echo "$line" | field p90)" \
      "$(echo "$line" | field p99)" "$(echo "$line" | field cpu_server)" "$([[ $t == mailroom ]] && echo "$line" | field cpu_postgres || echo -)" "$(echo "$line" | field cpu_loader)" \
      "$(echo "$line" | field load)"
    max=$(echo "$line" | field max)
    awk -v m="$max" 'BEGIN {exit !(m > 30000)}' && log "     ^ one workload took $(awk -v m="$max" 'BEGIN {printf "%.0f", m/1000}') s: the machine stalled? (this VM has frozen for minutes at a time)"
  done
done
log "uptime after the runs: $(uptime)"
if (( DO_MAILROOM && STATEMENTS )); then
  log "== Mailroom's costliest statements of the timed runs (pg_stat_statements; calls, ms per call planning and execution, ms per workload, untimed first workloads of each run included)"
  sql "select calls, round((total_plan_time / calls)::numeric, 3), round((total_exec_time / calls)::numeric, 3),
         round(((total_plan_time + total_exec_time) / $(( RUNS * CLIENTS * (REPEAT + 1) )))::numeric, 3) || ' ms/wl',
         regexp_replace(left(query, 110), '\s+', ' ', 'g')
       from pg_stat_statements where calls > 0 order by total_plan_time + total_exec_time desc limit 12" | column -t -s '|'
fi

# Still exactly the messages loaded (flags changed, nothing lost or added).
(( DO_DOVECOT )) && { loader check 127.0.0.1 "$DOVECOT_PORT" "$MESSAGES" "$USER_LIST" >/dev/null || die "Dovecot's mailboxes changed"; }
(( DO_MAILROOM )) && { loader check 127.0.0.1 "$IMAP_PORT" "$MESSAGES" "$USER_LIST" >/dev/null || die "Mailroom's mailboxes changed"; }

log "== phases (median over runs of each phase's median ms per workload)"
for t in "${ORDER[@]}"; do
  mine=$(printf '%s\n' "${RESULTS[@]}" | grep "^target=$t ")
  phases=""
  for p in login select headers bodies store logout; do
    phases+=" $p $(echo "$mine" | field "${p}_p50" | median)"
  done
  log "$t:$phases"
done

log "== result (median of $RUNS runs; messages/s = workloads x $MESSAGES header-fetched messages / wall seconds)"
declare -A MED
for t in "${ORDER[@]}"; do
  mine=$(printf '%s\n' "${RESULTS[@]}" | grep "^target=$t ")
  for f in msgs_per_s workloads_per_s p50 p99 cpu_server cpu_postgres; do MED[$t.$f]=$(echo "$mine" | field "$f" | median); done
  cpu_per_wl=$(awk -v c="${MED[$t.cpu_server]}" -v n="$(( CLIENTS * (REPEAT + 1) ))" 'BEGIN {printf "%.1f", c*1000/n}')
  pg_note=""
  [[ $t == mailroom ]] && pg_note=" (PostgreSQL $(awk -v c="${MED[$t.cpu_postgres]}" -v n="$(( CLIENTS * (REPEAT + 1) ))" 'BEGIN {printf "%.1f", c*1000/n}'))"
  log "$(printf '%-9s %10s msg/s  %7s workloads/s  p50 %8s ms  p99 %8s ms  server CPU %s ms/workload%s' "$t" \
    "${MED[$t.msgs_per_s]}" "${MED[$t.workloads_per_s]}" "${MED[$t.p50]}" "${MED[$t.p99]}" "$cpu_per_wl" "$pg_note")"
done
if (( DO_MAILROOM && DO_DOVECOT )); then
  log "ratio Mailroom / Dovecot: throughput $(awk -v a="${MED[mailroom.msgs_per_s]}" -v b="${MED[dovecot.msgs_per_s]}" 'BEGIN {printf "%.2f", a/b}'), p99 $(awk -v a="${MED[mailroom.p99]}" -v b="${MED[dovecot.p99]}" 'BEGIN {printf "%.2f", a/b}') (target: throughput >= 1.00)"
fi
log "every workload checked; every INBOX still holds its $MESSAGES messages"
