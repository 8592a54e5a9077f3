#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# PostGIS input: starts a throwaway PostgreSQL 15 + PostGIS cluster in a temporary
# folder, loads the hand-worked check fixture into it, and runs siting check on
# PG: connection strings. Every output table must equal the GeoJSON run's.
# Usage: run.sh SITING_EXE SOURCE_DIR
# Exit 77 (CTest: skipped) without PostgreSQL/PostGIS, unless CI=true (then 1).
set -euo pipefail
siting=$1
src=$2
pgbin=/usr/lib/postgresql/15/bin
if [ ! -x "$pgbin/initdb" ] || [ ! -f /usr/share/postgresql/15/extension/postgis.control ]; then
  if [ "${CI:-}" = true ]; then
    echo "FAIL: CI=true but PostgreSQL 15 with PostGIS is not installed (scripts/install-deps.sh installs it)"
    exit 1
  fi
  echo "SKIPPED: PostgreSQL 15 with PostGIS is not installed: the PostGIS input test did NOT run"
  exit 77
fi

work=$(mktemp -d)
# PostgreSQL refuses to run as root: then the cluster belongs to the postgres user.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$work"
chmod 755 "$work"
stop() {
  as_pg "$pgbin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT

as_pg "$pgbin/initdb" -D "$work/data" -A trust -U siting >/dev/null
port=$((54000 + $$ % 1000))
as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/pg.log" -w \
  -o "-p $port -k $work -c listen_addresses=''" start >/dev/null
psql() { "$pgbin/psql" -X -q -h "$work" -p "$port" -U siting "$@"; }
psql -d postgres -c "CREATE DATABASE plan"
psql -d plan -c "CREATE EXTENSION postgis"

pg="PG:host=$work port=$port user=siting dbname=plan"
fixture="$src/tests/fixtures/check"
for layer in estates facilities zones; do
  ogr2ogr -f PostgreSQL "$pg" "$fixture/$layer.geojson" -nln "$layer" -lco GEOMETRY_NAME=geom
done

out="$work/out"
mkdir -p "$out"
"$siting" check --parcels "$fixture/estates.geojson" --facilities "$fixture/facilities.geojson" \
  --zones "$fixture/zones.geojson" --out "$out/geojson" -q >/dev/null
# The dataset and the layer are named apart: a connection string has colons.
"$siting" check --parcels "$pg" --parcels-layer estates --facilities "$pg" --facilities-layer facilities \
  --zones "$pg" --zones-layer zones --out "$out/postgis" -q >/dev/null

status=0
for f in estates.csv zones.csv facilities.csv unassigned_facilities.csv; do
  if cmp -s "$out/geojson/$f" "$out/postgis/$f"; then
    echo "same: $f ($(($(wc -l < "$out/postgis/$f") - 1)) rows)"
  else
    echo "DIFFERENT: $f"
    diff "$out/geojson/$f" "$out/postgis/$f" || true
    status=1
  fi
done

# A layer that is not there: the error names the connection and the layer.
set +e
msg=$("$siting" check --parcels "$pg" --parcels-layer nope --facilities "$pg" --facilities-layer facilities \
  --out "$out/bad" 2>&1 >/dev/null)
code=$?
set -e
if [ "$code" = 4 ] && [[ "$msg" == *"E102: $pg, layer nope: no such layer"* ]]; then
  echo "unknown layer: exit 4, E102"
else
  echo "unknown layer: expected exit 4 and E102, got $code: $msg"
  status=1
fi
exit $status
