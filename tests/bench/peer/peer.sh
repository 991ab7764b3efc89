#!/usr/bin/env bash
# The PostgreSQL 15 peer of issue 7's benchmarks (tests/bench/peer/README.md): a throwaway instance of its own under
# a directory the caller gives, an events table in the Marten pattern (schema.sql), and the workloads measured on it.
# Every measuring subcommand prints one line `label=… key=value …`, like the other bench tools.
#
#   peer.sh start DIR                      install postgresql-15 if missing, initdb DIR/pg, start on a free loopback
#                                          port (written to DIR/pg.port), create database bench and the schema
#   peer.sh stop DIR                       fast shutdown; nothing of the instance keeps running
#   peer.sh append DIR --clients N --seconds S --mode distinct|contended --label L
#                                          workload 1: pgbench, one appended event per transaction (append.sql)
#   peer.sh copy-in DIR FILE [--label L]   bulk-load FILE into events with COPY FROM (tables emptied first)
#   peer.sh copy-out DIR --label L         time `COPY events TO STDOUT` over the whole table, table in cache
#   peer.sh rss DIR                        memory of the instance's processes
#
# FILE for copy-in is PostgreSQL's COPY text format, one event per line, 6 tab-separated columns in this order:
#   position     integer, the global order (1, 2, 3, …; unique)
#   stream_id    text, e.g. hazard-17
#   version      integer, 1, 2, 3, … within each stream; (stream_id, version) unique
#   type         text, e.g. hazard_recorded
#   data         the event's JSON document on one line (no tab or newline; every backslash doubled, as COPY text
#                format unescapes \\ to \ ; JSON without escapes needs nothing)
#   recorded_at  either an ISO 8601 time with zone, e.g. 2026-11-23T05:38:24.123Z, loaded as is, or milliseconds
#                since the epoch, e.g. 1795412631476 (as tests/bench/history_gen writes), which COPY cannot read into
#                timestamptz: then awk first writes a copy with the column as ISO (DIR/pg.copy-in.tsv, untimed,
#                removed after; about 0.5 s per 200k events). Line 1 decides which for the whole file.
#
# We run as root; initdb refuses root, so the instance's own programs run as the postgres system user, which must be
# able to enter DIR (a mktemp -d directory is 0700: start adds o+x to it, nothing more). Files: DIR/pg (data
# directory), DIR/pg.run (socket, server log), DIR/pg.port, DIR/pg.bench (pgbench logs, emptied per run).
# Knobs (environment): QINGLING_PEER_STREAMS (4) streams shared in contended mode, QINGLING_PEER_JOBS (4) most
# pgbench threads, QINGLING_PEER_PG_BIN (/usr/lib/postgresql/15/bin), QINGLING_PEER_KEEP_LOGS (keep DIR/pg.bench).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
pgbin=${QINGLING_PEER_PG_BIN:-/usr/lib/postgresql/15/bin}
# Clients reach the server over loopback TCP, as append_load reaches qinglingd; a unix socket would be faster.
host=127.0.0.1

die() {
  echo "peer.sh: $*" >&2
  exit 1
}
as_postgres() { runuser -u postgres -- "$@"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

# Paths of the instance under DIR; sets the globals the other functions use.
paths() {
  [ -n "${1:-}" ] || die "missing DIR"
  dir=$(cd "$1" 2>/dev/null && pwd) || die "no such directory: $1"
  data=$dir/pg
  run=$dir/pg.run
  port_file=$dir/pg.port
}

port() { cat "$port_file" 2>/dev/null || die "no instance started in $dir (no $port_file)"; }
# psql on database bench (or $db) as the superuser; quiet, stop at the first error, no ~/.psqlrc.
sql() {
  PGOPTIONS='-c client_min_messages=warning' \
    "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$(port)" -U postgres -d "${db:-bench}" "$@"
}
value() { sql -At -c "$1"; }
running() { [ -s "$data/postmaster.pid" ] && as_postgres "$pgbin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

# ---------------------------------------------------------------------------------------------------- start / stop

install_if_missing() {
  [ -x "$pgbin/initdb" ] && return
  echo "peer.sh: $pgbin/initdb missing, installing postgresql-15" >&2
  # Debian's postinst would otherwise create and start a cluster "main" on port 5432, which we never use.
  mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/qingling-bench.conf
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq postgresql-15; } >&2; then
    die "installing postgresql-15 failed"
  fi
  [ -x "$pgbin/initdb" ] || die "postgresql-15 installed but $pgbin/initdb is still missing"
}

# Durability stays as shipped and explicit (every commit waits for its WAL flush, default wal_sync_method, i.e.
# fdatasync on Linux); memory and checkpoint spacing are sized for a benchmark so no checkpoint lands inside a
# short run; logging only says what went wrong.
settings() {
  cat <<'EOF'

# --- qingling bench peer (tests/bench/peer/peer.sh) ---
listen_addresses = '127.0.0.1'
fsync = on
synchronous_commit = on
full_page_writes = on
shared_buffers = 1GB
max_connections = 300
wal_buffers = 16MB
max_wal_size = 8GB
checkpoint_timeout = 30min
log_min_messages = warning
log_checkpoints = off
log_connections = off
log_disconnections = off
EOF
}

init_cluster() {
  # The postgres user must reach DIR: mktemp -d makes it 0700.
  as_postgres test -x "$dir" || chmod o+x "$dir"
  as_postgres test -x "$dir" || die "user postgres cannot enter $dir (check its parent directories' permissions)"
  install -d -o postgres -g postgres -m 700 "$run"
  [ -s "$data/PG_VERSION" ] && return
  install -d -o postgres -g postgres -m 700 "$data"
  # trust: a throwaway instance listening on loopback and on a socket only root and postgres can reach.
  as_postgres "$pgbin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$run/initdb.log" 2>&1 ||
    die "initdb failed, see $run/initdb.log"
  settings >>"$data/postgresql.conf"
}

# A loopback port nobody listens on (connecting fails). Another process may take it before postgres does; the
# caller retries then.
free_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/$host/$p") 2>/dev/null || {
      echo "$p"
      return
    }
  done
  die "no free port found"
}

start_server() {
  local p
  for _ in 1 2 3; do
    p=$(free_port)
    if as_postgres "$pgbin/pg_ctl" -D "$data" -l "$run/postgres.log" -w -t 120 -o "-p $p -k '$run'" start \
      >/dev/null; then
      echo "$p" >"$port_file"
      return
    fi
  done
  die "postgres did not start, see $run/postgres.log"
}

create_database() {
  [ "$(db=postgres value "SELECT count(*) FROM pg_database WHERE datname = 'bench'")" = 1 ] ||
    db=postgres sql -c "CREATE DATABASE bench" || die "could not create database bench"
  sql -f "$here/schema.sql" || die "could not create the schema ($here/schema.sql)"
}

cmd_start() {
  paths "$@"
  local t0
  t0=$(now)
  install_if_missing
  init_cluster
  if ! running; then
    # A start that fails midway stops what it started (even half-started), so no instance outlives a failed call.
    trap 'stop_server; rm -f "$port_file"' EXIT
    start_server
  fi
  create_database
  trap - EXIT
  local version
  version=$(value 'SHOW server_version' | awk '{ print $1 }')
  echo "label=peer-start port=$(port) version=$version seconds=$(elapsed "$t0")"
}

stop_server() {
  [ -s "$data/postmaster.pid" ] || return 0
  local pm
  pm=$(head -1 "$data/postmaster.pid")
  as_postgres "$pgbin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
    as_postgres "$pgbin/pg_ctl" -D "$data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
  [ ! -e "$data/postmaster.pid" ] || die "postgres in $data did not stop (pid $pm)"
  # pg_ctl returns once postmaster.pid is gone, a moment before the postmaster itself has exited.
  for _ in $(seq 100); do
    alive "$pm" || return 0
    sleep 0.1
  done
  die "postgres in $data (pid $pm) still running after its shutdown"
}
# A process that exists and is not a zombie (an exited child its parent has yet to reap).
alive() {
  [ -r "/proc/$1/stat" ] && ! awk '{ sub(/.*\) /, "") } $1 == "Z" { z = 1 } END { exit !z }' "/proc/$1/stat" 2>/dev/null
}

cmd_stop() {
  paths "$@"
  stop_server
  rm -f "$port_file"
  echo "label=peer-stop stopped=yes"
}

# ------------------------------------------------------------------------------------------------------- workloads

# Empty both tables and restart positions, then checkpoint, so every run starts from the same state with no dirty
# pages of the previous one left to write during it.
reset_tables() {
  sql -c "TRUNCATE events, streams RESTART IDENTITY" -c "CHECKPOINT"
}

# Summarise pgbench's per-transaction logs (PostgreSQL 15 format: client transaction_no latency_us|failed|skipped
# script_no end_epoch_s end_us …): committed transactions, the span from the first start to the last end, and the
# latency percentiles read the way tests/bench/latency_summary.h reads them (sample at floor(p × (n − 1))).
summarise_logs() {
  local logs=$1
  cat "$logs"/tx.* | awk -v out="$logs/latencies" '
    $3 ~ /^[0-9]+$/ { end = $5 + $6 / 1e6; start = end - $3 / 1e6
                      if (n == 0 || start < first) first = start
                      if (end > last) last = end
                      print $3 > out; n++; next }
    { failed++ }
    END { printf "%d %.6f %d\n", n, last - first, failed }' >"$logs/summary"
  read -r events span failed <"$logs/summary"
  sort -n -o "$logs/latencies" "$logs/latencies" 2>/dev/null || : >"$logs/latencies"
  read -r p50 p99 p999 < <(awk -v n="$events" '
    function at(p) { return int(p * (n - 1)) + 1 }
    NR == at(0.5) { a = $1 } NR == at(0.99) { b = $1 } NR == at(0.999) { c = $1 }
    END { print a + 0, b + 0, c + 0 }' "$logs/latencies")
}

cmd_append() {
  paths "${1:-}"
  shift || true
  local clients="" seconds="" mode="" label=""
  while [ $# -gt 0 ]; do
    case $1 in
      --clients) clients=$2 ;;
      --seconds) seconds=$2 ;;
      --mode) mode=$2 ;;
      --label) label=$2 ;;
      *) die "append: unknown option $1" ;;
    esac
    shift 2
  done
  if [ -z "$clients" ] || [ -z "$seconds" ] || [ -z "$label" ]; then
    die "append: need --clients, --seconds and --label"
  fi
  local streams
  case $mode in
    distinct) streams=$clients ;; # client c appends to stream c % clients = c: one stream each
    contended) streams=${QINGLING_PEER_STREAMS:-4} ;;
    *) die "append: --mode distinct|contended" ;;
  esac
  local jobs=${QINGLING_PEER_JOBS:-4}
  [ "$clients" -lt "$jobs" ] && jobs=$clients

  reset_tables
  local logs=$dir/pg.bench rc=0
  rm -rf "$logs" && mkdir -p "$logs"
  # -n: no vacuum of pgbench's own tables (we have none); -M prepared: parsed and planned once per connection.
  # pgbench exits 2 when a client aborted on an error (counted below), 1 when it could not run at all.
  (cd "$logs" && "$pgbin/pgbench" -n -h "$host" -p "$(port)" -U postgres -M prepared -c "$clients" -j "$jobs" \
    -T "$seconds" -D streams="$streams" -f "$here/append.sql" --log --log-prefix="$logs/tx" bench) \
    >"$logs/out" 2>"$logs/err" || rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 2 ] || die "append: pgbench failed (exit $rc): $(head -5 "$logs/err")"

  local events span failed p50 p99 p999 aborted
  summarise_logs "$logs"
  # A failed transaction is logged as such; a client that hit any other error stops there (one error each).
  aborted=$(grep -c 'aborted in command' "$logs/err" || true)
  awk -v l="$label" -v e="$events" -v s="$span" -v a="$p50" -v b="$p99" -v c="$p999" -v err=$((failed + aborted)) \
    -v cl="$clients" -v st="$streams" -v m="$mode" 'BEGIN {
    printf "label=%s events=%d seconds=%.2f events_per_s=%d p50_us=%d p99_us=%d p999_us=%d errors=%d", l, e, s,
      (s > 0 ? e / s : 0), a, b, c, err
    printf " clients=%d mode=%s streams=%d\n", cl, m, st }'
  [ -n "${QINGLING_PEER_KEEP_LOGS:-}" ] || rm -rf "$logs"
}

cmd_copy_in() {
  paths "${1:-}"
  local file=${2:-} label=""
  [ -r "$file" ] || die "copy-in: cannot read FILE '$file'"
  [ "${3:-}" = --label ] && label=${4:-}
  local load=$file
  if epoch_ms "$file"; then
    load=$dir/pg.copy-in.tsv
    # shellcheck disable=SC2064 # expanded now on purpose: $load is local, gone when the EXIT trap runs
    trap "rm -f $(printf %q "$load")" EXIT
    as_iso "$file" >"$load"
  fi
  reset_tables
  # Timed: one transaction that loads without indexes and builds each once afterwards (the usual bulk-load
  # practice: as large as 200k events it is no slower than keeping them, and the (stream_id, version) index, filled
  # row by row in stream-interleaved order, gets slower once it outgrows memory), ending with the constraints
  # schema.sql declares and the identity moved past the loaded positions. The commit waits for its WAL flush.
  local t0 seconds
  t0=$(now)
  sql -1 -f - 3<"$load" <<'EOF'
SET maintenance_work_mem = '1GB';
ALTER TABLE events DROP CONSTRAINT events_pkey, DROP CONSTRAINT events_stream_version;
\copy events (position, stream_id, version, type, data, recorded_at) FROM '/dev/fd/3'
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (position),
                   ADD CONSTRAINT events_stream_version UNIQUE (stream_id, version);
SELECT setval(pg_get_serial_sequence('events', 'position'), max(position)) FROM events \g /dev/null
EOF
  seconds=$(elapsed "$t0")
  # Untimed: the streams table the appends keep (qingling has no such table; its stream index is the unique one).
  sql -c "INSERT INTO streams SELECT stream_id, max(version) FROM events GROUP BY stream_id"
  local events
  events=$(value "SELECT count(*) FROM events")
  awk -v l="${label:-peer-copy-in-$events}" -v e="$events" -v s="$seconds" -v b="$(stat -c %s "$file")" 'BEGIN {
    printf "label=%s events=%d seconds=%.2f events_per_s=%d bytes=%.0f\n", l, e, s, e / s, b }'
}

# Whether recorded_at (column 6) holds epoch milliseconds, judged by line 1.
epoch_ms() { head -1 "$1" | awk -F '\t' '$6 !~ /^[0-9]+$/ { exit 1 }'; }
# The events of FILE with epoch milliseconds turned into ISO times (UTC), which COPY reads into timestamptz.
as_iso() {
  awk 'BEGIN { FS = OFS = "\t" }
    { ms = $6; $6 = strftime("%Y-%m-%d %H:%M:%S", int(ms / 1000), 1) sprintf(".%03d+00", ms % 1000) } 1' "$1"
}

# The whole table to the client in storage order, every byte through psql, thrown away after counting.
copy_out() { "$pgbin/psql" -X -q -h "$host" -p "$(port)" -U postgres -d bench -c "COPY events TO STDOUT" | wc -c; }

cmd_copy_out() {
  paths "${1:-}"
  if [ "${2:-}" != --label ] || [ -z "${3:-}" ]; then die "copy-out: need --label L"; fi
  local label=$3
  # Untimed preparation: set hint bits and statistics, write dirty pages, then read the table once so the timed
  # pass reads from shared buffers and the page cache, not the device.
  sql -c "VACUUM ANALYZE events" -c "CHECKPOINT"
  copy_out >/dev/null
  local t0 bytes seconds events
  t0=$(now)
  bytes=$(copy_out)
  seconds=$(elapsed "$t0")
  events=$(value "SELECT count(*) FROM events")
  awk -v l="$label" -v e="$events" -v s="$seconds" -v b="$bytes" 'BEGIN {
    printf "label=%s events=%d seconds=%.3f events_per_s=%d bytes=%.0f\n", l, e, s, (s > 0 ? e / s : 0), b }'
}

# VmRSS summed over the postmaster and its children. Pages of shared_buffers count once in every process that
# touched them, so rss_kib overstates; pss_kib (proportional set size) shares them out and sums to the true total.
cmd_rss() {
  paths "$@"
  running || die "rss: no instance running in $data"
  local pm pid rss=0 pss=0 count=0
  pm=$(head -1 "$data/postmaster.pid")
  # The parent pid is the 2nd field after the command name, which ends at the last ")" and may hold spaces.
  for pid in $pm $(cat /proc/[0-9]*/stat 2>/dev/null |
    awk -v pm="$pm" '{ pid = $1; sub(/.*\) /, "") } $2 == pm { print pid }'); do
    rss=$((rss + $(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)))
    pss=$((pss + $(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)))
    count=$((count + 1))
  done
  echo "label=peer-rss rss_kib=$rss pss_kib=$pss processes=$count"
}

case ${1:-} in
  start | stop | append | rss)
    c=$1
    shift
    "cmd_$c" "$@"
    ;;
  copy-in)
    shift
    cmd_copy_in "$@"
    ;;
  copy-out)
    shift
    cmd_copy_out "$@"
    ;;
  *) die "usage: peer.sh start|stop|append|copy-in|copy-out|rss DIR … (see the top of this file)" ;;
esac
