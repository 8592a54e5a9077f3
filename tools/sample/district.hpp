// SPDX-License-Identifier: Apache-2.0
#pragma once

// The synthetic sample district 示例新城 as siting-make-sample lays it out: estates,
// facilities, zones, roads and planning-permit proposals in local metres (origin at
// the district's south-west corner; whole and half metres only, so every
// predicate below is exact). layout.cpp holds the estates, facilities, zones and
// proposals, streets.cpp the roads.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "siting/geometry.hpp"

namespace siting::tools::sample {

constexpr std::uint64_t kSeed = 20240917;
constexpr int kWorkingEpsg = 4547;  // CGCS2000 / 3-degree Gauss-Kruger CM 114E
constexpr double kCentreLon = 113.52;
constexpr double kCentreLat = 22.80;
constexpr double kWidth = 2400.0;  // extent of the original town, metres (fixes the origin)
constexpr double kHeight = 1800.0;
// The 东湾 new-development area east of 东环路 (x = 2400) and south of 港城路 (y = 900).
constexpr double kEastX = 3000.0;
constexpr double kEastTop = 900.0;

// ---------------------------------------------------------------------------
// Plane helpers on siting's geometry types.

double half_metre(double v);
bool contains(const Box& b, const Point& p);
Point centre(const Box& b);
bool overlaps(const Box& a, const Box& b);
Ring ccw_ring(const Box& b);
Ring cw_ring(const Box& b);
Ring closed(std::vector<Point> pts);
// Exact for whole and half metres: every product is far below 2^53.
double orient(const Point& a, const Point& b, const Point& c);
bool on_segment(const Point& p, const Point& a, const Point& b);
// a, then the candidates lying strictly inside segment a-b in order from a, each once.
std::vector<Point> split_at(const Point& a, const Point& b, const std::vector<Point>& candidates);

// ---------------------------------------------------------------------------
// Estates (小区).

enum class Plan {
  Pass,         // one facility inside, enough floor area
  Fail,         // one facility inside, too small
  None,         // no facility at all
  AddressPass,  // enough, but mapped at a street address outside the polygon (小区编号 set)
  AddressFail,  // too small, mapped outside the polygon (小区编号 set)
  Two,          // two facilities inside that pass only together
  Land,         // a stand-alone day-care centre on its own plot (用地面积 > 0)
};

enum class Shape { Block, Notch, Hole, TwoParts, Large, Gated };

struct EstateSpec {
  int col, row;
  bool is_new;
  Plan plan;
  Shape shape = Shape::Block;
  double land_m2 = 0.0;   // for Plan::Land
  bool new_area = false;  // in the 东湾 new-development area (no facilities yet)
};

struct Estate {
  std::string id, name, kind;
  std::int64_t households = 0;
  std::int64_t elderly = 0;  // 老年人口 (60+), drawn by add_capacities
  MultiPolygon geometry;
  std::vector<Box> parts;     // rectangles facilities may be placed in
  std::vector<Box> keep_out;  // notch and hole, with a margin
  Box frontage;               // the block between the street centrelines (a street address faces its south side)
  const EstateSpec* spec = nullptr;
};

// The block between the street centrelines, and the estate's red line in it
// (over `rows` rows of blocks), set back from the centrelines by road class.
Box block(int col, int row);
Box estate_rect(const EstateSpec& spec);

// The estate's internal layout, by kind, size and shape.
enum class Paths {
  None,      // small old estates (under 450 households) and the gated one (its driveway is private)
  Ring,      // new estates: a service road round the buildings, 55 m inside the red line, two gates
  Lane,      // old estates: a service lane through, west to east, and a footway from the south
  Through,   // the two-part estate: a footway through both parts, across 陈家巷
  Comb,      // the large estate: a service road through, south to north, and two cross footways
  RingBar,   // a large new-area estate: a ring road with a footway across it
  Around,    // the estate with a hole: a service road from the south gate round to the east gate
  Resettle,  // the resettlement estate: a service road in from its south-west corner, on to the
             // east gate, and a footway from the west gate
};
Paths paths_of(const Estate& e);

// ---------------------------------------------------------------------------
// Facilities (养老服务设施), zones (区 / 街道 / 社区) and roads.

struct Facility {
  std::string id, name, category;
  double floor_m2 = 0.0;
  double land_m2 = 0.0;
  std::string estate_id;  // 小区编号; empty: null
  // 床位数, 护理型床位 and 运营主体, drawn by add_capacities; unset / empty: null.
  std::optional<std::int64_t> beds, nursing_beds;
  std::string operator_kind;
  Point at;
  std::optional<std::size_t> estate;  // the estate it counts for, as designed
  std::string note;                   // for the README
};

struct Zone {
  std::string id, name, level;
  std::optional<std::int64_t> population;
  Ring ring;
  std::optional<std::int64_t> elderly = std::nullopt;  // 老年人口, drawn by add_capacities
};

struct Road {
  std::string highway;
  std::string name;  // empty: null
  bool bridge = false;
  bool foot_no = false;
  bool private_access = false;
  std::optional<std::int64_t> layer;
  LineString line;
  std::string note;        // for the README
  bool in_estate = false;  // a service road or footway inside an estate
};

struct StreetNetwork {
  std::vector<Road> roads;
  std::size_t estate_lines = 0;  // lines inside estates
  std::size_t gates = 0;         // where a line inside an estate leaves it
};

// The streets, the roads inside the estates, noded; then a duplicated and a
// zero-length way (cleaning cases). Throws Error(E501) on a layout mistake.
StreetNetwork make_roads(const std::vector<Estate>& estates);

// ---------------------------------------------------------------------------
// Proposals (报建方案) for `siting review`, on land not yet built on.

struct ProposalPhase {
  int number;
  std::string kind;  // 类型
  std::int64_t households;
  Box r;
};

struct PlannedFacility {
  std::string id, name, category;
  double floor_m2, land_m2;
  int floor;  // 1 = ground floor, -1 = first basement
  bool lift, entrance;
  int phase;
  bool planned, built, accepted, handed_over;  // 四同步
  Point at;
};

struct ProposalSpec {
  std::string id, name;
  std::vector<ProposalPhase> phases;
  std::vector<PlannedFacility> facilities;
  std::string where;  // for the README
  // For the README; "{share_before}" stands for the households' share built
  // before the facilities' phase and, in the first proposal, "{circle}" for the
  // estates its first facility would be the nearest to (from a siting run).
  std::string intent;
  std::string served_by;  // the name of the existing facility placed to serve it, if any
};

// ---------------------------------------------------------------------------
// The whole district.

struct District {
  Point origin;  // of the local metres, in EPSG:4547
  std::vector<Estate> estates;
  std::vector<Facility> facilities;
  std::vector<Zone> zones;
  StreetNetwork streets;
  const std::vector<ProposalSpec>* proposals = nullptr;
};

// Lays the district out from the seed. Throws Error(E501) on a layout mistake.
District make_district();

}  // namespace siting::tools::sample
