# SPDX-License-Identifier: Apache-2.0
# How much of a street network a buffer from its faces could skip: the faces,
# traced from the order of edges round each vertex in the geometry, and the
# edges with a face no wider than twice the lateral distance (box side) on
# both sides, whose buffers the faces grown outwards would cover. Edges that
# cross without a shared vertex are taken as if they did not cross. Lines in
# degrees are projected to their UTM zone. docs/performance.md, eleventh sitting.
#   python3 bench/network_faces.py CITY.gpkg roads 50
#   python3 bench/network_faces.py ../shared/geodata/futian/walk_network.geojson - 50
import sys
import numpy as np
from osgeo import ogr, osr
path, layer_name, r = sys.argv[1], sys.argv[2], float(sys.argv[3])
ds = ogr.Open(path)
lyr = ds.GetLayerByName(layer_name) if layer_name != "-" else ds.GetLayer(0)
src = lyr.GetSpatialRef()
tr = None
if src is not None and src.IsGeographic():
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    # UTM zone of the first feature
    f0 = lyr.GetNextFeature(); g0 = f0.GetGeometryRef(); lon = g0.GetPoint(0)[0]; lat = g0.GetPoint(0)[1]; lyr.ResetReading()
    dst = osr.SpatialReference(); dst.SetWellKnownGeogCS("WGS84"); dst.SetUTM(int((lon + 180) // 6) + 1, lat >= 0)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    tr = osr.CoordinateTransformation(src, dst)
ids = {}; pts = []; edges = set()
def vid(p):
    k = (p[0], p[1])
    v = ids.get(k)
    if v is None:
        v = ids[k] = len(pts); pts.append(k)
    return v
for f in lyr:
    g = f.GetGeometryRef()
    if g is None: continue
    g = g.Clone()
    if tr: g.Transform(tr)
    geoms = [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())] if g.GetGeometryType() in (ogr.wkbMultiLineString, ogr.wkbMultiLineString25D) else [g]
    for h in geoms:
        n = h.GetPointCount()
        prev = vid(h.GetPoint_2D(0))
        for i in range(1, n):
            cur = vid(h.GetPoint_2D(i))
            if cur != prev: edges.add((min(prev, cur), max(prev, cur)))
            prev = cur
P = np.array(pts); E = np.array(sorted(edges))
m = len(E); print(f"{len(P)} vertices, {m} edges")
# half-edges: 2k = u->v, 2k+1 = v->u
src_v = np.empty(2 * m, dtype=np.int64); dst_v = np.empty(2 * m, dtype=np.int64)
src_v[0::2], dst_v[0::2] = E[:, 0], E[:, 1]; src_v[1::2], dst_v[1::2] = E[:, 1], E[:, 0]
ang = np.arctan2(P[dst_v, 1] - P[src_v, 1], P[dst_v, 0] - P[src_v, 0])
order = np.lexsort((ang, src_v))  # by vertex, then angle counter-clockwise
pos = np.empty(2 * m, dtype=np.int64); pos[order] = np.arange(2 * m)
first = np.searchsorted(src_v[order], np.arange(len(P)))
cnt = np.bincount(src_v, minlength=len(P))
# next half-edge in a face: at the head v of h, take the twin (v->u) and turn to
# the one just clockwise of it: the face lies on the left of each half-edge.
twin = np.arange(2 * m) ^ 1
t = twin; v = src_v[t]; k = pos[t] - first[v]
nxt = order[first[v] + (k - 1) % cnt[v]]
face = np.full(2 * m, -1, dtype=np.int64)
nf = 0; areas = []; boxes = []
for h0 in range(2 * m):
    if face[h0] >= 0: continue
    h = h0; a = 0.0; x0 = P[src_v[h0], 0]; y0 = P[src_v[h0], 1]
    xs = []; ys = []
    while face[h] < 0:
        face[h] = nf
        ax, ay = P[src_v[h]] - (x0, y0); bx, by = P[dst_v[h]] - (x0, y0)
        a += ax * by - bx * ay; xs.append(P[src_v[h], 0]); ys.append(P[src_v[h], 1])
        h = nxt[h]
    areas.append(a / 2); boxes.append((min(xs), min(ys), max(xs), max(ys))); nf += 1
areas = np.array(areas); boxes = np.array(boxes)
bounded = areas > 0
narrow = bounded & (np.minimum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]) <= 2 * r)
inner = narrow[face[0::2]] & narrow[face[1::2]]
print(f"faces {nf}: bounded {bounded.sum()}, narrow (box side <= {2*r:g} m) {narrow.sum()}; "
      f"edges between two narrow faces {inner.sum()} of {m} ({100*inner.mean():.1f} %)")
side = np.minimum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1])
print("bounded faces' shorter box side, quartiles (m):", np.percentile(side[bounded], [25, 50, 75]).round(1))
