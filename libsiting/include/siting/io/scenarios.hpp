// SPDX-License-Identifier: Apache-2.0
#pragma once

// A sweep file: the scenarios `siting sweep` evaluates on one city
// (docs/user-guide.md#siting-sweep). JSON, so that a script can write hundreds:
//
//   {"scenarios": [
//     {"name": "today"},
//     {"name": "12-minute circle", "minutes": [12]},
//     {"name": "F2 closed", "close": ["F2"]},
//     {"name": "stricter target", "set": ["coverage.target_share=0.95"]},
//     {"name": "the two proposed centres", "open": "proposed.geojson"},
//     {"name": "3 new sites", "site": {"model": "mclp", "k": 3, "candidate_spacing": 200}}
//   ]}
//
//   Sweep s = read_sweep("sweep.json");   // s.scenarios in file order

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "siting/io/layer.hpp"

namespace siting::io {

// A scenario's siting: which model, how many sites or what target, and from
// which candidates (a layer, or generated along the streets of the gaps).
struct ScenarioSite {
  std::string model;                     // "mclp", "psclp" or "pmedian"
  std::optional<std::size_t> k;          // mclp, pmedian: new sites, >= 1
  std::optional<double> target;          // psclp: share of households, (0, 1]
  std::optional<LayerSource> candidates;     // a layer of candidate points
  std::optional<double> candidate_spacing_m;  // or generated every this many metres
  std::string weight = "households";     // "households", "residents" or "elderly"
  bool no_capacity = false;
  bool exact = false;
  std::optional<double> time_limit_s;    // Cbc's limit with exact
};

struct Scenario {
  std::string name;                             // unique in the file
  std::optional<std::string> rules;             // a preset or rule-set file instead of the run's --rules
  std::vector<std::string> set;                 // rule overrides "key=value" after the run's --set
  std::optional<std::vector<double>> minutes;   // the tiers, instead of the run's
  std::optional<double> speed_m_per_s;
  std::vector<std::string> close;               // ids of existing facilities left out
  std::optional<LayerSource> open;              // points opened as new facilities
  std::optional<ScenarioSite> site;             // then new sites chosen by a model
};

struct Sweep {
  std::string path;
  std::vector<Scenario> scenarios;  // in file order: the comparison table's rows
  std::string text;                 // the file as read (a sweep run's key hashes it)
};

// Layer paths in the file are relative to the file's folder. Throws
// Error(E101) for a file that cannot be read and Error(E105) naming the
// scenario and key for anything else: not JSON, an unknown key, a wrong type,
// a duplicate or empty name, no scenario.
Sweep read_sweep(const std::string& path);

}  // namespace siting::io
