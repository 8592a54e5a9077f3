// SPDX-License-Identifier: Apache-2.0
#pragma once

// The city report of `check` (--report): report.html, and report.pdf when the
// run names a browser. Built from the tables the run wrote (Output::kept), the
// results, and maps and charts drawn here; nothing is computed that the CSV
// files do not hold.

#include "siting/coverage/result.hpp"
#include "siting/indicators/indicators.hpp"
#include "siting/provision/result.hpp"
#include "siting/report/report.hpp"

namespace siting::report::detail {

void write_check_report(Output& out, const Run& run, const provision::ProvisionResult& provision,
                        const coverage::CoverageResult* coverage, const indicators::IndicatorTable& indicators);

}  // namespace siting::report::detail
