-- SPDX-License-Identifier: Apache-2.0
-- pgRouting 3.4's pgr_drivingDistance(..., equicost := true) can give a vertex to
-- a farther start. Five undirected edges, two facilities at vertices 1 and 2:
--
--        1 ---9--- 2
--        |         |
--        7         1
--        |         |
--        4 ---5--- 5 ---2--- 3
--
-- Vertex 4 is 7 from facility 1 (the direct edge) but 6 from facility 2 (2-5-4).
-- equicost := true answers "facility 1, 7"; running each start with
-- equicost := false and keeping each vertex's minimum answers "facility 2, 6".
-- (Found by a random search over 5-edge graphs with integer costs, two starts on
-- the graph and no parallel edges.)
DROP TABLE IF EXISTS equicost_demo;
CREATE TABLE equicost_demo (id bigint, source bigint, target bigint, cost float8);
INSERT INTO equicost_demo VALUES (1, 5, 2, 1), (2, 5, 3, 2), (3, 5, 4, 5), (4, 1, 4, 7), (5, 1, 2, 9);

\echo 'equicost := true'
SELECT from_v AS facility, node, agg_cost
FROM pgr_drivingDistance('SELECT id, source, target, cost FROM equicost_demo', ARRAY[1, 2], 100,
                         directed := false, equicost := true)
ORDER BY node;

\echo 'per start (equicost := false), minimum per vertex'
SELECT DISTINCT ON (node) from_v AS facility, node, agg_cost
FROM pgr_drivingDistance('SELECT id, source, target, cost FROM equicost_demo', ARRAY[1, 2], 100,
                         directed := false, equicost := false)
ORDER BY node, agg_cost, from_v;
