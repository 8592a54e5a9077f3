// SPDX-License-Identifier: Apache-2.0
// The README's two set-up commands are the project's promise to a new user:
// .ci/run must run the second one verbatim, and the siting part of the first
// one (the main job on the embedded sample) must work as written.

#include <catch2/catch.hpp>

#include <sstream>

#include "support.hpp"

using namespace siting::test;
using Catch::Matchers::Contains;

namespace {

std::vector<std::string> sh_blocks(const std::string& markdown) {
  std::vector<std::string> out;
  std::istringstream in(markdown);
  std::string line, block;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("```", 0) == 0) {
      if (inside) out.push_back(block);
      inside = !inside && line == "```sh";
      block.clear();
    } else if (inside) {
      block += line;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("the README's commands: CI runs the test command, and the main job runs", "[readme]") {
  const auto blocks = sh_blocks(read_file(source("README.md")));
  REQUIRE(blocks.size() >= 2);
  const std::string run = blocks[0], test = blocks[1];
  CHECK_THAT(test, Contains("ctest --preset release"));
  CHECK_THAT(read_file(source(".ci/run")), Contains(test));

  const std::string exe = "build/release/siting ";
  const auto at = run.find(exe);
  REQUIRE(at != std::string::npos);
  std::istringstream args(run.substr(at + exe.size()));
  std::vector<std::string> argv;
  for (std::string a; args >> a;) argv.push_back(a.rfind("geodata/", 0) == 0 ? source(a) : a);
  TempDir tmp;
  for (std::string& a : argv)
    if (a == "out/sample") a = tmp / "sample";
  const auto r = run_siting(argv);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("siting check: ") && Contains(" estates (") && Contains("service circle"));
  // --report: the city report, and the summary says where to open it.
  CHECK(exists(tmp / "sample/report.html"));
  CHECK(exists(tmp / "sample/report.pdf"));
  CHECK_THAT(r.out, Contains("/report.html (open it in a browser)"));
}
