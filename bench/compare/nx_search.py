# SPDX-License-Identifier: Apache-2.0
"""The walking graph and the multi-source search with networkx, independently of
siting: GDAL (osgeo) reads the roads and facilities, the graph is keyed by exact
coordinates (each line split at every vertex, the shorter of duplicate segments
kept), each facility snaps to the nearest point of the nearest segment (numpy)
and seeds both segment ends (connector + the walk along the segment) through a
virtual vertex; one Dijkstra from a super source over them, cut off at the budget.

    /usr/bin/python3 bench/compare/nx_search.py CITY.gpkg OUT.csv [--budget 900] [--json TIMES.json]

Writes x, y, distance_m, facility_id for every vertex within the budget.
"""
import argparse
import json
import math
import time

import networkx as nx
import numpy as np
from osgeo import ogr

EXCLUDED = {"motorway", "motorway_link", "trunk", "trunk_link", "construction", "proposed", "abandoned",
            "raceway", "bus_guideway", "busway"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("city")
    ap.add_argument("out")
    ap.add_argument("--budget", type=float, default=900.0)
    ap.add_argument("--max-snap", type=float, default=100.0)
    ap.add_argument("--json")
    a = ap.parse_args()
    times = {}

    t0 = time.perf_counter()
    ds = ogr.Open(a.city)
    segs = []  # (x1, y1, x2, y2)
    layer = ds.GetLayerByName("roads")
    hi = layer.GetLayerDefn().GetFieldIndex("highway")
    for f in layer:
        h = f.GetFieldAsString(hi) if hi >= 0 else "road"
        if not h or h in EXCLUDED:
            continue
        g = f.GetGeometryRef()
        parts = [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())] if g.GetGeometryCount() else [g]
        for p in parts:
            pts = p.GetPoints()
            for (x1, y1, *_), (x2, y2, *_) in zip(pts, pts[1:]):
                segs.append((x1, y1, x2, y2))
    facilities = []
    fl = ds.GetLayerByName("facilities")
    fi = fl.GetLayerDefn().GetFieldIndex("id")
    for f in fl:
        p = f.GetGeometryRef()
        facilities.append((f.GetFieldAsString(fi), p.GetX(), p.GetY()))
    times["read_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    G = nx.Graph()
    for x1, y1, x2, y2 in segs:
        u, v = (x1, y1), (x2, y2)
        if u == v:
            continue
        w = math.hypot(x2 - x1, y2 - y1)
        if G.has_edge(u, v) and G[u][v]["weight"] <= w:
            continue
        G.add_edge(u, v, weight=w)
    times["graph_s"] = time.perf_counter() - t0
    times["vertices"] = G.number_of_nodes()
    times["edges"] = G.number_of_edges()

    # Snap: nearest point on any segment (vectorised over all segments per facility).
    t0 = time.perf_counter()
    arr = np.array(segs, dtype=float)
    ax, ay, bx, by = arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3]
    dx, dy = bx - ax, by - ay
    len2 = dx * dx + dy * dy
    safe = np.where(len2 > 0, len2, 1.0)
    seeds = []
    for k, (fid, fx, fy) in enumerate(facilities):
        t = np.clip(((fx - ax) * dx + (fy - ay) * dy) / safe, 0.0, 1.0)
        t = np.where(len2 > 0, t, 0.0)
        px, py = ax + t * dx, ay + t * dy
        d = np.hypot(px - fx, py - fy)
        i = int(np.argmin(d))
        if d[i] > a.max_snap:
            continue
        L = math.sqrt(len2[i])
        along = t[i] * L
        u, v = (ax[i], ay[i]), (bx[i], by[i])
        seeds.append((k, fid, u, float(d[i]) + along))
        seeds.append((k, fid, v, float(d[i]) + (L - along)))
    times["snap_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    src = ("source",)
    for k, fid, node, w in seeds:
        G.add_edge(src, ("facility", k), weight=0.0)
        if G.has_edge(("facility", k), node):
            w = min(w, G[("facility", k)][node]["weight"])
        G.add_edge(("facility", k), node, weight=w)
    pred, dist = nx.dijkstra_predecessor_and_distance(G, src, cutoff=a.budget, weight="weight")
    times["search_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    names = {k: fid for k, fid, _, _ in seeds}
    label = {}

    def owner(n):
        path = []
        while n not in label:
            p = pred[n][0]
            if p == src:
                label[n] = names[n[1]]
                break
            path.append(n)
            n = p
        for q in path:
            label[q] = label[n]
        return label[n]

    rows = 0
    with open(a.out, "w") as out:
        out.write("x,y,distance_m,facility_id\n")
        for n, d in sorted((n, d) for n, d in dist.items() if len(n) == 2 and not isinstance(n[0], str)):
            out.write("%.3f,%.3f,%.6f,%s\n" % (n[0], n[1], d, owner(n)))
            rows += 1
    times["labels_write_s"] = time.perf_counter() - t0
    times["reached"] = rows
    print(json.dumps(times))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(times, f, indent=2)


if __name__ == "__main__":
    main()
