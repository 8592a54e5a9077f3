#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""An OR-Library p-median instance (pmedN.txt) as the three CSV files of
`siting site` matrix mode, so the command itself can be run on the benchmark:

  orlib_to_od.py pmed1.txt OUT        # writes OUT/od.csv, OUT/demand.csv, OUT/sites.csv; prints p
  siting site --model pmedian --k 5 --od OUT/od.csv --demand OUT/demand.csv \\
              --sites OUT/sites.csv --cutoff 0 --out out/pmed1

Beasley's format: "n m p", then m lines "i j cost" (1-based, undirected; where an
edge is listed twice the last occurrence counts). Costs are all-pairs shortest
paths (one Dijkstra per vertex); every vertex is a demand point of weight 1 and
a candidate site, ids "1" ... "n", as the engine's own OR-Library reader does
(docs/siting.md, section 1).
"""
import heapq
import os
import sys


def main():
    path, out = sys.argv[1], sys.argv[2]
    with open(path) as f:
        n, m, p = (int(x) for x in f.readline().split())
        edges = {}
        for _ in range(m):
            i, j, c = (int(x) for x in f.readline().split())
            edges[(min(i, j), max(i, j))] = c  # the last occurrence counts
    adj = [[] for _ in range(n + 1)]
    for (i, j), c in edges.items():
        adj[i].append((j, c))
        adj[j].append((i, c))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "od.csv"), "w") as od:
        od.write("demand_id,site_id,cost\n")
        for s in range(1, n + 1):
            dist = [None] * (n + 1)
            heap = [(0, s)]
            while heap:
                d, v = heapq.heappop(heap)
                if dist[v] is not None:
                    continue
                dist[v] = d
                for w, c in adj[v]:
                    if dist[w] is None:
                        heapq.heappush(heap, (d + c, w))
            for t in range(1, n + 1):
                if dist[t] is not None:
                    od.write(f"{t},{s},{dist[t]}\n")
    with open(os.path.join(out, "demand.csv"), "w") as f:
        f.write("id,weight\n" + "".join(f"{i},1\n" for i in range(1, n + 1)))
    with open(os.path.join(out, "sites.csv"), "w") as f:
        f.write("id\n" + "".join(f"{i}\n" for i in range(1, n + 1)))
    print(p)


if __name__ == "__main__":
    main()
