// SPDX-License-Identifier: Apache-2.0
#pragma once

// The city report (--report on check, coverage, site and access): report.html, and report.pdf when the
// run names a browser. Built from the tables the run wrote (Output::kept), the
// results, and maps and charts drawn here; nothing is computed that the CSV
// files do not hold.

#include "siting/coverage/result.hpp"
#include "siting/indicators/indicators.hpp"
#include "siting/provision/result.hpp"
#include "siting/report/access.hpp"
#include "siting/report/report.hpp"

namespace siting::report::detail {

// The same for `coverage`, `site` (network mode; `findings` the terminal
// summary's lines, `tradeoff_png` the chart) and `access`.
void write_coverage_report(Output& out, const Run& run, const coverage::CoverageResult& coverage);
void write_site_report(Output& out, const SiteReport& report, const std::string& findings,
                       const std::string& tradeoff_png);
void write_access_report(Output& out, const AccessReport& report);

// The site command's map.png (network mode): parcels covered after, the gaps
// left, existing facilities, the new sites numbered by rank.
std::string site_map_png(const SiteReport& report);

void write_check_report(Output& out, const Run& run, const provision::ProvisionResult& provision,
                        const coverage::CoverageResult* coverage, const indicators::IndicatorTable& indicators);

}  // namespace siting::report::detail
