// SPDX-License-Identifier: Apache-2.0
#pragma once

// The files each command may write, worked out from its options before any work,
// so that io::OutputDir refuses a user's file with one of these names up front
// rather than after a long run. (OutputDir checks every staged name again, so a
// name missing here is still never overwritten; it is only refused later.)

#include <string>
#include <vector>

#include "siting/jobs/check.hpp"
#include "siting/jobs/coverage.hpp"
#include "siting/jobs/site.hpp"

namespace siting::jobs::detail {

std::vector<std::string> check_outputs(const CheckOptions& options);
std::vector<std::string> coverage_outputs(const CoverageJobOptions& options);
// Network mode adds the geometry (sites.geojson, gaps_after.geojson, map.png).
std::vector<std::string> site_outputs(const SiteJobOptions& options);
// One proposal: its four files; several: four in each proposal's folder, plus the summaries.
// report.html (and report.pdf) when --report (and not --no-pdf).
void add_report(std::vector<std::string>& names, bool report, bool pdf);
std::vector<std::string> review_outputs(const std::vector<std::string>& proposal_folders);

}  // namespace siting::jobs::detail
