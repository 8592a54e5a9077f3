// SPDX-License-Identifier: Apache-2.0
#pragma once

// Deterministic random numbers: splitmix64, and no <random> distributions, whose
// output differs between standard libraries. Used by the location engine's
// perturbation moves (the same seed must give the same sites everywhere) and by
// the data generators (siting-make-sample, siting-make-city): the committed
// sample depends on this exact sequence, so changing it changes geodata/sample.

#include <cstddef>
#include <cstdint>

namespace siting::detail {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // In [0, 1), 53 random bits.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
  // In [lo, hi], both included.
  std::int64_t integer(std::int64_t lo, std::int64_t hi) {
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1U;
    return lo + static_cast<std::int64_t>(next() % span);
  }
  // In [0, n).
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool chance(double p) { return unit() < p; }

 private:
  std::uint64_t state_;
};

}  // namespace siting::detail
