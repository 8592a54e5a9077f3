#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A clustered synthetic city for the location benchmark (matrix mode).

Demand points (households) and candidate sites are drawn around cluster
centres; the cost is the straight-line distance times a detour factor of 1.3
(a walking-network stand-in), in metres. The cutoff is chosen so that a demand
point has `--reach` candidates within it on average, and only pairs within the
cutoff are written, as a bounded network search would produce them.

Writes od.csv, demand.csv, sites.csv and meta.json into the output folder.
Deterministic: the same --seed gives byte-identical files (Python's random
module with an explicit seed).

  make_clustered.py OUT [--demand 20000] [--candidates 2000] [--reach 11] [--seed 1]
"""
import argparse
import bisect
import json
import math
import os
import random


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--demand", type=int, default=20000)
    ap.add_argument("--candidates", type=int, default=2000)
    ap.add_argument("--reach", type=float, default=11.0, help="mean candidates within the cutoff")
    ap.add_argument("--clusters", type=int, default=60)
    ap.add_argument("--size", type=float, default=20000.0, help="side of the square city (m)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)

    centres = [(rng.uniform(0, a.size), rng.uniform(0, a.size), rng.uniform(300, 1200), rng.uniform(0.2, 1.0))
               for _ in range(a.clusters)]
    total = sum(c[3] for c in centres)

    def clustered():
        pick = rng.uniform(0, total)
        for cx, cy, spread, w in centres:
            pick -= w
            if pick <= 0:
                break
        return (min(max(rng.gauss(cx, spread), 0.0), a.size), min(max(rng.gauss(cy, spread), 0.0), a.size))

    demand = [clustered() for _ in range(a.demand)]
    weights = [rng.randint(20, 400) for _ in range(a.demand)]
    # Most candidates (vacant plots, community buildings) sit where people live; some anywhere.
    sites = [clustered() if rng.random() < 0.8 else (rng.uniform(0, a.size), rng.uniform(0, a.size))
             for _ in range(a.candidates)]

    # Grid index over the candidates; collect pairs within a generous radius, then
    # cut at the radius that gives the requested mean reach.
    radius = 2500.0
    cell = radius
    grid = {}
    for j, (x, y) in enumerate(sites):
        grid.setdefault((int(x // cell), int(y // cell)), []).append(j)
    pairs = []  # (cost, demand, site)
    for i, (x, y) in enumerate(demand):
        cx, cy = int(x // cell), int(y // cell)
        for gx in (cx - 1, cx, cx + 1):
            for gy in (cy - 1, cy, cy + 1):
                for j in grid.get((gx, gy), ()):
                    d = math.hypot(x - sites[j][0], y - sites[j][1]) * 1.3
                    if d <= radius * 1.3:
                        pairs.append((round(d, 1), i, j))
    pairs.sort()
    want = int(a.reach * a.demand)
    if want > len(pairs):
        raise SystemExit("make_clustered: not enough pairs for the requested reach; raise the radius")
    cutoff = pairs[want - 1][0]
    cut = bisect.bisect_right(pairs, (cutoff, a.demand, a.candidates))
    kept = sorted(pairs[:cut], key=lambda p: (p[1], p[2]))

    with open(os.path.join(a.out, "demand.csv"), "w") as f:
        f.write("id,weight\n")
        for i, w in enumerate(weights):
            f.write(f"d{i},{w}\n")
    with open(os.path.join(a.out, "sites.csv"), "w") as f:
        f.write("id\n")
        for j in range(a.candidates):
            f.write(f"s{j}\n")
    with open(os.path.join(a.out, "od.csv"), "w") as f:
        f.write("demand_id,site_id,cost\n")
        for d, i, j in kept:
            f.write(f"d{i},s{j},{d}\n")
    reached = len({p[1] for p in kept})
    meta = {"demand": a.demand, "candidates": a.candidates, "pairs": len(kept), "cutoff": cutoff,
            "mean_reach": len(kept) / a.demand, "demand_reached": reached, "seed": a.seed}
    with open(os.path.join(a.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
