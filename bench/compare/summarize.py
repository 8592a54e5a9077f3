# SPDX-License-Identifier: Apache-2.0
"""Median timings of bench/compare/run.sh (markdown).

    python3 bench/compare/summarize.py OUT/compare 100k 1m
"""
import glob
import json
import os
import re
import statistics
import sys

SECTIONS = [("-- graph", "graph (SQL: segments, vertices, edges, indexes)"),
            ("-- facilities", "snap facilities (KNN) + virtual starts"),
            ("-- pgr_drivingDistance", "pgr_drivingDistance, one call with all starts"),
            ("-- the same one start", "the same, one call per start on nearby edges")]


def pg_steps(path):
    """Seconds per section of a psql \\timing log; of the per-start section only its DO block."""
    steps, current, prev = {}, None, ""
    for line in open(path):
        text = line.strip()
        for prefix, name in SECTIONS:
            if line.startswith(prefix):
                current = name
        m = re.match(r"Time: ([0-9.]+) ms", text)
        if m and current and (current != SECTIONS[3][1] or prev == "DO"):
            steps[current] = steps.get(current, 0.0) + float(m.group(1)) / 1000
        if text:
            prev = text
    return steps


def med(v):
    return statistics.median(v) if v else float("nan")


def js(pattern):
    return [json.load(open(p)) for p in sorted(glob.glob(pattern))]


def main(root, labels):
    print("## siting, pgRouting and networkx on the same city (median of runs, seconds)\n")
    print("| step | " + " | ".join(labels) + " |")
    print("|---|" + "---|" * len(labels))
    rows = []

    def row(name, values, fmt="%.3f"):
        rows.append((name, [fmt % v if v == v else "" for v in values]))

    d = {l: os.path.join(root, l) for l in labels}
    row("siting: CLI `coverage --network-times` wall (no parcels)",
        [med([j["wall_s"] for j in js(d[l] + "/siting-time-*.json")]) for l in labels], "%.2f")
    row("siting: CLI peak RSS MB", [med([j["max_rss_kb"] / 1024 for j in js(d[l] + "/siting-time-*.json")])
                                      for l in labels], "%.0f")
    row("siting: WalkGraph::Build", [med([j["siting"]["build_s"] for j in js(d[l] + "/siting-search-*.json")])
                                      for l in labels], "%.3f")
    row("siting: nearest_facility, ≤ 900 m", [med([j["siting"]["search_bounded_s"]
                                                   for j in js(d[l] + "/siting-search-*.json")]) for l in labels], "%.4f")
    row("siting: nearest_facility, whole graph", [med([j["siting"]["search_full_s"]
                                                      for j in js(d[l] + "/siting-search-*.json")]) for l in labels], "%.4f")
    row("pgRouting: ogr2ogr load (roads, facilities)", [med([j["wall_s"] for j in js(d[l] + "/pg-load-time-*.json")])
                                                        for l in labels], "%.2f")
    for _, name in SECTIONS:
        row("pgRouting: " + name, [med([pg_steps(p).get(name, float("nan"))
                                        for p in sorted(glob.glob(d[l] + "/pgrouting-*.log"))]) for l in labels])
    row("pgRouting: psql script wall", [med([j["wall_s"] for j in js(d[l] + "/pg-sql-time-*.json")]) for l in labels],
        "%.2f")
    for key, name in [("read_s", "read (osgeo)"), ("graph_s", "graph"), ("snap_s", "snap facilities (numpy)"),
                      ("search_s", "dijkstra_predecessor_and_distance, cutoff 900 m"),
                      ("labels_write_s", "nearest facility + CSV")]:
        row("networkx: " + name, [med([j[key] for j in js(d[l] + "/nx-[0-9]*.json")]) for l in labels])
    row("networkx: process wall", [med([j["wall_s"] for j in js(d[l] + "/nx-time-*.json")]) for l in labels], "%.2f")
    row("networkx: peak RSS MB", [med([j["max_rss_kb"] / 1024 for j in js(d[l] + "/nx-time-*.json")])
                                  for l in labels], "%.0f")
    for name, cells in rows:
        print("| %s | %s |" % (name, " | ".join(cells)))
    print()
    print("## Answers\n")
    for l in labels:
        for r in json.load(open(d[l] + "/compare.json")):
            print("- %s, %s: %d / %d vertices reached, %d / %d only on one side, max |Δd| %.4f m, %d nearest-facility "
                  "differences: **%s**" % (l, r["pair"], r["reached_a"], r["reached_b"], r["only_a"], r["only_b"],
                                           r["max_abs_distance_diff_m"], r["facility_diffs"],
                                           "same" if r["match"] else "different"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:] or ["100k"])
