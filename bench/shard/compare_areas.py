#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# The worst relative area difference between the features of two GeoJSON files
# with the same features in the same order (a single run's and a merged run's
# service_areas.geojson), areas in the working CRS EPSG:4547.
#   compare_areas.py A.geojson B.geojson [EPSG]
import sys

from osgeo import gdal, ogr, osr

# At 10M segments the dissolved service area is one feature of over 200 MB of
# GeoJSON, GDAL's default limit for one object.
gdal.SetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0")


def areas(path, epsg):
    ds = ogr.Open(path)
    layer = ds.GetLayer(0)
    src, dst = layer.GetSpatialRef(), osr.SpatialReference()
    dst.ImportFromEPSG(epsg)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    out = []
    for f in layer:
        g = f.GetGeometryRef().Clone()
        g.Transform(ct)
        out.append(g.GetArea())
    return out


epsg = int(sys.argv[3]) if len(sys.argv) > 3 else 4547
a, b = areas(sys.argv[1], epsg), areas(sys.argv[2], epsg)
if len(a) != len(b):
    sys.exit(f"{len(a)} features against {len(b)}")
worst = max((abs(x - y) / x for x, y in zip(a, b) if x > 0), default=0.0)
print(f"{len(a)} features, total {sum(a):.1f} m2 against {sum(b):.1f} m2, worst relative difference {worst:.2e}")
sys.exit(0 if worst <= 1e-4 else 1)
