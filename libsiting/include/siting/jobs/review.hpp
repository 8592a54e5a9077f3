// SPDX-License-Identifier: Apache-2.0
#pragma once

// `siting review`: one proposal in, one verdict out — or a folder or layer of
// proposals, each with its report and one summary table.
//
//   ReviewJobOptions o;
//   o.proposals = {{io::LayerSource{io::Role::Proposal, "proposal.geojson"}, ""}};
//   o.inputs.facilities = io::LayerSource{io::Role::Facilities, "facilities.gpkg"};  // context
//   o.inputs.roads = io::LayerSource{io::Role::Roads, "city.osm.pbf", "lines"};
//   o.out_dir = "review";
//   ReviewJobResult r = run_review(o);   // r.exit_code: 0 pass, 1 fail

#include <string>
#include <vector>

#include "siting/jobs/coverage.hpp"
#include "siting/jobs/inputs.hpp"

namespace siting::jobs {

struct ReviewJobOptions {
  // A file, a GeoPackage, a PostGIS layer, or a folder (every .geojson, .json,
  // .gpkg, .fgb and .shp file in it, and every sub-folder of Shapefiles).
  std::vector<ProposalSource> proposals;
  InputOptions inputs;  // context: existing facilities, zones, roads, parcels (all optional)
  std::string rules = "guangdong";
  std::vector<std::string> overrides;
  CoverageSettings settings;
  std::string out_dir;
};

struct ReviewJobResult {
  int exit_code = 0;  // 0: every proposal passes; 1: one fails
  std::string summary_text;
  std::vector<std::string> files;
};

ReviewJobResult run_review(const ReviewJobOptions& options);

}  // namespace siting::jobs
