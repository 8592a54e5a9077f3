// SPDX-License-Identifier: Apache-2.0
// libFuzzer harness: a --config TOML file, through the command line the
// `siting` program builds (tools/cli.hpp): CLI11's config reader, the option
// checks that turn the flags into a job's options, and the rule set and --set
// overrides every job loads first. No job runs and no input file is opened.
// Input: the first byte picks the command (the file cannot: the command name is
// given on the command line), the rest is the TOML file.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli.hpp"
#include "fuzz_support.hpp"
#include "jobs/common.hpp"

namespace {

// --config takes a path, so the input is written to a file of this process's own.
std::string config_path;

void remove_config() { std::remove(config_path.c_str()); }

const std::string& rules_of(const siting::cli::Request& r) {
  using C = siting::cli::Request::Command;
  return r.command == C::Check ? r.check.rules
         : r.command == C::Coverage ? r.coverage.rules
         : r.command == C::Review ? r.review.rules : r.site.rules;
}

const std::vector<std::string>& overrides_of(const siting::cli::Request& r) {
  using C = siting::cli::Request::Command;
  return r.command == C::Check ? r.check.overrides
         : r.command == C::Coverage ? r.coverage.overrides
         : r.command == C::Review ? r.review.overrides : r.site.overrides;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  siting::fuzz::silence_log();
  config_path = (std::filesystem::temp_directory_path() / ("siting-fuzz-config-" + std::to_string(getpid()) + ".toml"))
                    .string();
  std::atexit(remove_config);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace siting;
  if (size == 0) return 0;
  static const char* const commands[] = {"check", "coverage", "review", "site"};
  const char* command = commands[data[0] % 4];
  {
    std::ofstream out(config_path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  cli::SitingCli cli;
  const char* argv[] = {"siting", "--config", config_path.c_str(), command};
  try {
    cli.app().parse(4, argv);
  } catch (const CLI::ParseError&) {
    return 0;  // E001 with the parser's message, as main() reports it
  }
  fuzz::expect_documented([&] {
    const cli::Request r = cli.request();
    // A rule-set file named in the config is not read (the fuzzer could name
    // /dev/zero); the overrides then go to the default preset. Names without
    // '/' or '.' are what load_rules takes as presets.
    const std::string& rules = rules_of(r);
    const bool preset = rules.find_first_of("/.") == std::string::npos;
    jobs::detail::load_rules(preset ? rules : "guangdong", overrides_of(r));
  });
  return 0;
}
