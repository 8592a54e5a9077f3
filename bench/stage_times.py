# SPDX-License-Identifier: Apache-2.0
# The stages of one `siting -v coverage` run, in seconds, from its log: reading
# the roads, the graph, and the analysis' and writer's `stage NAME: S s` lines
# (summed over tiers and tables). Shared by bench/shapes.sh and bench/scaling.sh.
import re

STAGES = ["roads", "graph", "search", "parcel times", "polygons", "dissolve", "gap map", "facility polygons", "write"]


def stage_times(log):
    out = {
        "roads": float(re.search(r"walkable lines of \d+ from .*\(([\d.]+) s\)", log).group(1)),
        "graph": float(re.search(r"walking graph: .*\(([\d.]+) s\)", log).group(1)),
    }
    for k in STAGES[2:]:
        out[k] = sum(float(x) for x in re.findall(rf"stage {k}: ([\d.e-]+) s", log))
    return out
