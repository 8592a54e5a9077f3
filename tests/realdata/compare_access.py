#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Independent check of `siting access` (2SFCA / E2SFCA) against networkx.

On one real network of ../shared/geodata (Futian's walk_network.geojson by
default), this script

  1. builds the walking graph and picks the facilities exactly as
     compare_networkx.py does (imported from it: the same walk filter,
     projection, graph and brute-force snapping), and gives them varied floor
     areas;
  2. synthesises parcels deterministically: small triangles (about 6 m a side,
     turned by a varying angle) 12-40 m beside a point a third of the way
     along every k-th line, kept only where no street meets them and the
     nearest point of the network is unambiguous (every way in within 0.1 m of
     the nearest leads to the same network point, and no side runs parallel to
     a street), plus one parcel 1 km outside the network (no access);
  3. runs `siting access --speed 1 --minutes 15` with --decay none, gaussian
     and steps (5:1,10:0.68,15:0.22);
  4. recomputes every parcel-facility walk with networkx (Dijkstra from each
     facility, cut at 900 m; a parcel's walk is the best way to its nearest
     network point plus its connector), then 2SFCA / E2SFCA in plain Python,
     and compares every facility's demand in its catchment and ratio and every
     parcel's accessibility (relative 1e-9), and which ratios are undefined.

Usage: compare_access.py SITING_EXE [GEODATA_DIR] [--only NAME ...] [--keep DIR]

Exit codes: 0 agreement; 1 a disagreement, a siting failure, or (under CI=true)
missing real data; 77 real data missing outside CI (CTest: Skipped).
Always run with Debian's /usr/bin/python3 (python3-gdal, python3-networkx).
"""

import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_networkx as cnx  # noqa: E402  (the graph, snapping and facilities of the networkx check)

SKIP = cnx.SKIP
BUDGET = cnx.BUDGET            # 900 m at 1 m/s: the catchment d0 in seconds
REL_TOL = 1e-9                 # relative, on demands, ratios and accessibility
EDGE_TOL = 1e-6                # s: a walk this close to the catchment or a band bound may fall either side
UNAMBIGUOUS = 0.1              # m: ways in within this of the nearest must all lead to one network point
STEPS = [(300.0, 1.0), (600.0, 0.68), (900.0, 0.22)]
N_PARCELS = 400

NETWORKS = {n[0]: n for n in cnx.NETWORKS}
DEFAULT = ["futian"]


def log(*a):
    print(*a, flush=True)


# ---------------------------------------------------------------- decay

def weight(decay, t):
    if t > BUDGET:
        return 0.0
    if decay == "none":
        return 1.0
    if decay == "steps":
        for upper, w in STEPS:
            if t <= upper:
                return w
        return 0.0
    e = math.exp(-0.5)
    return (math.exp(-0.5 * (t / BUDGET) ** 2) - e) / (1.0 - e)


# ---------------------------------------------------------------- parcels

def point_segments(px, py, ax, ay, bx, by):
    """Distance from one point to arrays of segments, and the nearest points."""
    import numpy as np
    dx, dy = bx - ax, by - ay
    len2 = dx * dx + dy * dy
    t = np.clip(((px - ax) * dx + (py - ay) * dy) / np.where(len2 > 0, len2, 1.0), 0.0, 1.0)
    qx, qy = ax + t * dx, ay + t * dy
    return np.hypot(px - qx, py - qy), t, qx, qy


def points_segment(px, py, a, b):
    """Distance from arrays of points to one segment a-b."""
    import numpy as np
    dx, dy = b[0] - a[0], b[1] - a[1]
    len2 = dx * dx + dy * dy
    t = np.clip(((px - a[0]) * dx + (py - a[1]) * dy) / len2, 0.0, 1.0)
    return np.hypot(px - (a[0] + t * dx), py - (a[1] + t * dy))


def inside_triangle(px, py, tri):
    import numpy as np
    (x1, y1), (x2, y2), (x3, y3) = tri

    def side(xa, ya, xb, yb):
        return (xb - xa) * (py - ya) - (yb - ya) * (px - xa)
    s1, s2, s3 = side(x1, y1, x2, y2), side(x2, y2, x3, y3), side(x3, y3, x1, y1)
    return np.logical_or(np.logical_and.reduce([s1 > 0, s2 > 0, s3 > 0]),
                         np.logical_and.reduce([s1 < 0, s2 < 0, s3 < 0]))


def crosses(graph, a, b):
    """Whether any segment meets the segment a-b (orientation tests, touching included)."""
    import numpy as np
    g = graph

    def orient(px, py, qx, qy, rx, ry):
        return (qx - px) * (ry - py) - (qy - py) * (rx - px)
    o1 = orient(a[0], a[1], b[0], b[1], g.ax, g.ay)
    o2 = orient(a[0], a[1], b[0], b[1], g.bx, g.by)
    o3 = orient(g.ax, g.ay, g.bx, g.by, a[0], a[1])
    o4 = orient(g.ax, g.ay, g.bx, g.by, b[0], b[1])
    return bool(np.logical_and(o1 * o2 <= 0, o3 * o4 <= 0).any())


def access_point(graph, tri):
    """The parcel's way in as siting's Nearest access finds it: (edge index, along
    from the edge's first end, connector), or None when it is not unambiguous,
    a street meets the triangle, or the network is beyond the snap distance."""
    import numpy as np
    g = graph
    # A street inside or across the triangle makes siting's "street" access (connector 0).
    if inside_triangle(g.ax, g.ay, tri).any() or inside_triangle(g.bx, g.by, tri).any():
        return None
    if any(crosses(g, tri[k], tri[(k + 1) % 3]) for k in range(3)):
        return None
    ways = []  # (distance, network x, y, edge, along)
    for px, py in tri:
        d, t, qx, qy = point_segments(px, py, g.ax, g.ay, g.bx, g.by)
        for i in np.nonzero(d <= d.min() + UNAMBIGUOUS)[0]:
            ways.append((float(d[i]), float(qx[i]), float(qy[i]), int(i), float(t[i]) * g.length[i]))
    for k in range(3):
        a, b = tri[k], tri[(k + 1) % 3]
        for ex, ey, end in ((g.ax, g.ay, 0), (g.bx, g.by, 1)):
            d = points_segment(ex, ey, a, b)
            for i in np.nonzero(d <= d.min() + UNAMBIGUOUS)[0]:
                ways.append((float(d[i]), float(ex[i]), float(ey[i]), int(i), 0.0 if end == 0 else g.length[i]))
    best = min(w[0] for w in ways)
    if best < 0.5 or best > cnx.MAX_SNAP - 1.0:
        return None  # touching, or near the snap distance
    near = [w for w in ways if w[0] <= best + UNAMBIGUOUS]
    if any(math.hypot(w[1] - near[0][1], w[2] - near[0][2]) > 1e-3 for w in near):
        return None
    # A side running (nearly) parallel to a street at the nearest distance is a
    # whole stretch of ways in for siting: not a single point, so not used here.
    dx, dy = g.bx - g.ax, g.by - g.ay
    length = np.hypot(dx, dy)
    for k in range(3):
        p, q = tri[k], tri[(k + 1) % 3]
        off_p = np.abs((p[0] - g.ax) * dy - (p[1] - g.ay) * dx) / length
        off_q = np.abs((q[0] - g.ax) * dy - (q[1] - g.ay) * dx) / length
        tp = ((p[0] - g.ax) * dx + (p[1] - g.ay) * dy) / (length * length)
        tq = ((q[0] - g.ax) * dx + (q[1] - g.ay) * dy) / (length * length)
        overlap = np.maximum(0.0, np.minimum(tp, tq)) <= np.minimum(1.0, np.maximum(tp, tq))
        if np.logical_and.reduce([off_p <= best + UNAMBIGUOUS, off_q <= best + UNAMBIGUOUS, overlap]).any():
            return None
    w = min(near)
    return w[3], w[4], best


def choose_parcels(graph, lines):
    """Deterministic triangles beside every k-th line, as described in the docstring."""
    import numpy as np
    chosen = []  # (id, [(x, y)] * 3, households, way in or None)
    step = max(1, len(lines) // N_PARCELS)
    j = 0
    for li in range(step // 2, len(lines), step):
        if len(chosen) >= N_PARCELS:
            break
        line = lines[li]
        seg = np.hypot(np.diff(line[:, 0]), np.diff(line[:, 1]))
        total = seg.sum()
        if total < 10.0:
            continue
        cum = np.concatenate([[0.0], np.cumsum(seg)])
        at = total / 3.0
        s = min(max(int(np.searchsorted(cum, at, side="right")) - 1, 0), len(seg) - 1)
        if seg[s] <= 0:
            continue
        f = (at - cum[s]) / seg[s]
        a, b = line[s], line[s + 1]
        ux, uy = (b[0] - a[0]) / seg[s], (b[1] - a[1]) / seg[s]
        off = (12.0 + (j * 7) % 29) * (1 if j % 2 == 0 else -1)
        cx, cy = a[0] + (b[0] - a[0]) * f - uy * off, a[1] + (b[1] - a[1]) * f + ux * off
        turn = 0.37 + j * 0.61
        tri = [(cx + 3.5 * math.cos(turn + k * 2.0944), cy + 3.5 * math.sin(turn + k * 2.0944)) for k in range(3)]
        j += 1
        way = access_point(graph, tri)
        if way is None:
            continue
        households = 10 + (len(chosen) * 53) % 290
        chosen.append(("P%03d" % (len(chosen) + 1), tri, households))
    xs = np.concatenate([graph.ax, graph.bx])
    ys = np.concatenate([graph.ay, graph.by])
    x0, y0 = float(xs.max()) + 1000.0, float(ys.max()) + 1000.0
    chosen.append(("OFFNET", [(x0, y0), (x0 + 5.0, y0), (x0, y0 + 5.0)], 70))
    return chosen


def write_parcels(path, parcels, to_wgs84):
    import numpy as np
    feats = []
    for pid, tri, households in parcels:
        ll = cnx.transform_xy(to_wgs84, np.array(tri))
        ring = [[float(x), float(y)] for x, y in ll]
        ring.append(ring[0])
        feats.append({"type": "Feature", "properties": {"id": pid, "households": households},
                      "geometry": {"type": "Polygon", "coordinates": [ring]}})
    with open(path, "w") as f:
        json.dump({"type": "FeatureCollection", "name": "parcels", "features": feats}, f)


def read_parcels(path, working_epsg):
    """The triangles back through OGR, projected like the roads (both sides read this file)."""
    import numpy as np
    from osgeo import osr
    ds = cnx.open_vector(path, False)
    layer = ds.GetLayer(0)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(working_epsg)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(cnx.srs_traditional(layer.GetSpatialRef()), dst)
    out = []
    for f in layer:
        ring = f.GetGeometryRef().GetGeometryRef(0)
        pts = np.array([(ring.GetX(k), ring.GetY(k)) for k in range(ring.GetPointCount() - 1)])
        xy = cnx.transform_xy(ct, pts)
        out.append((f.GetField("id"), [(float(x), float(y)) for x, y in xy], float(f.GetField("households"))))
    return out


def write_facilities(path, facilities):
    feats = []
    for i, (fid, lon, lat, note) in enumerate(facilities):
        feats.append({"type": "Feature",
                      "properties": {"id": fid, "name": note, "floor_area": 150.0 + (i * 97) % 900},
                      "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    with open(path, "w") as f:
        json.dump({"type": "FeatureCollection", "name": "facilities", "features": feats}, f)


# ---------------------------------------------------------------- walks

def parcel_walks(graph, fac_snaps, per, parcels):
    """{(parcel index, facility index): seconds} for every walk within the catchment."""
    walks = {}
    for pi, (pid, tri, hh) in enumerate(parcels):
        way = access_point(graph, tri) if pid != "OFFNET" else None
        if way is None:
            if pid != "OFFNET":
                raise RuntimeError("parcel %s lost its way in after the round trip through GeoJSON" % pid)
            continue
        e, along, connector = way
        u, v, length = graph.edges[e]
        for fi, d in enumerate(per):
            snap = fac_snaps[fi]
            if snap is None:
                continue
            best = math.inf
            if u in d:
                best = min(best, d[u] + along)
            if v in d:
                best = min(best, d[v] + (length - along))
            if snap[0] == e:  # the facility on the parcel's own edge: straight along it
                best = min(best, snap[2] + abs(snap[1] - along))
            t = best + connector
            if t <= BUDGET:
                walks[(pi, fi)] = t
    return walks


def two_step(decay, walks, demand, supply):
    nf = len(supply)
    dem = [0.0] * nf
    for (pi, fi), t in walks.items():
        dem[fi] += weight(decay, t) * demand[pi]
    ratio = [supply[f] / dem[f] if dem[f] > 0 else None for f in range(nf)]
    acc = [0.0] * len(demand)
    for (pi, fi), t in walks.items():
        if ratio[fi] is not None:
            acc[pi] += weight(decay, t) * ratio[fi]
    return dem, ratio, acc


# ---------------------------------------------------------------- siting

def run_siting(exe, parcels, facilities, roads, layer, crs, decay, out_dir):
    cmd = [exe, "access", "--parcels", parcels, "--facilities", facilities, "--roads", roads]
    if layer:
        cmd += ["--roads-layer", layer]
    cmd += ["--crs", crs, "--speed", "1", "--minutes", "15", "--decay", decay]
    if decay == "steps":
        cmd += ["--steps", ",".join("%g:%g" % (u / 60.0, w) for u, w in STEPS)]
    cmd += ["--out", out_dir]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("siting exited %d: %s\n%s%s" % (p.returncode, " ".join(cmd), p.stdout, p.stderr))
    unit = "floor_area_m2_per_1000_households"
    with open(os.path.join(out_dir, "access.csv"), newline="", encoding="utf-8-sig") as f:
        acc = {r["id"]: float(r["access_" + unit]) / 1000.0 for r in csv.DictReader(f)}
    with open(os.path.join(out_dir, "facilities_access.csv"), newline="", encoding="utf-8-sig") as f:
        fac = {r["id"]: (float(r["demand_in_catchment_households"]),
                         float(r[unit]) / 1000.0 if r[unit] else None) for r in csv.DictReader(f)}
    with open(os.path.join(out_dir, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    return acc, fac, summary


def rel(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def compare(name, decay, walks, parcels, fac_ids, supply, acc, fac, summary):
    fails = []
    demand = [p[2] for p in parcels]
    dem, ratio, mine = two_step(decay, walks, demand, supply)
    # Walks within EDGE_TOL of the catchment or of a band bound could fall on
    # either side in floating point: the parcels and facilities they touch are
    # counted, not compared (there were none).
    bounds = [BUDGET] + ([u for u, _ in STEPS] if decay == "steps" else [])
    edge_p, edge_f = set(), set()
    for (pi, fi), t in walks.items():
        if any(abs(t - b) <= EDGE_TOL for b in bounds):
            edge_p.add(pi)
            edge_f.add(fi)
    max_rel = {"demand": 0.0, "ratio": 0.0, "access": 0.0}
    for fi, fid in enumerate(fac_ids):
        if fi in edge_f:
            continue
        d, r = fac[fid]
        max_rel["demand"] = max(max_rel["demand"], rel(d, dem[fi]) if dem[fi] or d else 0.0)
        if (r is None) != (ratio[fi] is None):
            fails.append("%s %s: facility %s ratio siting %r, networkx side %r" % (name, decay, fid, r, ratio[fi]))
        elif r is not None:
            max_rel["ratio"] = max(max_rel["ratio"], rel(r, ratio[fi]))
    zero = 0
    for pi, (pid, _, _) in enumerate(parcels):
        if pi in edge_p:
            continue
        a = acc[pid]
        zero += mine[pi] == 0.0
        if (a == 0.0) != (mine[pi] == 0.0):
            fails.append("%s %s: parcel %s access siting %r, networkx side %r" % (name, decay, pid, a, mine[pi]))
        elif a:
            max_rel["access"] = max(max_rel["access"], rel(a, mine[pi]))
    for k, v in max_rel.items():
        if v > REL_TOL:
            fails.append("%s %s: max relative difference of %s %.3g > %g" % (name, decay, k, v, REL_TOL))
    total = sum(demand)
    mean = sum(demand[i] * mine[i] for i in range(len(demand))) / total
    if rel(summary["access"]["mean_access"] / 1000.0, mean) > REL_TOL:
        fails.append("%s %s: mean access siting %r, networkx side %r"
                     % (name, decay, summary["access"]["mean_access"] / 1000.0, mean))
    stats = dict(max_rel, edge=len(edge_p), zero=zero, undefined=sum(r is None for r in ratio), mean=mean * 1000.0)
    return stats, fails


# ---------------------------------------------------------------- main

def main():
    args = cnx.parse_arguments(__doc__.split("\n\n")[0],
                               "network to run (repeatable; default futian): " + ", ".join(NETWORKS),
                               "keep the parcels, facilities and siting outputs in this folder")
    names = args.only or DEFAULT
    unknown = [n for n in names if n not in NETWORKS]
    if unknown:
        log("FAIL: unknown --only name %s; known: %s" % (unknown[0], ", ".join(NETWORKS)))
        return 1
    geodata = os.path.normpath(args.geodata)
    not_ready = cnx.check_ready(geodata, [NETWORKS[n][1] for n in names], args.siting)
    if not_ready is not None:
        return not_ready

    work = args.keep or tempfile.mkdtemp(prefix="siting-access-")
    os.makedirs(work, exist_ok=True)
    failures = []
    t_all = time.monotonic()
    try:
        for name in names:
            _, rel_path, layer, crs = NETWORKS[name]
            roads_path = os.path.join(geodata, rel_path)
            epsg = int(crs.split(":")[1])
            try:
                roads = cnx.read_roads(roads_path, layer, epsg)
                graph = cnx.Graph(roads.lines)
                to_wgs84 = cnx.to_wgs84(epsg)
                facilities = cnx.choose_facilities(graph, roads.lines, to_wgs84)
                fpath = os.path.join(work, name + "-facilities.geojson")
                write_facilities(fpath, facilities)
                fac_ids, fac_xy = cnx.read_facilities(fpath, epsg)
                supply = [150.0 + (i * 97) % 900 for i in range(len(fac_ids))]
                ppath = os.path.join(work, name + "-parcels.geojson")
                write_parcels(ppath, choose_parcels(graph, roads.lines), to_wgs84)
                parcels = read_parcels(ppath, epsg)
                snaps, per, _ = cnx.networkx_times(graph, fac_xy)
                walks = parcel_walks(graph, snaps, per, parcels)
                log("%s: %d parcels, %d facilities (%d on the network), %d parcel-facility walks within %g s"
                    % (name, len(parcels), len(fac_ids), sum(s is not None for s in snaps), len(walks), BUDGET))
                for decay in ("none", "gaussian", "steps"):
                    out_dir = os.path.join(work, "%s-%s" % (name, decay))
                    if os.path.isdir(out_dir):
                        shutil.rmtree(out_dir)
                    acc, fac, summary = run_siting(args.siting, ppath, fpath, roads_path, layer, crs, decay, out_dir)
                    stats, fails = compare(name, decay, walks, parcels, fac_ids, supply, acc, fac, summary)
                    log("%-10s %-8s %s max relative difference: demand %.2g, ratio %.2g, access %.2g; mean access "
                        "%.6f m2 per 1000 households; %d parcels without access, %d facilities without demand; "
                        "%d parcels at a bound (not compared)"
                        % (name, decay, "ok  " if not fails else "FAIL", stats["demand"], stats["ratio"],
                           stats["access"], stats["mean"], stats["zero"], stats["undefined"], stats["edge"]))
                    for f in fails[:10]:
                        log("    " + f)
                    failures += fails
            except Exception as e:  # a crash is a failure of this network, with the reason
                failures.append("%s: %s: %s" % (name, type(e).__name__, e))
                log("%s FAIL %s: %s" % (name, type(e).__name__, e))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    log("total %.1f s" % (time.monotonic() - t_all))
    if failures:
        log("FAIL: %d disagreement(s) between siting access and networkx (first: %s)" % (len(failures), failures[0]))
        return 1
    log("PASS: siting access agrees with networkx on %s" % ", ".join(names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
