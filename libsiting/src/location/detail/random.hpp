// SPDX-License-Identifier: Apache-2.0
#pragma once

// Seeded random numbers for the perturbation moves: splitmix64 and plain modulo,
// never a <random> distribution, whose sequences differ between standard
// libraries (the same seed must give the same sites everywhere).

#include <cstddef>
#include <cstdint>

namespace siting::location::detail {

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_;
};

}  // namespace siting::location::detail
