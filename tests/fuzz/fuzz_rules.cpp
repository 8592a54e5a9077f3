// SPDX-License-Identifier: Apache-2.0
// libFuzzer harness: a rule-set document (--rules FILE) and --set overrides,
// and the same document as a plan file (--plan FILE): both are JSON with
// comments, read by one reader, and the seeds hold presets of both.
// Input: the JSON document, then any number of overrides ("key=value"), each
// after a form feed. The overrides go to the parsed rule set, or to the default
// preset when the document is refused, so they are exercised either way.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "siting/indicators/plan.hpp"
#include "siting/rules/ruleset.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  siting::fuzz::silence_log();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace siting;
  const std::vector<std::string> parts =
      fuzz::split_parts(std::string(reinterpret_cast<const char*>(data), size));
  rules::RuleSet set = rules::load_rules("guangdong");
  fuzz::expect_documented([&] { set = rules::parse_rules(parts[0], "fuzz.json"); });
  fuzz::expect_documented([&] { indicators::parse_plan(parts[0], "fuzz.json"); });
  for (std::size_t i = 1; i < parts.size(); ++i)
    fuzz::expect_documented([&] { rules::apply_override(set, parts[i]); });
  return 0;
}
