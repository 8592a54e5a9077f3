// SPDX-License-Identifier: Apache-2.0
#pragma once

// What siting reports for the sample district: the generator runs the library's
// commands on the files it has just written and the README quotes their outputs.
// The expected figures themselves live in tests/sample_expected.hpp, which
// tests/sample_test.cpp holds both these outputs and the README to.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sample/district.hpp"
#include "siting/rules/ruleset.hpp"

namespace siting::tools::sample {

// A CSV row as siting writes it: column name -> text.
using CsvRow = std::map<std::string, std::string>;

// The written layers.
struct SampleFiles {
  std::string estates, facilities, zones, roads;
  std::string proposals;  // the folder of proposals
};

struct Figures {
  rules::RuleSet rules;  // guangdong, as every run below uses it
  double lateral_m = 0;  // siting's default lateral distance

  // siting check --roads on the sample; the CSV files' rows by id.
  nlohmann::json summary;  // summary.json
  std::map<std::string, CsvRow> estates, zones, zones_coverage, parcels, facilities_coverage;
  std::string gap_parcels, households_left_out;  // as the terminal summary prints them

  // siting review of proposals/ with the layers as context: review.json by
  // proposal id, per run ("guangdong", "anhui", and "guangdong --parcels").
  std::map<std::string, std::map<std::string, nlohmann::json>> reviews;

  // siting coverage with the first proposal's first facility added to the facilities.
  std::map<std::string, CsvRow> parcels_with_proposal;
  std::map<std::string, CsvRow> zones_coverage_with_proposal;
};

// Runs siting check, review and coverage on the files in a temporary folder.
// Throws siting::Error when a run fails.
Figures run_siting(const District& district, const SampleFiles& files);

}  // namespace siting::tools::sample
