// SPDX-License-Identifier: Apache-2.0
#pragma once

// Pieces of output every job shares: the run's provenance in summary.json and
// writing a table in the formats asked for.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "siting/io/output_dir.hpp"
#include "siting/io/table.hpp"
#include "siting/jobs/inputs.hpp"
#include "siting/rules/ruleset.hpp"

namespace siting::jobs::detail {

using ordered_json = nlohmann::ordered_json;

// load_rules(name_or_path), then each override in turn.
rules::RuleSet load_rules(const std::string& name_or_path, const std::vector<std::string>& overrides);
ordered_json rules_json(const rules::RuleSet& rules);
ordered_json inputs_json(const Inputs& inputs);
// Share as a fraction rounded to 4 decimals, or null when there is no denominator.
ordered_json share(double part, double whole);
double r2(double v);
// "12.3%", or "n/a" when there is no denominator (terminal summaries).
std::string pct(double part, double whole);
inline std::string pct(std::size_t part, std::size_t whole) {
  return pct(static_cast<double>(part), static_cast<double>(whole));
}

// The zones containing each estate (provision::zones_containing on the estates' labels).
std::vector<std::vector<std::size_t>> estate_zones(const Inputs& inputs);
// One column per zone level, "zone_街道" etc., holding the id of the zone at that
// level: add_zone_columns declares them, add_zone_cells fills a row's.
void add_zone_columns(io::Table& table, const std::vector<std::string>& levels);
void add_zone_cells(std::vector<io::Value>& row, const Inputs& inputs, const std::vector<std::size_t>& zones_here);

struct Writer {
  io::OutputDir& out;
  const crs::Crs& working;
  bool gpkg = false;
  io::CsvOptions csv;
  std::vector<std::string> files;

  // name.csv, plus name.geojson when the table has geometry, plus a layer in siting.gpkg.
  void table(const io::Table& t, bool csv_file = true, bool geojson = true);
  void json(const ordered_json& doc, const std::string& name);
};

}  // namespace siting::jobs::detail
