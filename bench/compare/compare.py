# SPDX-License-Identifier: Apache-2.0
"""Compares the reached vertices, their distances and nearest facilities of
siting (network_times.csv, at 1 m/s so time_s is metres), pgRouting and networkx,
matched by projected coordinates (x, y to the millimetre).

    python3 bench/compare/compare.py SITING_network_times.csv PG.csv NX.csv [--json OUT.json]
"""
import argparse
import csv
import json


def load(path, dist_col):
    rows = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            key = "%.3f,%.3f" % (float(r["x"]), float(r["y"]))
            rows[key] = (float(r[dist_col]), r["facility_id"])
    return rows


def diff(name, a, b, tol):
    only_a = [k for k in a if k not in b]
    only_b = [k for k in b if k not in a]
    common = [k for k in a if k in b]
    max_d = max((abs(a[k][0] - b[k][0]) for k in common), default=0.0)
    far = sum(1 for k in common if abs(a[k][0] - b[k][0]) > tol)
    fac = [k for k in common if a[k][1] != b[k][1]]
    return {
        "pair": name,
        "reached_a": len(a),
        "reached_b": len(b),
        "only_a": len(only_a),
        "only_b": len(only_b),
        "max_abs_distance_diff_m": max_d,
        "distance_diffs_over_tol": far,
        "facility_diffs": len(fac),
        "examples": [(k, a.get(k), b.get(k)) for k in (only_a[:3] + only_b[:3] + fac[:3])],
        "match": not only_a and not only_b and far == 0 and not fac,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("siting")
    ap.add_argument("pg")
    ap.add_argument("nx")
    ap.add_argument("--json")
    # siting writes time_s with 3 decimals; the others are compared to 1 mm.
    ap.add_argument("--tol", type=float, default=0.001)
    a = ap.parse_args()
    s = load(a.siting, "time_s")
    p = load(a.pg, "distance_m")
    n = load(a.nx, "distance_m")
    out = [diff("siting vs pgRouting", s, p, a.tol), diff("siting vs networkx", s, n, a.tol),
           diff("pgRouting vs networkx", p, n, a.tol)]
    for r in out:
        print("%-22s reached %d / %d, only in first %d, only in second %d, max |d| diff %.6f m, "
              "distance diffs > %.3f m: %d, nearest-facility diffs: %d -> %s" % (
                  r["pair"], r["reached_a"], r["reached_b"], r["only_a"], r["only_b"], r["max_abs_distance_diff_m"],
                  a.tol, r["distance_diffs_over_tol"], r["facility_diffs"], "SAME" if r["match"] else "DIFFERENT"))
        for e in r["examples"]:
            print("    e.g. %s: %s vs %s" % e)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()
