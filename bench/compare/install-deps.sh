#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Debian 12 packages for the side-by-side comparisons in bench/compare/:
# PostgreSQL 15 with PostGIS and pgRouting (pgr_drivingDistance), GDAL's command
# line tools and Python bindings (ogr2ogr, osgeo), networkx and numpy for the
# system Python (/usr/bin/python3). Uses sudo when not run as root.
set -euo pipefail
sudo=""
if [[ $(id -u) != 0 ]]; then sudo=sudo; fi
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends \
  postgresql-15 postgresql-15-postgis-3 postgresql-15-pgrouting postgresql-client-15 \
  gdal-bin python3-gdal python3-networkx python3-numpy
