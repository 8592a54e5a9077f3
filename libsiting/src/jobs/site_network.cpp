// SPDX-License-Identifier: Apache-2.0
// `siting site` in network mode: read, build the walking graph, coverage
// before, the location problem on the graph, solve, coverage after.

#include "jobs/site_run.hpp"
#include "siting/error.hpp"

namespace siting::jobs::detail {

SiteJobResult run_site_network(const SiteJobOptions&, const rules::RuleSet&) {
  throw Error(ErrorCode::Usage, "network mode is not available yet; use matrix mode (--od)");
}

}  // namespace siting::jobs::detail
