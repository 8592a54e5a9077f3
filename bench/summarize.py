# SPDX-License-Identifier: Apache-2.0
"""Median tables (markdown) from the JSON files bench/run.sh writes.

    python3 bench/summarize.py RESULTS_DIR
"""
import glob
import json
import os
import re
import statistics
import sys


def load(pattern):
    out = {}
    for path in sorted(glob.glob(pattern)):
        with open(path) as f:
            j = json.load(f)
        label = os.path.basename(path).split("-")[1]
        out.setdefault(label, []).append(j)
    return out


def order(labels):
    def key(l):
        return float(l[:-1]) * (1e6 if l.endswith("m") else 1e3 if l.endswith("k") else 1)
    return sorted(labels, key=key)


def med(values):
    return statistics.median(values) if values else float("nan")


def main(results):
    pipeline = load(os.path.join(results, "pipeline-*.json"))
    baseline = load(os.path.join(results, "baseline-*.json"))
    boost = load(os.path.join(results, "boost-*.json"))
    cli = load(os.path.join(results, "cli-*.json"))
    cli3 = load(os.path.join(results, "cli3-*.json"))
    sizes = order(pipeline.keys())

    print("## Pipeline stages (siting-bench, median of %s runs: wall s / peak RSS MB)\n" %
          ",".join(str(len(pipeline[s])) for s in sizes))
    stage_names = []
    for s in sizes:
        for row in pipeline[s][0]["stages"]:
            name = ("  " * row["depth"]) + row["stage"]
            if name not in stage_names:
                stage_names.append(name)
    print("| stage | " + " | ".join(s for s in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for name in stage_names:
        cells = []
        for s in sizes:
            times, peaks = [], []
            for run in pipeline[s]:
                for row in run["stages"]:
                    if ("  " * row["depth"]) + row["stage"] == name:
                        times.append(row["seconds"])
                        if "peak_mb" in row:
                            peaks.append(row["peak_mb"])
            if not times:
                cells.append("")
            elif peaks:
                cells.append("%.3f s / %.0f MB" % (med(times), med(peaks)))
            else:
                cells.append("%.3f s" % med(times))
        shown = name.replace("  ", "&nbsp;&nbsp;&nbsp;&nbsp;")
        print("| %s | %s |" % (shown, " | ".join(cells)))
    print("| **total** | " + " | ".join("**%.3f s / %.0f MB**" % (med([r["total_s"] for r in pipeline[s]]),
                                                                    med([r["peak_mb"] for r in pipeline[s]]))
                                       for s in sizes) + " |")
    print()
    print("Parallel speed-up available (2 spinning threads against 1, before / after each run): " + "; ".join(
        "%s: %s" % (s, ", ".join("%.2f/%.2f" % (r.get("speedup_before", float("nan")), r.get("speedup_after", float("nan")))
                               for r in pipeline[s])) for s in sizes))
    print("\nOne thread's spin, s, and the 1-minute load average, before / after each run: " + "; ".join(
        "%s: %s" % (s, ", ".join("%.2f/%.2f s, load %.1f/%.1f" % (
            r.get("spin_one_s_before", float("nan")), r.get("spin_one_s_after", float("nan")),
            r.get("loadavg_before", float("nan")), r.get("loadavg_after", float("nan"))) for r in pipeline[s]))
        for s in sizes) + "\n")
    print("| counts | " + " | ".join(sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    # settled and pieces: only from siting-bench before it timed analyse_coverage as a whole.
    for key in ["road_features", "walkable_lines", "vertices", "edges", "components", "graph_mb", "input_lines_mb", "parcels",
                "facilities", "reached", "settled", "pieces", "dissolved_polygons", "dissolved_vertices",
                "parcels_with_gap"]:
        vals = [pipeline[s][0].get(key) for s in sizes]
        if all(v is None for v in vals):
            continue
        print("| %s | %s |" % (key, " | ".join(("%.1f" % v) if isinstance(v, float) else str(v) for v in vals)))
    print()

    # Stages by name at any depth: the parts of analyse_coverage (search, polygons, ...)
    # are sub-rows since siting-bench times the library's own stages; before, they
    # were stages of their own. Top-level and sub-row names do not overlap.
    def rjs(s, names):
        return med([sum(r["seconds"] for r in run["stages"] if r["stage"] in names)
                    for run in pipeline[s]])

    print("## CPU seconds per stage (user + system, all threads; median) and CPU / wall\n")
    print("| stage | " + " | ".join(sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for name in [n for n in stage_names if not n.startswith(" ")]:
        cells = []
        for s in sizes:
            cpu = [r["cpu_s"] for run in pipeline[s] for r in run["stages"] if r["stage"] == name and "cpu_s" in r]
            wall = [r["seconds"] for run in pipeline[s] for r in run["stages"] if r["stage"] == name and r["depth"] == 0]
            cells.append("%.3f (%.1f×)" % (med(cpu), med(cpu) / med(wall)) if cpu and med(wall) > 0 else "")
        print("| %s | %s |" % (name, " | ".join(cells)))
    print()

    print("## Targets (medians)\n")
    print("| measure | " + " | ".join(sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    print("| search | " + " | ".join("%.3f s" % rjs(s, ["search"]) for s in sizes) + " |")
    print("| read + build + search | " + " | ".join("%.3f s" % rjs(s, ["read", "build", "search"]) for s in sizes) + " |")
    print("| read + build + index + (snap +) search | " +
          " | ".join("%.3f s" % rjs(s, ["read", "build", "index", "snap facilities", "search"]) for s in sizes) + " |")
    print("| polygons (+ dissolve) + gap map | " +
          " | ".join("%.3f s" % rjs(s, ["polygons", "dissolve", "gap map"]) for s in sizes) + " |")
    print("| peak RSS (bench) | " + " | ".join("%.0f MB" % med([r["peak_mb"] for r in pipeline[s]]) for s in sizes) + " |")
    if cli:
        print("| CLI `siting coverage` wall | " + " | ".join(
            "%.2f s" % med([c["wall_s"] for c in cli.get(s, [])]) for s in sizes) + " |")
        print("| CLI peak RSS | " + " | ".join(
            "%.0f MB" % med([c["max_rss_kb"] / 1024 for c in cli.get(s, [])]) for s in sizes) + " |")
    if cli3:
        print("| CLI, three tiers (5, 10, 15 min) wall | " + " | ".join(
            "%.2f s" % med([c["wall_s"] for c in cli3.get(s, [])]) for s in sizes) + " |")
        print("| CLI, three tiers peak RSS | " + " | ".join(
            "%.0f MB" % med([c["max_rss_kb"] / 1024 for c in cli3.get(s, [])]) for s in sizes) + " |")
    print()

    # The CLI's own stage timers (siting -v, three tiers): "stage NAME: S s".
    stages3 = {}
    for path in sorted(glob.glob(os.path.join(results, "cli3-*.txt"))):
        label = os.path.basename(path).split("-")[1]
        run = {}
        for line in open(path):
            m = re.search(r"stage (.+): ([0-9.eE+-]+) s$", line.strip())
            if m:
                run[m.group(1)] = run.get(m.group(1), 0.0) + float(m.group(2))
        stages3.setdefault(label, []).append(run)
    if stages3:
        names = []
        for runs in stages3.values():
            for run in runs:
                names += [n for n in run if n not in names]
        cols = order(stages3.keys())
        print("## CLI stage timers, three tiers (siting -v, median s)\n")
        print("| stage | " + " | ".join(cols) + " |")
        print("|---|" + "---|" * len(cols))
        for n in names:
            print("| %s | %s |" % (n, " | ".join("%.3f" % med([r[n] for r in stages3[s] if n in r]) for s in cols)))
        print()

    print("## Linearity: seconds per 100k segments (median run)\n")
    print("| stage | " + " | ".join(sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for name in ["read", "build", "index", "analyse_coverage", "search", "parcel times", "parcel access + times",
                 "polygons", "dissolve", "gap map", "facility polygons", "facility areas", "write"]:
        if not any(r["stage"] == name for s in sizes for run in pipeline[s] for r in run["stages"]):
            continue
        cells = []
        for s in sizes:
            seg = pipeline[s][0]["walkable_lines"]
            cells.append("%.3f" % (rjs(s, [name]) / seg * 1e5))
        print("| %s | %s |" % (name, " | ".join(cells)))
    print("| total | " + " | ".join("%.3f" % (med([r["total_s"] for r in pipeline[s]]) /
                                              pipeline[s][0]["walkable_lines"] * 1e5) for s in sizes) + " |")
    print()

    if baseline:
        print("## Bare program (GDAL read, hash join, one multi-source Dijkstra), median\n")
        print("| step | " + " | ".join(order(baseline.keys())) + " |")
        print("|---|" + "---|" * len(baseline))
        names = [r["stage"] for r in baseline[order(baseline.keys())[0]][0]["stages"]]
        for name in names:
            cells = []
            for s in order(baseline.keys()):
                t = [r["seconds"] for run in baseline[s] for r in run["stages"] if r["stage"] == name]
                p = [r["peak_mb"] for run in baseline[s] for r in run["stages"] if r["stage"] == name]
                cells.append("%.3f s / %.0f MB" % (med(t), med(p)))
            print("| %s | %s |" % (name, " | ".join(cells)))
        print("| read + join + search | " + " | ".join(
            "%.3f s / %.0f MB" % (med([r["read_join_search_s"] for r in baseline[s]]),
                                  med([r["peak_mb"] for r in baseline[s]])) for s in order(baseline.keys())) + " |")
        print()

    if boost:
        reps = sorted({r.get("repeat", 0) for runs in boost.values() for r in runs})
        print("## siting vs Boost.Graph on the same graph (median of runs, each the median of %s searches)\n" %
              "/".join(str(r) for r in reps))
        print("| size | structure | build s | graph MB | build peak +MB | search ≤ budget s | whole-graph search s |"
              " search +MB | labels s | differences (reach/distance/label) |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for s in order(boost.keys()):
            for key, name in [("siting", "siting WalkGraph + nearest_facility"),
                              ("boost_csr", "Boost compressed_sparse_row_graph"),
                              ("boost_adjacency_list", "Boost adjacency_list (vecS, undirected)")]:
                runs = [r[key] for r in boost[s]]
                m = lambda k: med([r[k] for r in runs])
                diff = "reference" if key == "siting" else "%d / %d / %d" % (
                    max(r["reach_mismatches"] for r in runs), max(r["distance_mismatches"] for r in runs),
                    max(r["label_mismatches"] for r in runs))
                print("| %s | %s | %.3f | %.1f | %.1f | %.4f | %.4f | %.1f | %.4f | %s |" % (
                    s, name, m("build_s"), m("graph_mb"), m("build_peak_mb"), m("search_bounded_s"),
                    m("search_full_s"), m("search_extra_mb"), m("labels_s"), diff))
        print()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
