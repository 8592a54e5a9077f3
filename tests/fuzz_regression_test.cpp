// SPDX-License-Identifier: Apache-2.0
// The inputs the fuzz harnesses found (tests/fuzz/regressions/<harness>/),
// each replayed through its harness's entry point with the documented outcome.
// Under the asan preset they also check that nothing leaks.

#include <catch2/catch.hpp>

#include "fuzz/layer_target.hpp"
#include "siting/error.hpp"
#include "support.hpp"

using namespace siting;

namespace {

// The error the layer harness's entry point throws for a regression input, or
// fails the test when it throws none.
Error layer_error(io::Role role, const std::string& file) {
  try {
    fuzz::read_layer(role, test::source("tests/fuzz/regressions/" + file));
  } catch (const Error& e) {
    return e;
  }
  FAIL(file << " was accepted");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("fuzz regression: a multipolygon with a later part whose ring is not closed is E107", "[fuzz-regression]") {
  // The parts before the rejected ring were left behind (LeakSanitizer in fuzz_parcels).
  const Error e = layer_error(io::Role::Parcels, "parcels/multipolygon-unclosed-second-ring.geojson");
  CHECK(e.code() == ErrorCode::InvalidGeometry);
  CHECK_THAT(e.what(), Catch::Contains("id=P1 (fid 0)") && Catch::Contains("not form a closed linestring"));
}

TEST_CASE("fuzz regression: a road at longitude 1e45 is E107, not an int overflow choosing a UTM zone",
          "[fuzz-regression]") {
  // UBSan in fuzz_roads: the data centre's longitude reached utm_epsg's int cast. The
  // layer's only street is unusable, so there is no usable extent and it is named.
  const Error e = layer_error(io::Role::Roads, "roads/longitude-1e45-utm-zone.geojson");
  CHECK(e.code() == ErrorCode::InvalidGeometry);
  CHECK_THAT(e.what(), Catch::Contains("fid 0") && Catch::Contains("longitude beyond 360"));
}
