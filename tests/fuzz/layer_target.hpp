// SPDX-License-Identifier: Apache-2.0
#pragma once

// The entry point of the layer harnesses (fuzz_layer.cpp), shared with the
// release suite's regression tests (tests/fuzz_regression_test.cpp) so that a
// finding is replayed through exactly the code that found it.

#include <string>

#include "jobs/coverage_run.hpp"
#include "siting/jobs/inputs.hpp"

namespace siting::fuzz {

// Reads the layer at `path` in `role` the way the command that reads it does:
// parcels, facilities and zones as `siting check`; roads as `siting coverage`,
// then the walking graph and its index; a proposal as `siting review`. Throws
// what they throw.
inline void read_layer(io::Role role, const std::string& path) {
  io::LayerSource source;
  source.role = role;
  source.path = path;
  jobs::InputOptions options;
  switch (role) {
    case io::Role::Parcels:
      options.parcels = source;
      break;
    case io::Role::Facilities:
      options.facilities = source;
      break;
    case io::Role::Zones:
      options.zones.push_back(source);
      break;
    case io::Role::Roads:
      options.roads = source;
      options.require_kind = options.require_floor_area = false;
      break;
    case io::Role::Proposal:
      options.proposals.push_back({source, ""});
      options.require_kind = options.require_floor_area = false;
      options.need_land_area = true;
      break;
    default:
      throw Error(ErrorCode::Internal, std::string("no layer harness for role ") + io::to_string(role));
  }
  jobs::Inputs in = jobs::load_inputs(options);
  if (role == io::Role::Roads) jobs::detail::build_walk_network(in, jobs::CoverageSettings{});
}

}  // namespace siting::fuzz
