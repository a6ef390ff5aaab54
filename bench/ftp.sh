#!/usr/bin/env bash
# FTP download benchmark: curl fetches one message of SIZE bytes from a user's INBOX
# over Mailroom's FTP data connection (the raw bytes streamed out of PostgreSQL), the
# same bytes as a plain file from Mailroom's /pub (read from disk), and the same file
# from a private vsftpd (Debian's package; its system service is kept stopped), RUNS
# times each in turn, and prints MB/s for each, their medians and the ratios. Every
# download is checked byte for byte once before the timed runs. Run by hand; it is not
# part of verify. All traffic is on 127.0.0.1.
#
# Usage: bench/ftp.sh [--build] [--keep] [--no-vsftpd] [--help]
#   --build      rebuild the jar first (it is built anyway when missing)
#   --keep       keep the temporary directory (logs, data) instead of deleting it
#   --no-vsftpd  leave vsftpd out (it is installed when missing otherwise)
# Environment (defaults in brackets):
#   SIZE    [26214400]  bytes of the message and of the file (25 MiB)
#   RUNS    [7]         timed downloads from each of the three
#   WARMUP  [3]         untimed downloads from each first (JIT, page cache)
#   MODE    [passive]   passive or active (curl --ftp-port 127.0.0.1) data connections
#   BENCH_EXTRA_ARGS    more arguments for Mailroom
#   JAR                 jar to run [target/mailroom-0.1.0-SNAPSHOT.jar]
# Quick run: RUNS=3 WARMUP=1 bench/ftp.sh
set -euo pipefail
# shellcheck source=bench/bench-lib.sh
source "$(cd "$(dirname "$0")" && pwd)/bench-lib.sh"

SIZE=${SIZE:-26214400}
RUNS=${RUNS:-7}
WARMUP=${WARMUP:-3}
MODE=${MODE:-passive}
BUILD=0
KEEP=0
VSFTPD=1

for arg in "$@"; do
  case "$arg" in
    --build) BUILD=1 ;;
    --keep) KEEP=1 ;;
    --no-vsftpd) VSFTPD=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; usage >&2; exit 2 ;;
  esac
done
for v in SIZE RUNS WARMUP; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "$v must be a whole number, got '${!v}'" >&2; exit 2; }
done
(( SIZE >= 1024 && RUNS > 0 )) || { echo "SIZE must be >= 1024 and RUNS > 0" >&2; exit 2; }
[[ $MODE == passive || $MODE == active ]] || { echo "MODE must be passive or active" >&2; exit 2; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/target/mailroom-0.1.0-SNAPSHOT.jar}
export PATH="$PATH:/usr/sbin:/sbin"

# ---------------------------------------------------------------- cleanup ----
WORK=""
APP_PID=""
VSFTPD_PID=""
PG_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $VSFTPD_PID ]] && kill -0 "$VSFTPD_PID" 2>/dev/null; then
    kill "$VSFTPD_PID" 2>/dev/null || true
    wait "$VSFTPD_PID" 2>/dev/null || true
  fi
  stop_mailroom "$APP_PID" "$PG_PID"
  if [[ -n $WORK && -d $WORK ]]; then
    if (( KEEP )) || (( rc != 0 )); then
      log "kept $WORK (logs: mailroom.log, vsftpd.log)"
    else
      rm -rf "$WORK"
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Installs Debian's vsftpd when missing (bench-lib: its system service is never started)
# and makes sure the system's instance is not running.
ensure_vsftpd() {
  ensure_package_no_service vsftpd vsftpd
  service vsftpd stop >/dev/null 2>&1 || true
  id ftp >/dev/null 2>&1 || die "the ftp user vsftpd runs anonymous sessions as is missing"
}

# ------------------------------------------------------------------ main -----
command -v curl >/dev/null || die "curl not found"
(( VSFTPD )) && ensure_vsftpd

if (( BUILD )) || [[ ! -f $JAR ]]; then
  log "building $JAR"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package) || die "build failed"
fi
[[ -f $JAR ]] || die "jar not found: $JAR"

WORK=$(mktemp -d /tmp/mailroom-ftp-bench.XXXXXX)
# vsftpd's anonymous sessions run as the ftp user and must reach the files below.
chmod 755 "$WORK"
USED_PORTS=" "
pick() { local p; p=$(free_port); USED_PORTS+="$p "; echo "$p"; }
HTTP_PORT=$(pick); FTP_PORT=$(pick); PG_FIXED_PORT=$(pick); VS_PORT=$(pick)
# Passive ranges of ten ports each, in the free-port range, checked free.
range() {
  local base p ok
  for _ in $(seq 50); do
    base=$(( 20000 + RANDOM % 11000 )); ok=1
    for p in $(seq "$base" $(( base + 9 ))); do
      if [[ $USED_PORTS == *" $p "* ]] || ss -Htln "sport = :$p" 2>/dev/null | grep -q .; then ok=0; break; fi
    done
    if (( ok )); then for p in $(seq "$base" $(( base + 9 ))); do USED_PORTS+="$p "; done; echo "$base"; return 0; fi
  done
  die "no free passive port range"
}
MR_PASV=$(range); VS_PASV=$(range)

log "== machine"
log "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
log "cpus:     $(nproc) x $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
log "memory:   $(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
log "kernel:   $(uname -r)"
log "java:     $(java -version 2>&1 | head -1)"
(( VSFTPD )) && log "vsftpd:   $(dpkg-query -W -f '${Version}' vsftpd 2>/dev/null || echo '?')"
log "curl:     $(curl --version | head -1 | cut -d' ' -f1-2)"
log "data fs:  $(df -T "$WORK" | awk 'NR==2 {print $2 " on " $1}')"
log "uptime:   $(uptime) (before start)"

# The test data: a message (headers, then base64 lines with CRLF, as mail carries an
# attachment) of exactly SIZE bytes, and the same bytes as a plain file.
MSG="$WORK/message.eml"
HEADER=$'From: Bench <bench@example.org>\r\nTo: bench@localhost\r\nSubject: ftp bench\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\nMessage-ID: <ftp-bench@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n'
# Body lines of 76 characters and CRLF; the last one shorter, so the file has exactly
# SIZE bytes (a one-byte remainder goes into the Subject instead).
(( (SIZE - ${#HEADER}) % 78 == 1 )) && HEADER=${HEADER/ftp bench/ftp bench.}
REMAINING=$(( SIZE - ${#HEADER} ))
{
  printf '%s' "$HEADER"
  head -c $(( REMAINING / 78 * 57 )) /dev/urandom | base64 -w 76 | sed 's/$/\r/'
  if (( REMAINING % 78 >= 2 )); then
    printf "%$(( REMAINING % 78 - 2 ))s" '' | tr ' ' 'A'; printf '\r\n'
  fi
} > "$MSG"
[[ $(stat -c %s "$MSG") == "$SIZE" ]] || die "test message is $(stat -c %s "$MSG") bytes, expected $SIZE"
mkdir -p "$WORK/data/pub" "$WORK/vsftpd/root"
cp "$MSG" "$WORK/data/pub/file.bin"
cp "$MSG" "$WORK/vsftpd/root/file.bin"
chmod 755 "$WORK/vsftpd" "$WORK/vsftpd/root"; chmod 644 "$WORK/vsftpd/root/file.bin"
SUM=$(sha256sum < "$MSG" | cut -d' ' -f1)
log "== workload"
log "one download = one $SIZE-byte file over one FTP data connection ($MODE mode), binary, curl to /dev/null;"
log "$WARMUP untimed then $RUNS timed downloads from each, in turn: Mailroom message, Mailroom /pub, vsftpd"

log "== starting Mailroom (http $HTTP_PORT, ftp $FTP_PORT, passive $MR_PASV-$(( MR_PASV + 9 )), data $WORK/data)"
java -jar "$JAR" \
  --mailroom.data-dir="$WORK/data" \
  --server.port="$HTTP_PORT" \
  --mailroom.ftp.port="$FTP_PORT" \
  --mailroom.ftp.bind-address=127.0.0.1 \
  --mailroom.ftp.passive-ports="$MR_PASV-$(( MR_PASV + 9 ))" \
  --mailroom.smtp.max-message-size=$(( SIZE * 2 )) \
  --mailroom.database.embedded-port="$PG_FIXED_PORT" ${BENCH_EXTRA_ARGS:-} \
  --mailroom.smtp.port=-1 --mailroom.smtp.submission-port=-1 --mailroom.smtp.smtps-port=-1 \
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
PG_PID=$(head -1 "$WORK/data/postgres/postmaster.pid" 2>/dev/null || true)

curl -fsS -u admin@localhost:admin-password -H 'Content-Type: application/json' \
  -d '{"email":"bench@localhost","password":"bench-password"}' \
  "http://127.0.0.1:$HTTP_PORT/api/v1/admin/users" >/dev/null || die "could not create bench@localhost"
AUTH=(--user bench@localhost:bench-password)
MR="ftp://127.0.0.1:$FTP_PORT"
# The message goes in by FTP upload (STOR imports it as delivered mail would be).
curl -fsS "${AUTH[@]}" -T "$MSG" "$MR/INBOX/bench.eml" || die "upload into INBOX failed"
NAME=$(curl -fsS "${AUTH[@]}" --list-only "$MR/INBOX/" | tr -d '\r' | grep '\.eml$' | head -1)
[[ -n $NAME ]] || die "the uploaded message is not listed"
MSG_URL="$MR/INBOX/${NAME// /%20}"
PUB_URL="$MR/pub/file.bin"

if (( VSFTPD )); then
  cat > "$WORK/vsftpd/vsftpd.conf" <<EOF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$VS_PORT
background=NO
anonymous_enable=YES
no_anon_password=YES
anon_root=$WORK/vsftpd/root
local_enable=NO
write_enable=NO
pasv_enable=YES
pasv_address=127.0.0.1
pasv_min_port=$VS_PASV
pasv_max_port=$(( VS_PASV + 9 ))
connect_from_port_20=NO
xferlog_enable=NO
vsftpd_log_file=$WORK/vsftpd.log
seccomp_sandbox=NO
secure_chroot_dir=/var/run/vsftpd/empty
EOF
  mkdir -p /var/run/vsftpd/empty
  vsftpd "$WORK/vsftpd/vsftpd.conf" >"$WORK/vsftpd.log" 2>&1 </dev/null &
  VSFTPD_PID=$!
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$VS_PORT") 2>/dev/null && break; sleep 0.1; done
  kill -0 "$VSFTPD_PID" 2>/dev/null || { cat "$WORK/vsftpd.log" >&2; die "vsftpd did not start"; }
  log "vsftpd listening on 127.0.0.1:$VS_PORT (passive $VS_PASV-$(( VS_PASV + 9 )))"
fi
VS_URL="ftp://127.0.0.1:$VS_PORT/file.bin"

CURL_MODE=()
[[ $MODE == active ]] && CURL_MODE=(--ftp-port 127.0.0.1)
# fetch LABEL -> prints "seconds whole-MB/s data-MB/s" (MB = 10^6 bytes): the whole download
# (connect, login, PASV/PORT, RETR, transfer) and the data connection alone (curl's
# time_total - time_pretransfer); fails on any curl error or short file
fetch() {
  local label=$1 out format='%{size_download} %{time_total} %{time_pretransfer}'
  case $label in
    message) out=$(curl -fsS "${AUTH[@]}" "${CURL_MODE[@]}" -o /dev/null -w "$format" "$MSG_URL") ;;
    pub) out=$(curl -fsS "${AUTH[@]}" "${CURL_MODE[@]}" -o /dev/null -w "$format" "$PUB_URL") ;;
    vsftpd) out=$(curl -fsS "${CURL_MODE[@]}" -o /dev/null -w "$format" "$VS_URL") ;;
  esac || return 1
  read -r bytes secs pre <<<"$out"
  [[ $bytes == "$SIZE" ]] || { echo "$label: $bytes bytes, expected $SIZE" >&2; return 1; }
  awk -v b="$bytes" -v s="$secs" -v p="$pre" 'BEGIN {d = s - p; if (d <= 0) d = 0.000001; printf "%.3f %.1f %.1f", s, b/s/1e6, b/d/1e6}'
}
check() {
  local label=$1 url=$2 got; shift 2
  got=$(curl -fsS "$@" "${CURL_MODE[@]}" "$url" | sha256sum | cut -d' ' -f1)
  [[ $got == "$SUM" ]] || die "$label: downloaded bytes differ from the original"
  log "checked: $label is byte-identical to the original (sha256 ${SUM:0:16}...)"
}

TARGETS=(message pub)
(( VSFTPD )) && TARGETS+=(vsftpd)
check "Mailroom message" "$MSG_URL" "${AUTH[@]}"
check "Mailroom /pub file" "$PUB_URL" "${AUTH[@]}"
(( VSFTPD )) && check "vsftpd file" "$VS_URL"

for _ in $(seq "$WARMUP"); do for t in "${TARGETS[@]}"; do fetch "$t" >/dev/null || die "warm-up $t failed"; done; done

# CPU seconds used so far by a process (user + system, children included), from /proc.
TICK=$(getconf CLK_TCK)
cpu_of() { awk -v t="$TICK" '{sub(/^.*\) /, ""); printf "%.2f", ($12+$13+$14+$15)/t}' "/proc/$1/stat" 2>/dev/null || echo 0; }
server_cpu() {
  local total=0 p pids
  if [[ $1 == vsftpd ]]; then pids="$VSFTPD_PID $(pgrep -P "$VSFTPD_PID" 2>/dev/null | tr '\n' ' ')"; else pids="$APP_PID $PG_PID $(pgrep -P "$PG_PID" 2>/dev/null | tr '\n' ' ')"; fi
  for p in $pids; do total=$(awk -v a="$total" -v b="$(cpu_of "$p")" 'BEGIN {printf "%.2f", a+b}'); done
  echo "$total"
}

log "== timed runs (server CPU: the JVM and PostgreSQL for Mailroom, the vsftpd processes for vsftpd)"
printf '%-4s %-9s %9s %13s %12s %12s\n' run target seconds "whole MB/s" "data MB/s" "server CPU s"
declare -A rates drates
for i in $(seq "$RUNS"); do
  for t in "${TARGETS[@]}"; do
    c0=$(server_cpu "$t")
    read -r secs rate drate <<<"$(fetch "$t")" || die "run $i $t failed"
    [[ -n ${rate:-} ]] || die "run $i $t failed"
    c1=$(server_cpu "$t")
    rates[$t]+="$rate "; drates[$t]+="$drate "
    printf '%-4s %-9s %9s %13s %12s %12s\n' "$i" "$t" "$secs" "$rate" "$drate" "$(awk -v a="$c0" -v b="$c1" 'BEGIN {printf "%.2f", b-a}')"
  done
done

log "== medians (MB/s, 10^6 bytes per second): whole download, data connection alone"
declare -A med dmed
for t in "${TARGETS[@]}"; do
  med[$t]=$(tr ' ' '\n' <<<"${rates[$t]}" | grep . | median)
  dmed[$t]=$(tr ' ' '\n' <<<"${drates[$t]}" | grep . | median)
  printf '%-9s %9s %9s\n' "$t" "${med[$t]}" "${dmed[$t]}"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
log "message / pub:    $(ratio "${med[message]}" "${med[pub]}") whole, $(ratio "${dmed[message]}" "${dmed[pub]}") data"
if (( VSFTPD )); then
  log "message / vsftpd: $(ratio "${med[message]}" "${med[vsftpd]}") whole, $(ratio "${dmed[message]}" "${dmed[vsftpd]}") data"
  log "pub / vsftpd:     $(ratio "${med[pub]}" "${med[vsftpd]}") whole, $(ratio "${dmed[pub]}" "${dmed[vsftpd]}") data"
fi
log "uptime:   $(uptime) (after the runs)"
