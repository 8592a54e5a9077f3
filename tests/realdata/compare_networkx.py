#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Independent check of `siting coverage --network-times` against networkx.

For each real network in ../shared/geodata (three pre-filtered walk_network.geojson
files and two OSM PBF extracts read through GDAL's OSM driver), this script

  1. picks facility points deterministically from the data,
  2. runs `siting coverage ... --speed 1 --minutes 15 --network-times`,
  3. rebuilds the walking graph independently in Python (osgeo.ogr / osgeo.osr,
     numpy, networkx): the same walk filter, the same projection, vertices keyed
     by exact projected coordinates, segments split at every vertex, duplicate
     segments collapsed to the shorter, zero-length segments dropped,
     brute-force nearest-point-on-segment snapping, Dijkstra with cutoff 900 m,
  4. compares every reached vertex: the set, the time (0.01 s) and the nearest
     facility (where the two best are not tied within 1e-6 s), plus the network
     counts siting reports in summary.json.

Usage: compare_networkx.py SITING_EXE [GEODATA_DIR] [--only NAME ...] [--keep DIR]

Exit codes: 0 all networks agree; 1 a disagreement, a siting failure, or (under
CI=true) missing real data; 77 real data missing outside CI (CTest: Skipped).

Always run with Debian's /usr/bin/python3 (python3-gdal, python3-networkx).
"""

import argparse
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77
SPEED = 1.0           # m/s: time in s equals metres
MINUTES = 15.0
BUDGET = MINUTES * 60.0 * SPEED   # 900 m
MAX_SNAP = 100.0      # siting's default --max-snap
TIME_TOL = 0.01       # s, per vertex
TIE_TOL = 1e-6        # s: nearest facility compared only where the best two differ by more
MATCH_TOL = 0.01      # m: vertices matched by projected x, y
BUDGET_EDGE = 1e-6    # s: a vertex this close to the budget may fall either side (float order)
N_FACILITIES = 15     # regular facilities per network, plus an island, a duplicate and an off-network one

# siting's default walk filter (libsiting/include/siting/network/roads.hpp).
EXCLUDE_HIGHWAY = {"motorway", "motorway_link", "trunk", "trunk_link", "construction", "proposed",
                   "abandoned", "raceway", "bus_guideway", "busway"}
FOOT_ALLOWED = {"yes", "designated", "permissive"}

NETWORKS = [
    # name, roads path (relative to geodata), layer (None: the only one), working CRS
    ("futian", "futian/walk_network.geojson", None, "EPSG:4547"),
    ("liechtenstein", "liechtenstein/walk_network.geojson", None, "EPSG:32632"),
    ("baltimore", "baltimore/walk_network.geojson", None, "EPSG:32618"),
    ("liechtenstein-pbf", "liechtenstein/liechtenstein-20150727.osm.pbf", "lines", "EPSG:32632"),
    ("baltimore-pbf", "baltimore/baltimore.osm.pbf", "lines", "EPSG:32618"),
]


def log(*a):
    print(*a, flush=True)


# ---------------------------------------------------------------- dependencies

def import_deps():
    missing = []
    try:
        from osgeo import gdal, ogr, osr  # noqa: F401
    except ImportError as e:
        missing.append("osgeo (Debian python3-gdal): %s" % e)
    try:
        import networkx  # noqa: F401
    except ImportError as e:
        missing.append("networkx (Debian python3-networkx): %s" % e)
    try:
        import numpy  # noqa: F401
    except ImportError as e:
        missing.append("numpy (Debian python3-numpy): %s" % e)
    if missing:
        log("FAIL: Python modules missing for %s: %s" % (sys.executable, "; ".join(missing)))
        log("      run with /usr/bin/python3 after scripts/install-deps.sh")
        sys.exit(1)


# ---------------------------------------------------------------- tags

_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(s):
    return s.translate(_LOWER)


def parse_hstore(text):
    """GDAL OSM other_tags: "k"=>"v","k2"=>"v2" with \\" and \\\\ escaped. A full parse
    into a dict (written independently of siting's substring search)."""
    out = {}
    i, n = 0, len(text)

    def quoted(i):
        assert text[i] == '"', (text, i)
        i += 1
        buf = []
        while i < n:
            c = text[i]
            if c == "\\" and i + 1 < n:
                buf.append(text[i + 1])
                i += 2
            elif c == '"':
                return "".join(buf), i + 1
            else:
                buf.append(c)
                i += 1
        return "".join(buf), i

    while i < n:
        while i < n and text[i] in " ,":
            i += 1
        if i >= n:
            break
        key, i = quoted(i)
        while i < n and text[i] == " ":
            i += 1
        if text.startswith("=>", i):
            i += 2
        while i < n and text[i] == " ":
            i += 1
        if text.startswith("NULL", i):
            value, i = None, i + 4
        else:
            value, i = quoted(i)
        out.setdefault(key, value)
    return out


# ---------------------------------------------------------------- reading

class Roads:
    """Walkable lines in the working CRS, and the counts siting reports."""

    def __init__(self):
        self.lines = []        # list of numpy (n, 2) arrays, projected
        self.features = 0
        self.kept = 0
        self.not_highway = 0
        self.excluded_highway = 0
        self.foot_no = 0
        self.private = 0
        self.empty = 0


def srs_traditional(srs):
    from osgeo import osr
    s = srs.Clone()
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def transform_xy(ct, xy):
    """Transforms an (n, 2) array of lon/lat (traditional order) with an osr transform."""
    import numpy as np
    if len(xy) == 0:
        return np.zeros((0, 2))
    out = ct.TransformPoints([(float(x), float(y)) for x, y in xy])
    return np.array([(p[0], p[1]) for p in out], dtype=float)


def open_vector(path, is_osm):
    from osgeo import gdal
    if is_osm:
        # Defaults of GDAL's OSM driver (osmconf.ini), as siting uses them. The
        # temporary node index goes to the system temp dir.
        return gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY, allowed_drivers=["OSM"])
    return gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)


def read_roads(path, layer_name, working_epsg):
    import numpy as np
    from osgeo import ogr, osr
    ds = open_vector(path, path.endswith(".pbf"))
    if ds is None:
        raise RuntimeError("cannot open " + path)
    layer = ds.GetLayerByName(layer_name) if layer_name else ds.GetLayer(0)
    if layer is None:
        raise RuntimeError("no layer %r in %s" % (layer_name, path))
    defn = layer.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]

    def field(name):
        return names.index(name) if name in names else -1

    i_highway, i_foot, i_access, i_other = field("highway"), field("foot"), field("access"), field("other_tags")
    has_highway = i_highway >= 0

    src = srs_traditional(layer.GetSpatialRef())
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(working_epsg)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)

    r = Roads()
    parts_ll = []

    def tag(f, direct, key, other_cache):
        if direct >= 0 and f.IsFieldSetAndNotNull(direct):
            return ascii_lower(f.GetFieldAsString(direct))
        if i_other >= 0 and f.IsFieldSetAndNotNull(i_other):
            if other_cache[0] is None:
                other_cache[0] = parse_hstore(f.GetFieldAsString(i_other))
            v = other_cache[0].get(key)
            return ascii_lower(v) if v else ""
        return ""

    layer.ResetReading()
    for f in layer:
        r.features += 1
        if has_highway:
            highway = ascii_lower(f.GetFieldAsString(i_highway)) if f.IsFieldSetAndNotNull(i_highway) else ""
            if not highway:
                r.not_highway += 1
                continue
            cache = [None]
            foot = tag(f, i_foot, "foot", cache)
            if foot not in FOOT_ALLOWED:
                if highway in EXCLUDE_HIGHWAY:
                    r.excluded_highway += 1
                    continue
                if foot == "no":
                    r.foot_no += 1
                    continue
                if tag(f, i_access, "access", cache) == "private":
                    r.private += 1
                    continue
        g = f.GetGeometryRef()
        if g is None or g.IsEmpty():
            r.empty += 1
            continue
        gt = ogr.GT_Flatten(g.GetGeometryType())
        if gt in (ogr.wkbCircularString, ogr.wkbCompoundCurve, ogr.wkbMultiCurve):
            g = g.GetLinearGeometry()
            gt = ogr.GT_Flatten(g.GetGeometryType())
        if gt == ogr.wkbLineString:
            parts = [g]
        elif gt == ogr.wkbMultiLineString:
            parts = [g.GetGeometryRef(k) for k in range(g.GetGeometryCount())]
        else:
            raise RuntimeError("%s: feature %d is not a line" % (path, f.GetFID()))
        before = len(parts_ll)
        for p in parts:
            if p.GetPointCount() >= 2:
                parts_ll.append(np.array([(p.GetX(k), p.GetY(k)) for k in range(p.GetPointCount())], dtype=float))
        if len(parts_ll) > before:
            r.kept += 1
        else:
            r.empty += 1
    ds = None
    # One transformation call for all coordinates.
    sizes = [len(p) for p in parts_ll]
    allxy = transform_xy(ct, np.concatenate(parts_ll)) if parts_ll else np.zeros((0, 2))
    k = 0
    for s in sizes:
        r.lines.append(allxy[k:k + s])
        k += s
    return r


# ---------------------------------------------------------------- graph

class Graph:
    def __init__(self, lines):
        import networkx as nx
        import numpy as np
        self.G = nx.Graph()
        self.vertices = set()
        self.segments = 0
        self.zero_length = 0
        self.duplicates = 0
        G = self.G
        for line in lines:
            pts = [(float(x), float(y)) for x, y in line]
            # -0.0 == 0.0 and hash alike in Python, so tuples key exact coordinates.
            self.vertices.update(pts)
            for a, b in zip(pts, pts[1:]):
                self.segments += 1
                if a == b:
                    self.zero_length += 1
                    continue
                length = math.hypot(b[0] - a[0], b[1] - a[1])
                if G.has_edge(a, b):
                    self.duplicates += 1
                    if length < G[a][b]["w"]:
                        G[a][b]["w"] = length
                else:
                    G.add_edge(a, b, w=length)
        G.add_nodes_from(self.vertices)
        self.edges = list(G.edges(data="w"))
        self.ax = np.array([e[0][0] for e in self.edges])
        self.ay = np.array([e[0][1] for e in self.edges])
        self.bx = np.array([e[1][0] for e in self.edges])
        self.by = np.array([e[1][1] for e in self.edges])
        self.length = np.array([e[2] for e in self.edges])
        comps = sorted(nx.connected_components(G), key=len, reverse=True)
        self.components = comps
        self.component_of = {}
        for i, c in enumerate(comps):
            for v in c:
                self.component_of[v] = i

    def distances(self, px, py):
        """Exact distance from (px, py) to every segment, and the nearest point's parameter."""
        import numpy as np
        dx, dy = self.bx - self.ax, self.by - self.ay
        len2 = dx * dx + dy * dy
        t = np.clip(((px - self.ax) * dx + (py - self.ay) * dy) / len2, 0.0, 1.0)
        qx, qy = self.ax + t * dx, self.ay + t * dy
        return np.hypot(px - qx, py - qy), t, qx, qy

    def snap(self, px, py):
        """(edge index, along, connector, second-best distance to a different point) or None."""
        import numpy as np
        d, t, qx, qy = self.distances(px, py)
        i = int(np.argmin(d))
        if not d[i] <= MAX_SNAP:
            return None
        a = self.edges[i][0]
        along = math.hypot(qx[i] - a[0], qy[i] - a[1])
        # Nearest distance to a segment whose nearest point is elsewhere (> 1 mm away).
        elsewhere = np.hypot(qx - qx[i], qy - qy[i]) > 1e-3
        second = float(d[elsewhere].min()) if elsewhere.any() else math.inf
        return i, along, float(d[i]), second


# ---------------------------------------------------------------- facilities

def choose_facilities(graph, lines, to_wgs84):
    """Deterministic facility points: the midpoint (by length) of every k-th line,
    offset 2-8 m sideways, keeping only points whose nearest segment point is
    unambiguous (second-best > 1 mm farther) and whose connector is non-zero;
    then one on the largest island, a duplicate of the first (exact tie: the
    lower index must win) and one far off the network (not a source)."""
    import numpy as np
    chosen = []  # (id, x, y, note)

    def midpoint_offset(line, j):
        seg = np.hypot(np.diff(line[:, 0]), np.diff(line[:, 1]))
        total = seg.sum()
        if total < 20.0:
            return None
        half = total / 2.0
        cum = np.concatenate([[0.0], np.cumsum(seg)])
        s = int(np.searchsorted(cum, half, side="right")) - 1
        s = min(max(s, 0), len(seg) - 1)
        if seg[s] < 4.0:
            return None
        f = (half - cum[s]) / seg[s]
        a, b = line[s], line[s + 1]
        mx, my = a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f
        ux, uy = (b[0] - a[0]) / seg[s], (b[1] - a[1]) / seg[s]
        off = (2.0 + (j % 7)) * (1 if j % 2 == 0 else -1)
        return mx - uy * off, my + ux * off

    def acceptable(x, y):
        s = graph.snap(x, y)
        return s is not None and s[2] > 0.5 and s[3] - s[2] > 1e-3

    main = graph.components[0] if graph.components else set()
    step = max(1, len(lines) // N_FACILITIES)
    j = 0
    for start in range(step):  # a second pass with a shifted start only if too few were usable
        for li in range(start, len(lines), step):
            if len(chosen) >= N_FACILITIES:
                break
            p = midpoint_offset(lines[li], j)
            j += 1
            if p is None or not acceptable(*p):
                continue
            if any(math.hypot(p[0] - c[1], p[1] - c[2]) < 1.0 for c in chosen):
                continue
            chosen.append(("F%02d" % (len(chosen) + 1), p[0], p[1], "line %d" % li))
        if len(chosen) >= N_FACILITIES:
            break

    # One on the largest island (a component other than the largest), if any.
    if len(graph.components) > 1:
        island = graph.components[1]
        for li, line in enumerate(lines):
            if (float(line[0][0]), float(line[0][1])) not in island:
                continue
            p = midpoint_offset(line, j)
            j += 1
            if p is not None and acceptable(*p):
                s = graph.snap(*p)
                e = graph.edges[s[0]]
                if e[0] in island and e[0] not in main:
                    chosen.append(("ISLAND", p[0], p[1], "line %d, island of %d vertices" % (li, len(island))))
                    break

    # An exact duplicate of the first facility, at a higher index: siting breaks
    # exact ties towards the smaller index, so DUP must never be anyone's nearest.
    chosen.append(("DUP", chosen[0][1], chosen[0][2], "copy of " + chosen[0][0]))
    # Far off the network (beyond --max-snap): not a source on either side.
    xs = np.concatenate([graph.ax, graph.bx])
    ys = np.concatenate([graph.ay, graph.by])
    chosen.append(("OFFNET", float(xs.min()) - 1000.0, float(ys.min()) - 1000.0, "1 km outside the extent"))

    lonlat = transform_xy(to_wgs84, np.array([(c[1], c[2]) for c in chosen]))
    return [(c[0], float(ll[0]), float(ll[1]), c[3]) for c, ll in zip(chosen, lonlat)]


def write_facilities(path, facilities):
    feats = []
    for fid, lon, lat, note in facilities:
        feats.append({"type": "Feature",
                      "properties": {"id": fid, "name": note, "floor_area": 100.0},
                      "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    with open(path, "w") as f:
        # repr-exact doubles: both sides read the very same coordinates.
        json.dump({"type": "FeatureCollection", "name": "facilities", "features": feats}, f)


def read_facilities(path, working_epsg):
    """Reads the facilities back through OGR and projects them like the roads."""
    import numpy as np
    from osgeo import osr
    ds = open_vector(path, False)
    layer = ds.GetLayer(0)
    src = srs_traditional(layer.GetSpatialRef())
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(working_epsg)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    ids, ll = [], []
    for f in layer:
        ids.append(f.GetField("id"))
        g = f.GetGeometryRef()
        ll.append((g.GetX(), g.GetY()))
    return ids, transform_xy(ct, np.array(ll))


# ---------------------------------------------------------------- search

def networkx_times(graph, xy):
    """Per facility: {vertex: metres} within the budget (single-source Dijkstra from a
    virtual node joined to both ends of the snapped segment); and the multi-source
    result over all facilities at once."""
    import networkx as nx
    G = graph.G
    snaps = [graph.snap(float(x), float(y)) for x, y in xy]

    def attach(i, snap):
        # Facility i's virtual node, joined to both ends of its snapped segment.
        e, along, conn, _ = snap
        u, v, length = graph.edges[e]
        node = ("facility", i)
        G.add_edge(node, u, w=conn + along)
        G.add_edge(node, v, w=conn + (length - along))
        return node

    per = []
    for i, s in enumerate(snaps):
        if s is None:
            per.append({})
            continue
        node = attach(i, s)
        d = nx.single_source_dijkstra_path_length(G, node, cutoff=BUDGET, weight="w")
        G.remove_node(node)
        d.pop(node, None)
        per.append(d)
    # Multi-source: one virtual node per facility, all sources at 0.
    nodes = []
    for i, s in enumerate(snaps):
        if s is None:
            continue
        nodes.append(attach(i, s))
    multi = nx.multi_source_dijkstra_path_length(G, set(nodes), cutoff=BUDGET, weight="w") if nodes else {}
    G.remove_nodes_from(nodes)
    multi = {k: d for k, d in multi.items() if not (isinstance(k, tuple) and k and k[0] == "facility")}
    return snaps, per, multi


# ---------------------------------------------------------------- siting

def run_siting(exe, facilities_path, roads, layer, crs, out_dir):
    cmd = [exe, "coverage", "--facilities", facilities_path, "--roads", roads]
    if layer:
        cmd += ["--roads-layer", layer]
    cmd += ["--crs", crs, "--speed", "1", "--minutes", "15", "--network-times", "--no-facility-areas",
            "--out", out_dir]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("siting exited %d: %s\n%s%s" % (p.returncode, " ".join(cmd), p.stdout, p.stderr))
    rows = []
    with open(os.path.join(out_dir, "network_times.csv"), newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            rows.append((float(row["x"]), float(row["y"]), float(row["time_s"]), row["facility_id"]))
    with open(os.path.join(out_dir, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    return rows, summary, cmd


# ---------------------------------------------------------------- comparison

def compare(name, graph, roads, fac_ids, snaps, per, multi, rows, summary):
    """Returns (stats dict, list of failure messages)."""
    fails = []
    nfac = len(fac_ids)

    # Network counts against summary.json.
    net = summary.get("coverage", {}).get("network", {})
    mine = {"features": roads.features, "walkable_lines": roads.kept, "dropped_not_highway": roads.not_highway,
            "dropped_highway_type": roads.excluded_highway, "dropped_foot_no": roads.foot_no,
            "dropped_private": roads.private, "segments": graph.segments,
            "duplicate_segments_removed": graph.duplicates, "zero_length_segments_removed": graph.zero_length,
            "vertices": len(graph.vertices), "edges": graph.G.number_of_edges(),
            "components": len(graph.components),
            "largest_component_vertices": len(graph.components[0]) if graph.components else 0}
    for k, v in mine.items():
        if k in net and net[k] != v:
            fails.append("%s: summary.json network.%s = %s, networkx side %s" % (name, k, net[k], v))
    fac_summary = summary.get("coverage", {}).get("facilities", {})
    off = sum(1 for s in snaps if s is None)
    if fac_summary.get("off_network") != off:
        fails.append("%s: siting reports %s facilities off the network, networkx side %d"
                     % (name, fac_summary.get("off_network"), off))
    islands = sum(1 for s in snaps if s is not None and graph.component_of[graph.edges[s[0]][0]] != 0)
    if fac_summary.get("on_islands") != islands:
        fails.append("%s: siting reports %s facilities on islands, networkx side %d"
                     % (name, fac_summary.get("on_islands"), islands))
    missing_keys = [k for k in mine if k not in net]
    if missing_keys:
        fails.append("%s: summary.json coverage.network lacks %s" % (name, ", ".join(missing_keys)))

    # Best and second-best facility per vertex, from the per-facility searches.
    # DUP (an exact copy of the first facility) is left out here: it ties with
    # its original everywhere, and siting must never choose it (checked below).
    dup = fac_ids.index("DUP") if "DUP" in fac_ids else -1
    if dup >= 0 and per[dup] != per[0]:
        fails.append("%s: networkx times of DUP differ from those of %s" % (name, fac_ids[0]))
    best = {}  # vertex -> [t1, f1, t2]
    for i, d in enumerate(per):
        if i == dup:
            continue
        for v, t in d.items():
            b = best.get(v)
            if b is None:
                best[v] = [t, i, math.inf]
            elif t < b[0]:
                best[v] = [t, i, b[0]]
            elif t < b[2]:
                b[2] = t
    for v, t in multi.items():
        if v not in best or abs(best[v][0] - t) > 1e-9:
            fails.append("%s: networkx multi-source and per-facility searches disagree at %r (%r vs %r)"
                         % (name, v, t, best.get(v)))
            break
    if len(multi) != len(best):
        fails.append("%s: networkx multi-source reached %d vertices, per-facility %d" % (name, len(multi), len(best)))

    # Match siting's rows to graph vertices within 1 cm (a 1 cm grid, 3 x 3 cells).
    cell = MATCH_TOL
    grid = {}
    for v in graph.vertices:
        grid.setdefault((math.floor(v[0] / cell), math.floor(v[1] / cell)), []).append(v)

    def match(x, y):
        cx, cy = math.floor(x / cell), math.floor(y / cell)
        found = []
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for v in grid.get((cx + dx, cy + dy), ()):
                    dd = math.hypot(v[0] - x, v[1] - y)
                    if dd <= MATCH_TOL:
                        found.append((dd, v))
        found.sort()
        return found

    index_of = {fid: i for i, fid in enumerate(fac_ids)}
    seen = {}
    max_dt = 0.0
    worst = None
    fac_mismatch = []
    ties = 0
    tie_wrong = []
    unmatched = []
    ambiguous = 0
    max_dxy = 0.0
    extra = []       # reached by siting only
    edge_only = 0    # one side only, within BUDGET_EDGE of the budget
    for x, y, t, fid in rows:
        m = match(x, y)
        if not m:
            unmatched.append((x, y, t))
            continue
        if len(m) > 1:
            ambiguous += 1
        v = m[0][1]
        max_dxy = max(max_dxy, m[0][0])
        if v in seen:
            fails.append("%s: siting lists vertex (%.3f, %.3f) twice" % (name, x, y))
        seen[v] = (t, fid)
        b = best.get(v)
        if b is None:
            if abs(t - BUDGET) <= BUDGET_EDGE + 0.0005:
                edge_only += 1
            else:
                extra.append((x, y, t, fid))
            continue
        dt = abs(t - b[0] / SPEED)
        if dt > max_dt:
            max_dt, worst = dt, (x, y, t, b[0], fid, fac_ids[b[1]])
        fi = index_of.get(fid)
        if fi is None:
            fails.append("%s: siting names unknown facility %r at (%.3f, %.3f)" % (name, fid, x, y))
            continue
        if fid in ("DUP", "OFFNET"):
            fails.append("%s: (%.3f, %.3f) assigned to %s, which must never be nearest" % (name, x, y, fid))
        if b[2] - b[0] > TIE_TOL:
            if fi != b[1]:
                fac_mismatch.append((x, y, t, fid, fac_ids[b[1]], b[0], b[2]))
        else:
            ties += 1
            # Tied: siting's facility must be one of the tied ones.
            if per[fi].get(v, math.inf) - b[0] > TIE_TOL:
                tie_wrong.append((x, y, t, fid, fac_ids[b[1]]))
    missing = [(v, best[v]) for v in best if v not in seen]
    missing_real = [(v, b) for v, b in missing if abs(b[0] - BUDGET) > BUDGET_EDGE]
    edge_only += len(missing) - len(missing_real)

    if unmatched:
        x, y, t = unmatched[0]
        fails.append("%s: %d siting vertices match no graph vertex within 1 cm, e.g. (%.3f, %.3f) t=%.3f"
                     % (name, len(unmatched), x, y, t))
    if extra:
        x, y, t, fid = extra[0]
        fails.append("%s: %d vertices reached by siting but not by networkx, e.g. (%.3f, %.3f) t=%.3f %s"
                     % (name, len(extra), x, y, t, fid))
    if missing_real:
        v, b = missing_real[0]
        fails.append("%s: %d vertices reached by networkx but missing from siting, e.g. (%.3f, %.3f) t=%.6f %s"
                     % (name, len(missing_real), v[0], v[1], b[0], fac_ids[b[1]]))
    if max_dt > TIME_TOL:
        x, y, t, tn, f1, f2 = worst
        fails.append("%s: max |dt| %.6f s > %.2f s at (%.3f, %.3f): siting %.3f (%s), networkx %.6f (%s)"
                     % (name, max_dt, TIME_TOL, x, y, t, f1, tn, f2))
    if fac_mismatch:
        x, y, t, f1, f2, t1, t2 = fac_mismatch[0]
        fails.append("%s: %d nearest-facility mismatches, e.g. (%.3f, %.3f) t=%.3f: siting %s, networkx %s "
                     "(best %.6f, second %.6f)" % (name, len(fac_mismatch), x, y, t, f1, f2, t1, t2))
    if tie_wrong:
        x, y, t, f1, f2 = tie_wrong[0]
        fails.append("%s: %d tied vertices assigned to a facility that is not among the tied ones, e.g. "
                     "(%.3f, %.3f): siting %s, networkx %s" % (name, len(tie_wrong), x, y, f1, f2))
    if not rows:
        fails.append("%s: siting reached no vertex" % name)
    stats = {"reached": len(rows), "networkx_reached": len(best), "max_dt": max_dt,
             "fac_mismatch": len(fac_mismatch), "ties": ties, "budget_edge": edge_only,
             "ambiguous": ambiguous, "max_dxy": max_dxy, "vertices": len(graph.vertices), "edges": graph.G.number_of_edges(),
             "on_network": sum(1 for s in snaps if s is not None), "facilities": nfac}
    return stats, fails


# ---------------------------------------------------------------- main

def parse_arguments(description, only_help, keep_help):
    """The command line both real-data scripts take: SITING_EXE [GEODATA_DIR] [--only NAME ...] [--keep DIR]."""
    here = os.path.dirname(os.path.abspath(__file__))
    source_dir = os.path.normpath(os.path.join(here, "..", ".."))
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("siting", help="path to the siting executable")
    ap.add_argument("geodata", nargs="?", default=os.path.join(source_dir, "..", "shared", "geodata"),
                    help="the shared real data (default: ../shared/geodata beside the source dir)")
    ap.add_argument("--only", action="append", help=only_help)
    ap.add_argument("--keep", help=keep_help)
    return ap.parse_args()


def check_ready(geodata, relative_paths, siting):
    """None when the data and the executable are there and the Python modules load;
    else the exit code, after saying why: SKIP for missing data outside CI, 1 otherwise."""
    absent = [os.path.join(geodata, p) for p in relative_paths if not os.path.isfile(os.path.join(geodata, p))]
    if absent:
        ci = os.environ.get("CI", "").lower() == "true"
        msg = "real data missing: %s" % (geodata if not os.path.isdir(geodata) else ", ".join(absent))
        if ci:
            log("FAIL: %s (CI=true: the real-data comparison must run)" % msg)
            return 1
        log("*" * 72)
        log("SKIPPED: %s" % msg)
        log("         put the shared data at %s (see its SOURCES.md) to run this test" % geodata)
        log("*" * 72)
        return SKIP
    if not (os.path.isfile(siting) and os.access(siting, os.X_OK)):
        log("FAIL: siting executable not found: %s" % siting)
        return 1
    import_deps()
    from osgeo import gdal, osr
    gdal.UseExceptions()
    osr.UseExceptions()
    return None


def to_wgs84(working_epsg):
    """The transformation from the working CRS to WGS 84 (traditional axis order on both)."""
    from osgeo import osr
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    work_srs = osr.SpatialReference()
    work_srs.ImportFromEPSG(working_epsg)
    work_srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return osr.CoordinateTransformation(work_srs, wgs)


def main():
    args = parse_arguments(__doc__.split("\n\n")[0],
                           "run only this network (repeatable): " + ", ".join(n[0] for n in NETWORKS),
                           "keep the facilities and siting outputs in this folder")
    geodata = os.path.normpath(args.geodata)
    networks = [n for n in NETWORKS if not args.only or n[0] in args.only]
    if args.only and len(networks) != len(set(args.only)):
        log("FAIL: unknown --only name; known: " + ", ".join(n[0] for n in NETWORKS))
        return 1
    not_ready = check_ready(geodata, [n[1] for n in networks], args.siting)
    if not_ready is not None:
        return not_ready

    t_all = time.monotonic()
    work = args.keep or tempfile.mkdtemp(prefix="siting-realdata-")
    os.makedirs(work, exist_ok=True)
    failures = []
    try:
        for name, rel, layer, crs in networks:
            t0 = time.monotonic()
            roads_path = os.path.join(geodata, rel)
            epsg = int(crs.split(":")[1])
            try:
                roads = read_roads(roads_path, layer, epsg)
                graph = Graph(roads.lines)
                t_graph = time.monotonic()
                facilities = choose_facilities(graph, roads.lines, to_wgs84(epsg))
                fpath = os.path.join(work, name + "-facilities.geojson")
                write_facilities(fpath, facilities)
                fac_ids, fac_xy = read_facilities(fpath, epsg)
                out_dir = os.path.join(work, name)
                if os.path.isdir(out_dir):
                    shutil.rmtree(out_dir)
                t1 = time.monotonic()
                rows, summary, cmd = run_siting(args.siting, fpath, roads_path, layer, crs, out_dir)
                t_siting = time.monotonic() - t1
                t2 = time.monotonic()
                snaps, per, multi = networkx_times(graph, fac_xy)
                t_nx = time.monotonic() - t2
                stats, fails = compare(name, graph, roads, fac_ids, snaps, per, multi, rows, summary)
            except Exception as e:  # a crash is a failure of this network, with the reason
                failures.append("%s: %s: %s" % (name, type(e).__name__, e))
                log("%-18s FAIL  %s: %s" % (name, type(e).__name__, e))
                continue
            total = time.monotonic() - t0
            status = "ok  " if not fails else "FAIL"
            log("%-18s %s %s: %d vertices, %d edges; %d facilities (%d on network); reached %d "
                "(networkx %d); max |dt| %.4f s; max |dxy| %.4f m; facility mismatches %d (ties skipped %d); "
                "budget-edge %d; ambiguous %d; time %.2f s (read+graph %.2f, siting %.2f, networkx %.2f)"
                % (name, status, crs, stats["vertices"], stats["edges"], stats["facilities"],
                   stats["on_network"], stats["reached"], stats["networkx_reached"], stats["max_dt"],
                   stats["max_dxy"], stats["fac_mismatch"], stats["ties"], stats["budget_edge"],
                   stats["ambiguous"], total, t_graph - t0, t_siting, t_nx))
            for f in fails:
                log("    " + f)
            failures += fails
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    log("total %.1f s" % (time.monotonic() - t_all))
    if failures:
        log("FAIL: %d disagreement(s) between siting and networkx (first: %s)" % (len(failures), failures[0]))
        return 1
    log("PASS: siting's network times agree with networkx on %d network(s)" % len(networks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
