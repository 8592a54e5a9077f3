#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# PostGIS in and out: starts a throwaway PostgreSQL 15 + PostGIS cluster in a
# temporary folder, loads the hand-worked check fixture into it, and runs siting
# check on PG: connection strings: every output table must equal the GeoJSON
# run's. Then --out-db: the tables written into the database equal the CSV files
# (values) and siting.gpkg (areas); an existing table is refused without
# --overwrite and replaced with it; a failure part-way leaves no table behind.
# Usage: run.sh SITING_EXE SOURCE_DIR
# Exit 77 (CTest: skipped) without PostgreSQL/PostGIS, unless CI=true (then 1).
set -euo pipefail
siting=$1
src=$2
# Debian's python3 (osgeo from python3-gdal), not a pyenv or venv one.
py=/usr/bin/python3
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

# --out-db: every output table in the schema "results", as in the files.
set +e
"$siting" check --parcels "$fixture/estates.geojson" --facilities "$fixture/facilities.geojson" \
  --zones "$fixture/zones.geojson" --out "$out/db" --gpkg --out-db "$pg" --out-schema results -q >/dev/null
code=$?
set -e
if [ "$code" != 0 ]; then echo "--out-db: exit $code"; exit 1; fi
tables=$(psql -d plan -At -c "SELECT string_agg(tablename, ' ' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'results'")
if [ "$tables" = "estates facilities indicators unassigned_facilities zones" ]; then
  echo "--out-db: tables $tables"
else
  echo "--out-db: expected 5 tables in results, got '$tables'"
  status=1
fi
# Each table's columns, rows in fid order, against its CSV: numbers compared as numbers
# (PostgreSQL prints 12.5 where the CSV has 12.50), text as text.
for t in estates facilities indicators unassigned_facilities zones; do
  cols=$(head -1 "$out/db/$t.csv" | sed 's/^\xEF\xBB\xBF//')
  quoted=$(echo "$cols" | tr ',' '\n' | sed 's/.*/"&"/' | paste -sd,)
  psql -d plan -c "\\copy (SELECT $quoted FROM results.$t ORDER BY fid) TO '$work/$t.db.csv' CSV HEADER"
  if "$py" - "$out/db/$t.csv" "$work/$t.db.csv" <<'PY'
import csv, sys
a = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
b = list(csv.reader(open(sys.argv[2], encoding="utf-8")))
def same(x, y):
    if x == y: return True
    if {x, y} <= {"true", "t", "1", "false", "f", "0"}: return (x in ("true", "t", "1")) == (y in ("true", "t", "1"))
    try: return abs(float(x) - float(y)) <= 1e-9 * max(1.0, abs(float(x)))
    except ValueError: return False
ok = len(a) == len(b) and a[0] == b[0] and all(len(r) == len(s) and all(same(x, y) for x, y in zip(r, s)) for r, s in zip(a[1:], b[1:]))
sys.exit(0 if ok else 1)
PY
  then
    echo "--out-db: results.$t equals $t.csv ($(($(wc -l < "$out/db/$t.csv") - 1)) rows)"
  else
    echo "--out-db: results.$t differs from $t.csv"; diff "$out/db/$t.csv" "$work/$t.db.csv" || true
    status=1
  fi
done
# Geometry: the zones' areas in the database against siting.gpkg (both in the working CRS).
db_area=$(psql -d plan -At -c "SELECT round(sum(ST_Area(geom))::numeric, 1) FROM results.zones")
gpkg_area=$(ogrinfo -q -dialect SQLite -sql "SELECT round(sum(ST_Area(geom)), 1) AS a FROM zones" "$out/db/siting.gpkg" \
  | sed -n 's/.*a (Real) = //p')
if [ -n "$db_area" ] && "$py" -c "import sys; sys.exit(abs(float(sys.argv[1]) - float(sys.argv[2])) > 0.05)" "$db_area" "$gpkg_area"; then
  echo "--out-db: zone area $db_area m2 as in siting.gpkg"
else
  echo "--out-db: zone area '$db_area' in the database, '$gpkg_area' in siting.gpkg"
  status=1
fi

# The geometry column carries the working CRS (EPSG:4547 for the fixture).
srid=$(psql -d plan -At -c "SELECT Find_SRID('results', 'zones', 'geom')")
if [ "$srid" = 4547 ]; then echo "--out-db: SRID 4547"; else echo "--out-db: SRID $srid, expected 4547"; status=1; fi

# Again without --overwrite: refused before any work (E402, exit 16); the new --out is not made.
set +e
msg=$("$siting" check --parcels "$fixture/estates.geojson" --facilities "$fixture/facilities.geojson" \
  --zones "$fixture/zones.geojson" --out "$out/db2" --out-db "$pg" --out-schema results 2>&1 >/dev/null)
code=$?
set -e
if [ "$code" = 16 ] && [[ "$msg" == *"E402"*"already has results.estates"*"--overwrite"* ]] && [ ! -e "$out/db2" ]; then
  echo "existing tables: exit 16, E402, no output"
else
  echo "existing tables: expected exit 16 and E402, got $code: $msg"
  status=1
fi

# With --overwrite: replaced (a stricter rule fails more estates).
before=$(psql -d plan -At -c "SELECT count(*) FROM results.estates WHERE verdict = 'fail'")
"$siting" check --parcels "$fixture/estates.geojson" --facilities "$fixture/facilities.geojson" \
  --zones "$fixture/zones.geojson" --out "$out/db3" --out-db "$pg" --out-schema results --overwrite \
  --set estate.new.floor_m2_per_100_households=1000 -q >/dev/null
after=$(psql -d plan -At -c "SELECT count(*) FROM results.estates WHERE verdict = 'fail'")
expected=$("$py" -c "import csv,sys; print(sum(r['verdict'] == 'fail' for r in csv.DictReader(open(sys.argv[1]))))" "$out/db3/estates.csv")
if [ "$after" = "$expected" ] && [ "$after" != "$before" ]; then
  echo "--overwrite: replaced ($before, then $after estates failing)"
else
  echo "--overwrite: expected $expected failing estates (was $before), got $after"
  status=1
fi

# A failure part-way: "zones" in schema partial is a view, which the writer cannot
# replace; the tables written before it are rolled back and --out is not made.
psql -d plan -c "CREATE SCHEMA partial" -c "CREATE VIEW partial.zones AS SELECT 1 AS x"
set +e
msg=$("$siting" check --parcels "$fixture/estates.geojson" --facilities "$fixture/facilities.geojson" \
  --zones "$fixture/zones.geojson" --out "$out/db4" --out-db "$pg" --out-schema partial --overwrite -q 2>&1 >/dev/null)
code=$?
set -e
left=$(psql -d plan -At -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'partial'")
if [ "$code" = 14 ] && [[ "$msg" == *"E401"* ]] && [ "$left" = 0 ] && [ ! -e "$out/db4" ]; then
  echo "failure part-way: exit 14, E401, no table and no output left: $msg"
else
  echo "failure part-way: expected exit 14, E401 and nothing left; got $code, $left tables: $msg"
  status=1
fi

# coverage, site and access on the sample: each writes its tables (polygons,
# points, no geometry) into a schema of its own; rows as in the CSV and GeoJSON files.
sample="$src/geodata/sample"
layers=(--parcels "$sample/estates.geojson" --facilities "$sample/facilities.geojson" --roads "$sample/roads.geojson")
"$siting" coverage "${layers[@]}" --zones "$sample/zones.geojson" --out "$out/cov" --out-db "$pg" --out-schema cov -q >/dev/null
"$siting" site "${layers[@]}" --candidate-spacing 200 --out "$out/site" --out-db "$pg" --out-schema site -q >/dev/null
"$siting" access "${layers[@]}" --out "$out/access" --out-db "$pg" --out-schema access -q >/dev/null
for dir in cov site access; do
  for f in "$out/$dir"/*.csv "$out/$dir"/*.geojson; do
    t=$(basename "${f%.*}")
    # A table written as both CSV and GeoJSON is counted once, from its CSV.
    if [[ "$f" == *.geojson ]] && [ -f "$out/$dir/$t.csv" ]; then continue; fi
    if [[ "$f" == *.csv ]]; then
      rows=$("$py" -c "import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding='utf-8'))))" "$f")
    else
      rows=$("$py" -c "import json,sys; print(len(json.load(open(sys.argv[1]))['features']))" "$f")
    fi
    n=$(psql -d plan -At -c "SELECT count(*) FROM $dir.$t" 2>&1) || true
    if [ "$n" = "$rows" ]; then
      echo "--out-db $dir: $dir.$t has the $rows rows of $(basename "$f")"
    else
      echo "--out-db $dir: $dir.$t has '$n' rows, $(basename "$f") $rows"
      status=1
    fi
  done
done
# The gap polygons' area: in the database (working CRS) as in gaps.geojson (WGS 84,
# projected back by GDAL), within 0.1 % (GeoJSON keeps 7 decimals of a degree).
db_gap=$(psql -d plan -At -c "SELECT sum(ST_Area(geom)) FROM cov.gaps")
file_gap=$("$py" -c "
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayer(0)
from osgeo import osr
tgt = osr.SpatialReference(); tgt.ImportFromEPSG(int(sys.argv[2])); tgt.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
src = lyr.GetSpatialRef(); src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
ct = osr.CoordinateTransformation(src, tgt); a = 0.0
for f in lyr:
    g = f.GetGeometryRef().Clone(); g.Transform(ct); a += g.GetArea()
print(a)" "$out/cov/gaps.geojson" "$(psql -d plan -At -c "SELECT ST_SRID(geom) FROM cov.gaps LIMIT 1")")
if "$py" -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(not (a > 0 and abs(a - b) <= 1e-3 * a))" "$db_gap" "$file_gap"; then
  echo "--out-db cov: gap area $db_gap m2 in the database, $file_gap m2 in gaps.geojson"
else
  echo "--out-db cov: gap area $db_gap m2 in the database, but $file_gap m2 in gaps.geojson"
  status=1
fi
exit $status
