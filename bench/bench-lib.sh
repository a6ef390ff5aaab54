# Helpers shared by the bench/*.sh scripts; sourced, not run.
# shellcheck shell=bash

log() { printf '%s\n' "$*"; }
die() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) printf "%.1f", a[(NR+1)/2]; else printf "%.1f", (a[NR/2]+a[NR/2+1])/2}'; }
now() { date +%s.%N; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

# A free TCP port on loopback, not in USED_PORTS (" 123 456 ").
free_port() {
  local p
  for _ in $(seq 200); do
    # Below the kernel's ephemeral range (32768+), which outgoing connections draw from.
    p=$(( 20000 + RANDOM % 12000 ))
    [[ ${USED_PORTS:-} == *" $p "* ]] && continue
    if ! ss -Htln "sport = :$p" 2>/dev/null | grep -q . && ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"; return 0
    fi
  done
  die "no free port found"
}

# Installs Debian's postfix when one of the given tools is missing, with the postfix service
# left unconfigured and stopped. Usage: ensure_postfix smtp-source smtp-sink ...
ensure_postfix() {
  local t missing=0
  for t in "$@"; do command -v "$t" >/dev/null || missing=1; done
  if (( missing )); then
    log "installing postfix (service left unconfigured and stopped)"
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    local made_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
      # forbid invoke-rc.d from starting any service during the install
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
    fi
    local rc=0
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix >/dev/null || rc=$?
    if (( rc != 0 )); then
      apt-get update -q >/dev/null || true
      rc=0
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix >/dev/null || rc=$?
    fi
    (( made_policy )) && rm -f /usr/sbin/policy-rc.d
    (( rc == 0 )) || die "apt-get install postfix failed"
  fi
  # The system's postfix service is never run during a benchmark, and its config never touched.
  postfix stop >/dev/null 2>&1 || true
  service postfix stop >/dev/null 2>&1 || true
  for t in "$@"; do command -v "$t" >/dev/null || die "$t not found"; done
}

# Installs a Debian package when COMMAND is missing, with invoke-rc.d forbidden to start
# any service during the install (the package's system service stays stopped; a benchmark
# runs its own private instance). Usage: ensure_package_no_service COMMAND PACKAGE
ensure_package_no_service() {
  local cmd=$1 pkg=$2
  command -v "$cmd" >/dev/null && return 0
  log "installing $pkg (its service is not started)"
  local made_policy=0 rc=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg" >/dev/null || rc=$?
  if (( rc != 0 )); then
    apt-get update -q >/dev/null || true
    rc=0
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg" >/dev/null || rc=$?
  fi
  (( made_policy )) && rm -f /usr/sbin/policy-rc.d
  (( rc == 0 )) || die "apt-get install $pkg failed"
  command -v "$cmd" >/dev/null || die "$cmd not found after installing $pkg"
}

# Stops a Mailroom the script started: SIGTERM (graceful, up to 30 s), then SIGKILL; then
# its embedded PostgreSQL if it outlived the JVM (normally it stops with it): SIGINT, a
# fast shutdown, up to 20 s. Usage: stop_mailroom APP_PID PG_PID (either may be empty)
stop_mailroom() {
  local app=$1 pg=$2
  if [[ -n $app ]] && kill -0 "$app" 2>/dev/null; then
    kill "$app" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$app" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$app" 2>/dev/null || true
    wait "$app" 2>/dev/null || true
  fi
  if [[ -n $pg ]] && kill -0 "$pg" 2>/dev/null; then
    kill -INT "$pg" 2>/dev/null || true
    for _ in $(seq 40); do kill -0 "$pg" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pg" 2>/dev/null || true
  fi
}
