// SPDX-License-Identifier: Apache-2.0
// siting-make-sample: writes the synthetic sample district 示例新城 (a fictional
// Guangdong new town near 113.52°E, 22.80°N) that the docs, examples and tests use.
//
//   siting-make-sample --out geodata/sample
//
// Everything is laid out by hand on a street grid in EPSG:4547 metres (whole and
// half metres only); a splitmix64 generator with a fixed seed picks households,
// floor areas and facility positions; the roads inside estates follow from each
// estate's kind and shape. The output depends on nothing but the seed, so two runs
// give byte-identical files. It also writes proposals/: three planning-permit
// proposals for `siting review` on land not yet built on; and README.md, whose
// figures are what siting reports for these files (the generator runs it on them).
//
//   sample/layout.cpp     the estates, facilities, zones and proposals
//   sample/streets.cpp    the roads
//   sample/generator.cpp  the layers as GeoJSON, and the order of the work
//   sample/figures.cpp    siting check, review and coverage on the written files
//   sample/readme.cpp     README.md
//
// The expected figures are in tests/sample_expected.hpp: tests/sample_test.cpp
// holds siting's outputs and the README to them.

#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "sample/generator.hpp"
#include "siting/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"siting-make-sample: writes the synthetic sample district 示例新城 (estates, facilities,\n"
               "zones and roads as GeoJSON, three proposals in proposals/, plus README.md) into a folder.\n"
               "The output depends only on the built-in seed, so every run gives byte-identical files."};
  std::string out_dir;
  app.add_option("--out", out_dir, "output folder (created if missing; files replaced)")
      ->type_name("DIR")
      ->required();
  app.footer("\nExample:\n  siting-make-sample --out geodata/sample");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : siting::exit_code(siting::ErrorCode::Usage);
  }
  try {
    siting::tools::sample::write_sample(out_dir);
  } catch (const siting::Error& e) {
    std::cerr << "siting-make-sample: " << e.what() << "\n";
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "siting-make-sample: " << e.what() << "\n";
    return siting::exit_code(siting::ErrorCode::Internal);
  }
  return 0;
}
