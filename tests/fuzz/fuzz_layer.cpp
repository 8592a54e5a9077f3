// SPDX-License-Identifier: Apache-2.0
// libFuzzer harness: one input layer as GeoJSON, read the way the commands read
// it (jobs::load_inputs: open, choose the working CRS, read into it), from a
// GDAL in-memory file. Built once per role; SITING_FUZZ_ROLE picks it:
//   parcels, facilities, zones  as `siting check` reads them
//   roads                       as `siting coverage` does, then the walking graph and its index
//   proposal                    as `siting review` does (phases and facilities in one layer)

#include <cpl_vsi.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "jobs/coverage_run.hpp"
#include "siting/jobs/inputs.hpp"

#define SITING_FUZZ_STR2(x) #x
#define SITING_FUZZ_STR(x) SITING_FUZZ_STR2(x)

namespace {

enum class Role { parcels, facilities, zones, roads, proposal };
constexpr Role kRole = Role::SITING_FUZZ_ROLE;
const char* const kPath = "/vsimem/fuzz/" SITING_FUZZ_STR(SITING_FUZZ_ROLE) ".geojson";

void read(const std::string& path) {
  using namespace siting;
  io::LayerSource source;
  source.path = path;
  jobs::InputOptions options;
  switch (kRole) {
    case Role::parcels:
      source.role = io::Role::Parcels;
      options.parcels = source;
      break;
    case Role::facilities:
      source.role = io::Role::Facilities;
      options.facilities = source;
      break;
    case Role::zones:
      source.role = io::Role::Zones;
      options.zones.push_back(source);
      break;
    case Role::roads:
      source.role = io::Role::Roads;
      options.roads = source;
      options.require_kind = options.require_floor_area = false;
      break;
    case Role::proposal:
      source.role = io::Role::Proposal;
      options.proposals.push_back({source, ""});
      options.require_kind = options.require_floor_area = false;
      options.need_land_area = true;
      break;
  }
  jobs::Inputs in = jobs::load_inputs(options);
  if (kRole == Role::roads) jobs::detail::build_walk_network(in, jobs::CoverageSettings{});
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  siting::fuzz::silence_log();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // GDAL reads the fuzzer's buffer in place (no copy, not taken over).
  VSIFCloseL(VSIFileFromMemBuffer(kPath, const_cast<GByte*>(data), static_cast<vsi_l_offset>(size), FALSE));
  siting::fuzz::expect_documented([] { read(kPath); });
  VSIUnlink(kPath);
  return 0;
}
