#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Markdown table of the OR-Library p-median runs written by pmed.sh.

  pmed_table.py RESULTS_DIR [ORLIB_DIR]

The published optima (Beasley 1990, OR-Library pmedinfo / pmedopt.txt) are
listed below; when ORLIB_DIR holds pmedopt.txt, the two are compared first.
"""
import json
import os
import sys

OPTIMA = [5819, 4093, 4250, 3034, 1355, 7824, 5631, 4445, 2734, 1255, 7696, 6634, 4374, 2968, 1729, 8162, 6999,
          4809, 2845, 1789, 9138, 8579, 4619, 2961, 1828, 9917, 8307, 4498, 3033, 1989, 10086, 9297, 4700, 3013,
          10400, 9934, 5057, 11060, 9423, 5128]


def check_pmedopt(orlib):
    path = os.path.join(orlib, "pmedopt.txt")
    if not os.path.exists(path):
        return
    found = {}
    for line in open(path):
        parts = line.split()
        if len(parts) == 2 and parts[0].startswith("pmed") and parts[1].isdigit():
            found[int(parts[0][4:])] = int(parts[1])
    for i, opt in enumerate(OPTIMA, 1):
        if found.get(i) != opt:
            sys.exit(f"pmed_table: pmedopt.txt says pmed{i} = {found.get(i)}, the table here {opt}")


def main():
    results = sys.argv[1]
    if len(sys.argv) > 2:
        check_pmedopt(sys.argv[2])
    print("| instance | n | p | heuristic | optimum | gap to optimum % | proven bound | bound gap % | seconds "
          "| exact | exact status | exact seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    gaps, secs, hits = [], [], 0
    for i, opt in enumerate(OPTIMA, 1):
        path = os.path.join(results, f"pmed{i}.heuristic.json")
        if not os.path.exists(path):
            continue
        h = json.load(open(path))
        n = h["preprocessing"]["demand_points"]
        p = len(h["chosen"])
        gap = 100.0 * (h["objective"] - opt) / opt
        gaps.append(gap)
        secs.append(h["seconds"])
        hits += h["objective"] == opt
        exact = ["", "", ""]
        epath = os.path.join(results, f"pmed{i}.exact.json")
        if os.path.exists(epath):
            e = json.load(open(epath))
            status = e["exact_status"] if e["exact_run"] else "heuristic proven"
            exact = [f"{e['objective']:.0f}", status, f"{e['seconds']:.1f}"]
        print(f"| pmed{i} | {n} | {p} | {h['objective']:.0f} | {opt} | {gap:.3f} | {h['bound']:.1f} "
              f"| {100 * h['gap']:.2f} | {h['seconds']:.2f} | {' | '.join(exact)} |")
    if gaps:
        print(f"\n{len(gaps)} instances: optimum reached on {hits}, mean gap to the optimum {sum(gaps) / len(gaps):.3f} %, "
              f"worst {max(gaps):.3f} %, heuristic seconds total {sum(secs):.1f}")


if __name__ == "__main__":
    main()
