-- SPDX-License-Identifier: Apache-2.0
-- The walking graph and the 15-minute multi-source search in PostGIS + pgRouting,
-- rebuilt from the roads layer (not taken from siting) so that the comparison
-- also checks siting's graph: the same walk filter, vertices keyed by exact
-- coordinates, each line split at every vertex. Facilities snap to the nearest
-- point of the nearest segment and seed both ends of it through a virtual vertex
-- (connector + the walk along the segment). pgr_drivingDistance runs per start
-- with equicost := false and each vertex keeps its minimum (see equicost.sql).
--
-- Input tables roads(highway, geom) and facilities(fid, id, geom), loaded by
-- ogr2ogr; psql variables: budget (metres), out (CSV path), per_start (1 to also
-- time a loop of single-start calls on edges near each facility).
\timing on
\set ON_ERROR_STOP 1

\echo '-- graph: segments, vertices by exact coordinates, edges'
DROP TABLE IF EXISTS seg, vert, edge, fsnap, vedge, dd, dd_loop;
CREATE TABLE seg AS
SELECT ST_X(ST_StartPoint(s.geom)) AS x1, ST_Y(ST_StartPoint(s.geom)) AS y1,
       ST_X(ST_EndPoint(s.geom)) AS x2, ST_Y(ST_EndPoint(s.geom)) AS y2
FROM (SELECT (ST_DumpSegments(ST_Force2D(geom))).geom AS geom
      FROM roads
      WHERE highway IS NOT NULL AND highway <> '' AND highway NOT IN
            ('motorway', 'motorway_link', 'trunk', 'trunk_link', 'construction', 'proposed', 'abandoned',
             'raceway', 'bus_guideway', 'busway')) s;
CREATE TABLE vert AS
SELECT row_number() OVER (ORDER BY x, y) AS id, x, y
FROM (SELECT x1 AS x, y1 AS y FROM seg UNION SELECT x2, y2 FROM seg) p;
CREATE UNIQUE INDEX vert_xy ON vert (x, y);
CREATE TABLE edge AS
SELECT row_number() OVER () AS id, a.id AS source, b.id AS target,
       sqrt((s.x2 - s.x1) ^ 2 + (s.y2 - s.y1) ^ 2) AS cost,
       ST_SetSRID(ST_MakeLine(ST_MakePoint(s.x1, s.y1), ST_MakePoint(s.x2, s.y2)), 4547) AS geom
FROM seg s
JOIN vert a ON a.x = s.x1 AND a.y = s.y1
JOIN vert b ON b.x = s.x2 AND b.y = s.y2
WHERE a.id <> b.id;
CREATE INDEX edge_geom ON edge USING gist (geom);
ANALYZE edge;
SELECT (SELECT count(*) FROM vert) AS vertices, (SELECT count(*) FROM edge) AS edges;

\echo '-- facilities onto the nearest segment, virtual start vertices'
CREATE TABLE fsnap AS
SELECT f.fid, f.id AS facility_id, 1000000000000 + f.fid AS vid, e.id AS edge, e.source, e.target, e.cost,
       ST_Distance(f.geom, e.geom) AS conn, ST_LineLocatePoint(e.geom, f.geom) AS frac, f.geom
FROM facilities f
CROSS JOIN LATERAL (SELECT * FROM edge ORDER BY edge.geom <-> ST_SetSRID(f.geom, 4547) LIMIT 1) e
WHERE ST_Distance(f.geom, e.geom) <= 100;
CREATE TABLE vedge AS
SELECT 2000000000000 + 2 * fid AS id, vid AS source, source AS target, conn + frac * cost AS cost FROM fsnap
UNION ALL
SELECT 2000000000001 + 2 * fid, vid, target, conn + (1 - frac) * cost FROM fsnap;

\echo '-- pgr_drivingDistance, all starts in one call, equicost := false; minimum per vertex'
CREATE TABLE dd AS
SELECT DISTINCT ON (node) node, from_v, agg_cost
FROM pgr_drivingDistance(
  'SELECT id, source, target, cost FROM edge UNION ALL SELECT id, source, target, cost FROM vedge',
  (SELECT array_agg(vid ORDER BY vid) FROM fsnap), :budget, directed := false, equicost := false)
WHERE node < 1000000000000
ORDER BY node, agg_cost, from_v;
SELECT count(*) AS reached FROM dd;

\if :per_start
\echo '-- the same one start at a time, each on the edges within the budget of its facility'
CREATE TABLE dd_loop (node bigint, from_v bigint, agg_cost float8);
SET bench.budget = :budget;
DO $$
DECLARE f record;
BEGIN
  FOR f IN SELECT * FROM fsnap ORDER BY vid LOOP
    INSERT INTO dd_loop
    SELECT node, f.vid, agg_cost
    FROM pgr_drivingDistance(
      format('SELECT id, source, target, cost FROM edge WHERE geom && ST_Expand(%L::geometry, %s) '
             'UNION ALL SELECT id, source, target, cost FROM vedge WHERE source = %s',
             f.geom, current_setting('bench.budget')::float8 + f.conn + 1, f.vid),
      f.vid, current_setting('bench.budget')::float8, directed := false)
    WHERE node < 1000000000000;
  END LOOP;
END $$;
SELECT count(*) AS loop_rows, count(DISTINCT node) AS loop_reached FROM dd_loop;
SELECT count(*) AS loop_vs_one_call_differences
FROM (SELECT DISTINCT ON (node) node, from_v, agg_cost FROM dd_loop ORDER BY node, agg_cost, from_v) l
FULL JOIN dd USING (node)
WHERE l.agg_cost IS DISTINCT FROM dd.agg_cost;
\endif

\echo '-- results'
\timing off
CREATE TEMP VIEW result AS
SELECT v.x, v.y, dd.agg_cost AS distance_m, f.facility_id
FROM dd JOIN vert v ON v.id = dd.node JOIN fsnap f ON f.vid = dd.from_v;
\pset format csv
\o :out
SELECT * FROM result ORDER BY x, y;
\o
