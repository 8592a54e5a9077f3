#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian 12 packages siting builds and tests with. Safe to re-run.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libgdal-dev gdal-bin          # vector input/output, OSM PBF, PostGIS
  libproj-dev proj-bin          # coordinate systems
  libgeos-dev                   # polygon overlay (C API)
  libtcmalloc-minimal4          # gperftools' tcmalloc, the allocator of the siting executables (docs/performance.md)
  libboost-dev                  # Boost.Geometry R-tree and predicates
  libcli11-dev nlohmann-json3-dev
  catch2                        # Catch2 2.x test framework
  coinor-libcbc-dev coinor-cbc  # COIN-OR Clp (LP bounds) and Cbc (exact mode) for the location models
  libcairo2-dev fonts-noto-cjk # the reports' charts and maps (Cairo), Chinese in maps, HTML and PDF
  python3-pulp                  # independent MIP check of the location engine (tests/location)
  python3 python3-gdal python3-networkx   # independent checks in the test suite
  chromium                      # prints the city report's report.pdf; opens the reports in the browser tests
  poppler-utils                 # pdfinfo: the report's page count in its browser test
  python3-qgis                  # opens siting.gpkg in real QGIS, headless, in the style test (tests/qgis)
  postgresql-15-postgis-3       # a throwaway PostGIS cluster for the PostGIS input and --out-db tests
  slurm-wlm munge               # a throwaway one-node Slurm cluster running the sharded coverage as a job array (tests/slurm, deploy/slurm)
  clang libclang-rt-14-dev      # the libFuzzer harnesses (tests/fuzz, cmake --preset fuzz): clang++ and its runtimes
)

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
