// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the reports share: the run's provenance in summary.json, number
// formatting of shares, and the zone_<level> columns.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "detail/text.hpp"
#include "siting/indicators/indicators.hpp"
#include "siting/report/columns.hpp"
#include "siting/report/report.hpp"

namespace siting::report::detail {

using ordered_json = nlohmann::ordered_json;
using siting::detail::format_fixed;
using siting::detail::format_number;

// siting_version, command, working_crs, inputs and rules: the head of summary.json.
ordered_json provenance(const char* command, const Run& run);
ordered_json rules_json(const rules::RuleSet& rules);
ordered_json inputs_json(const jobs::Inputs& inputs);
// A JSON output's text: Error(E501) for a NaN or an infinity anywhere in it,
// which nlohmann would write as null.
std::string json_text(const ordered_json& j, const std::string& file);
// Lists summary.json in summary["outputs"] and writes it.
void write_summary(Output& out, ordered_json& summary);
// "  city report: DIR/report.html (open it in a browser), DIR/report.pdf ...\n"
// when the run wrote one, else "".
std::string report_line(const Run& run);
// "Data: estates.geojson, roads.osm.pbf. Streets © OpenStreetMap contributors,
// ODbL 1.0": the maps' footer line; the OSM line when a layer is OSM (.osm, .pbf).
std::string data_attribution(const jobs::Inputs& inputs);
// "  outputs in DIR: FILES\n", the terminal summary's last line.
std::string outputs_line(const Run& run, const std::string& files);

// Share as a fraction rounded to 4 decimals, or null when there is no denominator.
ordered_json share(double part, double whole);
double r2(double v);
// "12.3%", or "n/a" when there is no denominator (terminal summaries).
std::string pct(double part, double whole);

// One column per zone level, "zone_街道" etc., holding the id of the zone at
// that level among zones_of(row) (indexes into inputs.zones).
template <typename Row, typename ZonesOf>
void add_zone_columns(Columns<Row>& cols, const jobs::Inputs& in, ZonesOf zones_of) {
  for (const std::string& level : in.zone_levels)
    cols.add("zone_" + level, Text, [&in, level, zones_of](const Row& row) -> io::Value {
      for (std::size_t z : zones_of(row))
        if (in.zones[z].level == level) return in.zones[z].id;
      return {};
    });
}

// The coverage figures in summary["coverage"], and their terminal lines.
void coverage_summary(const Run& run, const coverage::CoverageResult& coverage, ordered_json& summary);
std::string coverage_text(const Run& run, const coverage::CoverageResult& coverage);
// gaps.geojson's table: the uncovered part of each parcel (also the site report's gaps after).
io::Table gaps_table(const Run& run, const coverage::CoverageResult& coverage);
// The coverage tables (parcels.*, gaps, service areas, facilities, zones, network times).
void coverage_tables(Output& out, const Run& run, const coverage::CoverageResult& coverage);

// indicators.csv and summary["indicators"] (the study-area rows).
void indicator_outputs(Output& out, const Run& run, const indicators::IndicatorTable& table, ordered_json& summary);
// The terminal's indicator table: the study-area rows.
std::string indicators_text(const indicators::IndicatorTable& table);

}  // namespace siting::report::detail
