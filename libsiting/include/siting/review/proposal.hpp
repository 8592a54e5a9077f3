// SPDX-License-Identifier: Apache-2.0
#pragma once

// A developer's proposal for a residential estate: its phases (estate polygons
// with households and kind) and its planned elderly-care facilities with the
// facts a permit review needs (floor area, site area, floor, lift, entrance,
// phase, and the 四同步 flags).
//
// One dataset can hold one proposal or many (told apart by a proposal-id field).
// Phases and facilities may share one layer (a GeoJSON file with polygons and
// points) or sit in two layers (a GeoPackage with "estates" and "facilities").
// io::read_proposals (siting/io/proposal.hpp) reads them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "siting/geometry.hpp"
#include "siting/model.hpp"

namespace siting::review {

struct Phase {
  int number = 1;
  EstateKind kind = EstateKind::New;
  double households = 0.0;
  MultiPolygon geometry;
  double area_m2 = 0.0;
  std::int64_t fid = -1;
};

struct ProposedFacility {
  std::string id;
  std::string name;
  std::string category;
  Point location;
  double floor_area_m2 = 0.0;
  double land_area_m2 = 0.0;
  std::optional<int> floor;    // 1 = ground floor, -1 = first basement
  std::optional<int> phase;
  std::optional<bool> lift;
  std::optional<bool> independent_entrance;
  // 四同步: planned, built, accepted and handed over together with the housing.
  std::optional<bool> planned, built, accepted, handed_over;
  std::int64_t fid = -1;
};

struct Proposal {
  std::string id;
  std::string name;
  std::string source;  // "path, layer"
  std::vector<Phase> phases;
  std::vector<ProposedFacility> facilities;
  // Which optional facts the data carries at all (a missing column is "not
  // given", a missing value in a present column is a failure to give it).
  bool has_floor = false, has_lift = false, has_entrance = false, has_phase = false;
  bool has_planned = false, has_built = false, has_accepted = false, has_handed_over = false;

  double households() const;
  double households(EstateKind kind) const;
  MultiPolygon footprint() const;
  double area_m2() const;
};

// Yes/no values: yes, no, true, false, 1, 0, y, n, 是, 否, 有, 无. nullopt for
// anything else.
std::optional<bool> parse_yes_no(const std::string& text);

}  // namespace siting::review
