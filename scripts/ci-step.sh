#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs one CI step and prints its wall time, so the CI log says where the 90 minutes go.
# Usage: scripts/ci-step.sh NAME COMMAND [ARGS...]
set -uo pipefail
name=$1
shift
start=$(date +%s)
"$@"
rc=$?
echo "ci-step [$name] $* : exit $rc after $(($(date +%s) - start)) s"
exit $rc
