// SPDX-License-Identifier: Apache-2.0
// Runs siting on the sample it has just written, as the README's commands do, and
// reads the outputs back for the README.

#include "sample/figures.hpp"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "sample/generator.hpp"
#include "siting/coverage/service_area.hpp"
#include "siting/crs/crs.hpp"
#include "siting/error.hpp"
#include "siting/io/table.hpp"
#include "siting/jobs/check.hpp"
#include "siting/jobs/coverage.hpp"
#include "siting/jobs/review.hpp"
#include "siting/log.hpp"

namespace siting::tools::sample {
namespace {

namespace fs = std::filesystem;

class TempFolder {
 public:
  TempFolder() {
    std::string name = (fs::temp_directory_path() / "siting-make-sample-XXXXXX").string();
    if (!mkdtemp(name.data())) throw Error(ErrorCode::OutputFailed, "cannot create a temporary folder " + name);
    path_ = name;
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// The library logs what it reads and writes; the generator's own line is enough.
class QuietLog {
 public:
  QuietLog() : level_(log::level()) { log::set_level(LogLevel::Warn); }
  ~QuietLog() { log::set_level(level_); }
  QuietLog(const QuietLog&) = delete;
  QuietLog& operator=(const QuietLog&) = delete;

 private:
  LogLevel level_;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::OpenFailed, "cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The rows of a CSV file siting wrote, by their id. RFC 4180, as io::write_csv
// writes it: quoted cells may hold commas, quotes and newlines.
std::map<std::string, CsvRow> read_csv(const std::string& path) {
  const std::string text = read_text(path);
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted && c == '"' && i + 1 < text.size() && text[i + 1] == '"') cell += text[++i];
    else if (c == '"') quoted = !quoted;
    else if (quoted || (c != ',' && c != '\n' && c != '\r')) cell += c;
    else if (c == ',' || c == '\n') {
      rows.back().push_back(std::move(cell));
      cell.clear();
      if (c == '\n') rows.emplace_back();
    }
  }
  if (!rows.back().empty() || !cell.empty()) rows.back().push_back(std::move(cell));
  else rows.pop_back();
  std::map<std::string, CsvRow> out;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != rows[0].size())
      throw Error(ErrorCode::Internal, path + ": row " + std::to_string(r) + " has " + std::to_string(rows[r].size()) +
                                          " cells, the header " + std::to_string(rows[0].size()));
    CsvRow row;
    for (std::size_t c = 0; c < rows[r].size(); ++c) row[rows[0][c]] = rows[r][c];
    const std::string id = row.at("id");
    out[id] = std::move(row);
  }
  return out;
}

io::LayerSource layer(io::Role role, const std::string& path) {
  io::LayerSource s;
  s.role = role;
  s.path = path;
  return s;
}

jobs::InputOptions sample_inputs(const SampleFiles& files, bool parcels) {
  jobs::InputOptions in;
  if (parcels) in.parcels = layer(io::Role::Parcels, files.estates);
  in.facilities = layer(io::Role::Facilities, files.facilities);
  in.zones = {layer(io::Role::Zones, files.zones)};
  in.roads = layer(io::Role::Roads, files.roads);
  return in;
}

// `siting check --parcels --facilities --zones --roads` (the README's second command).
void run_check(const SampleFiles& files, const TempFolder& tmp, Figures& f) {
  jobs::CheckOptions o;
  o.inputs = sample_inputs(files, true);
  o.out_dir = tmp / "check";
  const jobs::CheckResult r = jobs::run_check(o);
  f.summary = nlohmann::json::parse(read_text(tmp / "check/summary.json"));
  f.estates = read_csv(tmp / "check/estates.csv");
  f.zones = read_csv(tmp / "check/zones.csv");
  f.zones_coverage = read_csv(tmp / "check/zones_coverage.csv");
  f.parcels = read_csv(tmp / "check/parcels.csv");
  f.facilities_coverage = read_csv(tmp / "check/facilities_coverage.csv");
  std::smatch m;
  if (!std::regex_search(r.summary_text, m,
                         std::regex(R"(gaps: (\d+) parcels with land outside the circle, (\d+) households left out)")))
    throw Error(ErrorCode::Internal, "siting check printed no gaps line:\n" + r.summary_text);
  f.gap_parcels = m[1];
  f.households_left_out = m[2];
}

// `siting review --proposal proposals/ --facilities --zones --roads [--parcels] --rules R`.
void run_review(const District& d, const SampleFiles& files, const TempFolder& tmp, const std::string& rules,
                bool parcels, Figures& f) {
  const std::string name = rules + (parcels ? " --parcels" : "");
  jobs::ReviewJobOptions o;
  o.proposals = {{layer(io::Role::Proposal, files.proposals), ""}};
  o.inputs = sample_inputs(files, parcels);
  o.rules = rules;
  o.out_dir = tmp / ("review-" + rules + (parcels ? "-parcels" : ""));
  jobs::run_review(o);
  for (const ProposalSpec& p : *d.proposals)
    f.reviews[name][p.id] = nlohmann::json::parse(read_text(o.out_dir + "/" + p.id + "/review.json"));
}

// `siting coverage` with the first proposal's first facility among the facilities.
void run_coverage_with_proposal(const District& d, const SampleFiles& files, const TempFolder& tmp, Figures& f) {
  const std::string with = tmp / "facilities-with-proposal.geojson";
  io::write_geojson(facilities_table(d, {d.proposals->front().facilities.front()}), crs::Crs::Epsg(kWorkingEpsg),
                    with);
  jobs::CoverageJobOptions o;
  o.inputs = sample_inputs(files, true);
  o.inputs.facilities = layer(io::Role::Facilities, with);
  o.out_dir = tmp / "coverage-with-proposal";
  jobs::run_coverage(o);
  f.parcels_with_proposal = read_csv(o.out_dir + "/parcels.csv");
  f.zones_coverage_with_proposal = read_csv(o.out_dir + "/zones_coverage.csv");
}

}  // namespace

Figures run_siting(const District& district, const SampleFiles& files) {
  const QuietLog quiet;
  const TempFolder tmp;
  Figures f;
  f.rules = rules::load_rules("guangdong");
  f.lateral_m = coverage::AreaOptions{}.lateral_m;
  run_check(files, tmp, f);
  for (const char* rules : {"guangdong", "anhui"}) run_review(district, files, tmp, rules, false, f);
  run_review(district, files, tmp, "guangdong", true, f);
  run_coverage_with_proposal(district, files, tmp, f);
  return f;
}

}  // namespace siting::tools::sample
