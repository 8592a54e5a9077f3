# SPDX-License-Identifier: Apache-2.0
"""Opens every layer of a siting.gpkg in QGIS (python3-qgis, headless) and checks
that QGIS applies the style siting embedded: the renderer type and its classes,
labels, and a Chinese / English alias on every field. Optionally renders each
styled layer to PNG (for docs/report.md).

usage: load_styles.py GPKG EXPECTED_JSON [PNG_DIR]
EXPECTED_JSON maps a layer name to {"renderer": type, "attr": field, "classes": n,
"labels": bool}; every layer of the file must be listed (attribute tables: {}).
"""
import json
import os
import re
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")
from qgis.core import (QgsApplication, QgsMapRendererParallelJob, QgsMapSettings,  # noqa: E402
                       QgsVectorLayer)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

gpkg, expected_path = sys.argv[1], sys.argv[2]
png_dir = sys.argv[3] if len(sys.argv) > 3 else None
expected = json.load(open(expected_path, encoding="utf-8"))

app = QgsApplication([], False)
app.initQgis()
failures = []
cjk = re.compile(r"[\u4e00-\u9fff]")

from osgeo import ogr  # noqa: E402
ds = ogr.Open(gpkg)
names = [ds.GetLayerByIndex(i).GetName() for i in range(ds.GetLayerCount())]
names = [n for n in names if n != "layer_styles"]
if sorted(names) != sorted(expected):
    failures.append(f"layers {sorted(names)}, expected {sorted(expected)}")

for name in names:
    want = expected.get(name, {})
    layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
    if not layer.isValid():
        failures.append(f"{name}: QGIS cannot open it")
        continue
    # QGIS applied the default style of layer_styles when it opened the layer: a
    # layer it styles itself has a single symbol, no labels and no aliases.
    got = []
    if want.get("renderer"):
        r = layer.renderer()
        kind = r.type() if r else None
        got.append(kind)
        if kind != want["renderer"]:
            failures.append(f"{name}: renderer {kind}, expected {want['renderer']}")
        elif kind == "categorizedSymbol":
            if r.classAttribute() != want["attr"] or len(r.categories()) != want["classes"]:
                failures.append(f"{name}: categorized on {r.classAttribute()} with {len(r.categories())} classes, "
                                f"expected {want['attr']} with {want['classes']}")
        elif kind == "graduatedSymbol":
            if r.classAttribute() != want["attr"] or len(r.ranges()) != want["classes"]:
                failures.append(f"{name}: graduated on {r.classAttribute()} with {len(r.ranges())} ranges, "
                                f"expected {want['attr']} with {want['classes']}")
        if bool(layer.labelsEnabled()) != bool(want.get("labels", False)):
            failures.append(f"{name}: labels {'on' if layer.labelsEnabled() else 'off'}")
    missing = [f.name() for f in layer.fields() if f.name() != "fid" and not cjk.search(layer.attributeAlias(layer.fields().indexOf(f.name())))]
    if missing:
        failures.append(f"{name}: no Chinese alias for {', '.join(missing)}")
    sample = layer.fields()[1].name() if layer.fields().count() > 1 else ""
    print(f"{name}: {layer.featureCount()} features, renderer {got[0] if got else '-'}"
          f"{', labels' if layer.labelsEnabled() else ''}; {layer.fields().count() - 1} fields with aliases"
          f" (e.g. {sample} = {layer.attributeAlias(1)})")
    if png_dir and want.get("renderer"):
        settings = QgsMapSettings()
        settings.setLayers([layer])
        settings.setBackgroundColor(QColor(255, 255, 255))
        settings.setOutputSize(QSize(800, 600))
        settings.setDestinationCrs(layer.crs())
        settings.setExtent(layer.extent().buffered(layer.extent().width() * 0.03))
        job = QgsMapRendererParallelJob(settings)
        job.start()
        job.waitForFinished()
        job.renderedImage().save(os.path.join(png_dir, f"qgis-{name}.png"), "png")

    del layer

for f in failures:
    print("FAIL:", f)
sys.stdout.flush()
app.exitQgis()
# Python's teardown after exitQgis() can crash in PyQt's destructors; the
# verdict is already printed, so leave without it.
os._exit(1 if failures else 0)
