// SPDX-License-Identifier: Apache-2.0
// libFuzzer harness: one input layer as GeoJSON, read the way the commands read
// it (jobs::load_inputs: open, choose the working CRS, read into it), from a
// GDAL in-memory file (layer_target.hpp). Built once per role; SITING_FUZZ_ROLE
// (an io::Role) picks it:
//   parcels, facilities, zones  as `siting check` reads them
//   roads                       as `siting coverage` does, then the walking graph and its index
//   proposal                    as `siting review` does (phases and facilities in one layer)

#include <cpl_vsi.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "layer_target.hpp"

#define SITING_FUZZ_STR2(x) #x
#define SITING_FUZZ_STR(x) SITING_FUZZ_STR2(x)

namespace {

constexpr siting::io::Role kRole = siting::io::Role::SITING_FUZZ_ROLE;
const char* const kPath = "/vsimem/fuzz/" SITING_FUZZ_STR(SITING_FUZZ_ROLE) ".geojson";

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  siting::fuzz::silence_log();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // GDAL reads the fuzzer's buffer in place (no copy, not taken over).
  VSIFCloseL(VSIFileFromMemBuffer(kPath, const_cast<GByte*>(data), static_cast<vsi_l_offset>(size), FALSE));
  siting::fuzz::expect_documented([] { siting::fuzz::read_layer(kRole, kPath); });
  VSIUnlink(kPath);
  return 0;
}
