// SPDX-License-Identifier: Apache-2.0
#pragma once

// The layers of a run, opened and read: jobs::load_inputs opens them all,
// chooses the working CRS from them (crs::choose_working_crs) and reads them
// into it with read_layers.
//
//   OpenedLayers opened = open_layers(sources, assumed_crs);   // every file and layer checked
//   ... choose the working CRS from opened.all() ...
//   InputLayers read = read_layers(opened, read_options, walk_filter, need_land_area);

#include <optional>
#include <string>
#include <vector>

#include "siting/crs/crs.hpp"
#include "siting/io/layer.hpp"
#include "siting/io/readers.hpp"
#include "siting/io/roads.hpp"
#include "siting/model.hpp"
#include "siting/network/roads.hpp"
#include "siting/review/proposal.hpp"

namespace siting::io {

// A proposal dataset: its estates layer and, when apart, its facilities layer.
struct ProposalSource {
  LayerSource estates;
  std::string facilities_layer;  // empty: a layer named "facilities" if there is one, else the estates layer's points
};

// A file, a GeoPackage or a PostGIS layer stays one source; a folder becomes
// one source per dataset in it (every .geojson, .json, .gpkg, .fgb and .shp
// file, and every sub-folder of Shapefiles), sorted by name. Throws
// Error(E101) for a folder with none.
std::vector<ProposalSource> expand_proposal_path(const ProposalSource& source);

// Where each thematic layer of a run comes from; all optional.
struct InputSources {
  std::vector<ProposalSource> proposals;  // permit review: read first, and first in the CRS choice
  std::optional<LayerSource> parcels;
  std::optional<LayerSource> facilities;
  std::vector<LayerSource> zones;  // one per level, or one layer with a level field
  std::optional<LayerSource> roads;
  std::optional<LayerSource> candidates;  // siting: places a new facility could go
};

// Every layer of the run, opened: in the order they count in the CRS choice,
// are read and are listed in summary.json.
struct OpenedLayers {
  struct Proposal {
    VectorLayer estates;
    std::optional<VectorLayer> facilities;
  };
  std::vector<Proposal> proposals;
  std::optional<VectorLayer> parcels, facilities;
  std::vector<VectorLayer> zones;
  std::optional<VectorLayer> roads;
  // Last, so it never settles the working CRS (which the first layer may) ahead
  // of the parcels and facilities it must agree with.
  std::optional<VectorLayer> candidates;

  std::vector<const VectorLayer*> all() const;
};

// Opens everything first, so a missing file or layer is reported before any
// work. `assumed` is the CRS of sources that state none (--input-crs).
OpenedLayers open_layers(const InputSources& sources, const std::optional<crs::Crs>& assumed);

// One input layer as summary.json lists it.
struct LayerSummary {
  std::string role;
  std::string path;
  std::string layer;
  std::string crs;
  std::size_t features = 0;
};

// Everything read from the opened layers, in the working CRS.
struct InputLayers {
  std::vector<review::Proposal> proposals;  // in order of the sources
  std::vector<Estate> estates;
  std::vector<Facility> facilities;
  std::vector<Zone> zones;
  std::vector<std::string> zone_levels;  // in order of first appearance
  std::vector<LayerSummary> layers;      // in the order of OpenedLayers::all()
  // Given roads: the walkable lines and the walk filter's tallies. The
  // network stage takes the lines over to build its graph.
  std::optional<RoadLines> roads;
  std::vector<Candidate> candidates;
};

// Reads every opened layer into options.working_crs and logs what it read.
// Facilities need a land area when `need_land_area` and there are zones.
// Throws siting::Error for every input problem.
InputLayers read_layers(const OpenedLayers& opened, const ReadOptions& options, const network::WalkFilter& walk_filter,
                        bool need_land_area);

}  // namespace siting::io
