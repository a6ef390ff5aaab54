#!/usr/bin/env bash
# Search benchmark: fills one mailbox with MESSAGES generated messages (English and
# Korean, plain, HTML, EUC-KR, attachments, 2-10 KB) through MessageStore.deliver (no
# SMTP), runs the search indexer to completion, then times representative searches
# (first page of 50) RUNS times each and reports median and p95 in ms, next to the same
# statement with index scans turned off (sequential scans) as the peer. Runs the test
# class SearchBenchmark on a fresh embedded PostgreSQL in a temporary directory, deleted
# at the end. Run by hand; it is not part of verify. No network traffic at all.
#
# Usage: bench/search.sh [--keep] [--help]
#   --keep    keep the temporary directory (database, report) instead of deleting it
# Environment (defaults in brackets):
#   MESSAGES  [100000] messages in the benchmark mailbox
#   RUNS      [20]     timed runs per query (after 2 warm-up runs)
#   PEER_RUNS [3]      timed runs of the sequential-scan peer per query
#   THREADS   [8]      threads delivering while loading
#   EXPLAIN   [0]      1: print EXPLAIN ANALYZE of every query too
# Quick run: MESSAGES=10000 RUNS=5 bench/search.sh
set -euo pipefail
# shellcheck source=bench/bench-lib.sh
source "$(cd "$(dirname "$0")" && pwd)/bench-lib.sh"

MESSAGES=${MESSAGES:-100000}
RUNS=${RUNS:-20}
PEER_RUNS=${PEER_RUNS:-3}
THREADS=${THREADS:-8}
EXPLAIN=${EXPLAIN:-0}
KEEP=0

for arg in "$@"; do
  case "$arg" in
    --keep) KEEP=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; usage >&2; exit 2 ;;
  esac
done
for v in MESSAGES RUNS PEER_RUNS THREADS; do
  [[ ${!v} =~ ^[0-9]+$ ]] && (( ${!v} > 0 )) || { echo "$v must be a positive whole number, got '${!v}'" >&2; exit 2; }
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/mailroom-search-bench.XXXXXX)
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if (( KEEP )) || (( rc != 0 )); then
    log "kept $WORK (maven.log, report.txt, data/)"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "== machine"
log "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
log "cpus:     $(nproc) x $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
log "memory:   $(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
log "kernel:   $(uname -r)"
log "java:     $(java -version 2>&1 | head -1)"
log "data fs:  $(df -T "$WORK" | awk 'NR==2 {print $2 " on " $1}')"
log "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before start)"
log "== workload"
log "$MESSAGES messages, $RUNS timed runs per query (peer: $PEER_RUNS), $THREADS loading threads; data in $WORK/data"

t0=$(now)
rc=0
(cd "$ROOT" && ./mvnw -B -q test -Dtest=SearchBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmailroom.bench.search=true -Dbench.messages="$MESSAGES" -Dbench.runs="$RUNS" \
  -Dbench.peer-runs="$PEER_RUNS" -Dbench.threads="$THREADS" -Dbench.explain="$( (( EXPLAIN )) && echo true || echo false)" \
  -Dbench.report="$WORK/report.txt" -Dmailroom.data-dir="$WORK/data") >"$WORK/maven.log" 2>&1 || rc=$?
if (( rc != 0 )) || [[ ! -s $WORK/report.txt ]]; then
  grep -E 'ERROR|FAIL|Exception' "$WORK/maven.log" | head -30 >&2 || true
  die "benchmark run failed (exit $rc); see $WORK/maven.log"
fi
log "== result (whole run $(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.0f", b-a}') s)"
cat "$WORK/report.txt"
log "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, at the end; other work on the machine skews the figures)"
