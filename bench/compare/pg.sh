#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A private PostgreSQL 15 cluster for the comparisons (PostGIS + pgRouting), in a
# scratch folder, on its own port and socket, with trust authentication for local
# connections only. Root cannot run postgres: the server runs as user postgres.
#
#   bench/compare/pg.sh start DIR    # initdb if needed, start; prints the connection string
#   bench/compare/pg.sh stop DIR
#
# Connect with: psql -h DIR/sock -p ${PGPORT:-54329} -U postgres bench
set -euo pipefail
cmd=${1:?start or stop}
dir=$(mkdir -p "${2:?scratch folder}" && cd "$2" && pwd)
port=${PGPORT:-54329}
bin=/usr/lib/postgresql/15/bin
as_pg=()
if [[ $(id -u) == 0 ]]; then as_pg=(runuser -u postgres --); fi

case $cmd in
  start)
    mkdir -p "$dir/sock"
    if [[ $(id -u) == 0 ]]; then chown postgres:postgres "$dir" "$dir/sock"; fi
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      "${as_pg[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C >/dev/null
      cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
port = $port
unix_socket_directories = '$dir/sock'
shared_buffers = 1GB
work_mem = 256MB
maintenance_work_mem = 1GB
max_wal_size = 4GB
fsync = off
synchronous_commit = off
full_page_writes = off
max_parallel_workers_per_gather = 2
CONF
    fi
    if ! "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null
    fi
    psql=(psql -h "$dir/sock" -p "$port" -U postgres -v ON_ERROR_STOP=1 -q)
    if ! "${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'bench'" | grep -q 1; then
      "${psql[@]}" -d postgres -c "CREATE DATABASE bench"
    fi
    "${psql[@]}" -d bench -c "CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS pgrouting;"
    echo "host=$dir/sock port=$port user=postgres dbname=bench"
    ;;
  stop)
    "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
