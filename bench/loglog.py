#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Draws bench/scaling.sh's scaling.csv as a log-log plot (SVG, no plotting
# library needed): wall seconds and peak MB against segments, each with the
# line of slope 1 (cost proportional to size) through its largest point.
#   bench/loglog.py WORK_DIR/scaling.csv docs/img/scaling.svg
import csv
import math
import sys

rows = [(int(r["segments"]), float(r["wall_s"]), float(r["peak_mb"])) for r in csv.DictReader(open(sys.argv[1]))]
W, H, L, R, T, B = 680, 420, 70, 60, 30, 50
xs = [n for n, _, _ in rows]
ys = [v for _, w, p in rows for v in (w, p)]
ys += [rows[-1][i] * min(xs) / rows[-1][0] for i in (1, 2)]  # the dashed lines' far ends
x0, x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))


def px(n):
    return L + (math.log10(n) - x0) / (x1 - x0) * (W - L - R)


def py(v):
    return H - B - (math.log10(v) - y0) / (y1 - y0) * (H - T - B)


out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>']
for e in range(x0, x1 + 1):
    out.append(f'<line x1="{px(10**e):.1f}" y1="{T}" x2="{px(10**e):.1f}" y2="{H - B}" stroke="#ddd"/>')
    out.append(f'<text x="{px(10**e):.1f}" y="{H - B + 16}" text-anchor="middle">10^{e}</text>')
for e in range(y0, y1 + 1):
    out.append(f'<line x1="{L}" y1="{py(10**e):.1f}" x2="{W - R}" y2="{py(10**e):.1f}" stroke="#ddd"/>')
    out.append(f'<text x="{L - 6}" y="{py(10**e) + 4:.1f}" text-anchor="end">{10**e:g}</text>')
out.append(f'<text x="{(L + W - R) / 2}" y="{H - 12}" text-anchor="middle">street segments</text>')
out.append(f'<text x="{L}" y="{T - 12}">siting coverage: wall seconds (blue), peak MB (orange); dashed: cost proportional to size</text>')
for i, colour in ((1, "#1f77b4"), (2, "#ff7f0e")):
    pts = [(px(r[0]), py(r[i])) for r in rows]
    out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (colour, " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)))
    for (x, y), r in zip(pts, rows):
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>')
        out.append(f'<text x="{x + 6:.1f}" y="{y - 6:.1f}" fill="{colour}">{r[i]:.0f}</text>' if r[i] >= 100 else f'<text x="{x + 6:.1f}" y="{y - 6:.1f}" fill="{colour}">{r[i]:.3g}</text>')
    n_max, v_max = rows[-1][0], rows[-1][i]
    lo = min(xs)
    out.append(f'<line x1="{px(lo):.1f}" y1="{py(v_max * lo / n_max):.1f}" x2="{px(n_max):.1f}" y2="{py(v_max):.1f}" '
               f'stroke="{colour}" stroke-dasharray="5,4" stroke-width="1"/>')
out.append("</svg>")
open(sys.argv[2], "w").write("\n".join(out) + "\n")
