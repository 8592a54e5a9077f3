// SPDX-License-Identifier: Apache-2.0
#pragma once

// What every libFuzzer harness shares: the contract (an input either succeeds or
// throws siting::Error with a code other than E501) and a silent logger.

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <typeinfo>
#include <vector>

#include "siting/error.hpp"
#include "siting/log.hpp"

namespace siting::fuzz {

// Libfuzzer runs millions of inputs: warnings about each would drown its own
// report and cost most of the time, so log output (and the GDAL messages the
// library routes through the log) goes nowhere.
inline void silence_log() {
  log::set_level(LogLevel::Error);
  log::set_sink([](LogLevel, const std::string&) {});
}

// Runs `body` on one input. The documented outcomes return; anything else stops
// the process with the reason on stderr, which libFuzzer records as a crash with
// the input that caused it.
template <typename Body>
void expect_documented(Body&& body) {
  try {
    body();
  } catch (const siting::Error& e) {
    if (e.code() == ErrorCode::Internal) {
      std::fprintf(stderr, "fuzz: E501 (internal error) from an input: %s\n", e.what());
      std::abort();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: undocumented exception %s: %s\n", typeid(e).name(), e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "fuzz: undocumented exception of a non-standard type\n");
    std::abort();
  }
}

// The parts of `text` between form feeds (\f): harnesses that take several
// documents from one input use it, as the corpus script (tests/fuzz/seed-corpus.sh)
// joins them. One byte, never in the fixtures, so mutations can add or drop a part.
inline std::vector<std::string> split_parts(const std::string& text) {
  std::vector<std::string> parts;
  std::string::size_type start = 0;
  for (;;) {
    const auto end = text.find('\f', start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

}  // namespace siting::fuzz
