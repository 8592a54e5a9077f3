// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reading the thematic layers into the model, in the working CRS. Every
// problem is an Error naming the file, layer, feature and field; nothing is
// dropped silently.

#include <vector>

#include "siting/crs/crs.hpp"
#include "siting/io/layer.hpp"
#include "siting/model.hpp"

namespace siting::io {

struct ReadOptions {
  crs::Crs working_crs = crs::Crs::Epsg(4547);
  KindVocabulary kinds = KindVocabulary::Defaults();
  // Facility type and operator values (--type-value, --operator-value); a value in
  // neither is E105, as an unknown estate kind is.
  FacilityTypeVocabulary facility_types = FacilityTypeVocabulary::Defaults();
  OperatorVocabulary operators = OperatorVocabulary::Defaults();
  // Invalid polygons are an error (E107) listing their ids, unless repaired.
  bool repair_invalid = false;
  // Coverage needs households but not the estate kind, and facility locations
  // but not their floor area.
  bool require_kind = true;
  bool require_floor_area = true;
  // A parcel layer without an elderly field is E104 (and a parcel without a value
  // E105) when the elderly are the demand (siting site --weight elderly).
  bool require_elderly = false;
  // Threads reading the roads (RoadReadOptions::threads); 0: one per core.
  unsigned threads = 0;
};

// Polygons with households and kind (新建 / 已建). Ids must be unique.
std::vector<Estate> read_estates(const VectorLayer& layer, const ReadOptions& options);

// Points (or polygons, placed at a point inside) with floor area; land area is
// required only when `need_land_area` (the zone rule uses it).
std::vector<Facility> read_facilities(const VectorLayer& layer, const ReadOptions& options,
                                      bool need_land_area);

// Candidate sites for siting: points (or polygons, placed at a point inside)
// with optional capacity (households), floor area, land area and cost.
std::vector<Candidate> read_candidates(const VectorLayer& layer, const ReadOptions& options);

// Polygons with an optional level, population and households.
std::vector<Zone> read_zones(const VectorLayer& layer, const ReadOptions& options);

}  // namespace siting::io
