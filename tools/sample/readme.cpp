// SPDX-License-Identifier: Apache-2.0
// The sample's README: what is in the files and why, and the figures siting
// reports for them, taken from the runs in figures.cpp. No figure is typed in
// here; tests/sample_test.cpp holds them to the hand-checked ones.

#include "sample/readme.hpp"

#include <algorithm>
#include <map>
#include <sstream>

#include "detail/text.hpp"
#include "siting/error.hpp"

namespace siting::tools::sample {
namespace {

using nlohmann::json;
using rules::CoverageRule;
using siting::detail::format_fixed;
using siting::detail::format_number;
using siting::detail::join;

void require(bool ok, const std::string& what) {
  if (!ok) throw Error(ErrorCode::Internal, "sample README: " + what);
}

const CsvRow& row_of(const std::map<std::string, CsvRow>& rows, const std::string& id) {
  const auto it = rows.find(id);
  require(it != rows.end(), "no row for " + id + " in siting's output");
  return it->second;
}

std::string minutes_label(double m) { return format_number(m) + "min"; }
std::string percent(double share) { return format_fixed(100.0 * share + 1e-9, 1) + "%"; }

// "E37, E38 and E40"
std::string listing(const std::vector<std::string>& items) {
  if (items.size() < 2) return join(items, "");
  return join(std::vector<std::string>(items.begin(), items.end() - 1), ", ") + " and " + items.back();
}

// "E37-E40" for ids numbered one after the other, else "E37, E38 and E40".
std::string id_range(const std::vector<std::string>& ids) {
  bool consecutive = ids.size() > 2;
  for (std::size_t i = 1; i < ids.size() && consecutive; ++i)
    consecutive = std::stoi(ids[i].substr(1)) == std::stoi(ids[i - 1].substr(1)) + 1;
  return consecutive ? ids.front() + "-" + ids.back() : listing(ids);
}

std::string replaced(std::string text, const std::string& key, const std::string& value) {
  const auto at = text.find(key);
  return at == std::string::npos ? text : text.replace(at, key.size(), value);
}

// The new area's 社区 (东湾社区): east of the original town.
bool in_new_area(const Zone& z) { return z.level == "社区" && z.ring.front().x >= kWidth; }

const Estate& resettlement_estate(const District& d) {
  for (const Estate& e : d.estates)
    if (e.spec->new_area && !e.spec->is_new) return e;
  throw Error(ErrorCode::Internal, "sample README: no resettlement estate");
}

// "10-15": the tier an estate is reached in, from the one below it.
std::string tier_span(const Figures& f, const std::string& estate_id) {
  const std::vector<double>& m = f.rules.coverage.minutes;
  const std::string tier = row_of(f.parcels, estate_id).at("tier_min");
  for (std::size_t i = 0; i < m.size(); ++i)
    if (format_number(m[i]) == tier) return (i ? format_number(m[i - 1]) : "0") + "-" + tier;
  throw Error(ErrorCode::Internal, "sample README: " + estate_id + " is in no tier");
}

std::string intro_and_counts(const District& d) {
  const std::vector<Estate>& estates = d.estates;
  const std::vector<Facility>& facilities = d.facilities;
  const std::vector<Road>& roads = d.streets.roads;
  std::size_t n_new = 0, n_area = 0;
  std::map<Paths, std::size_t> styles;
  for (const Estate& e : estates) {
    n_new += e.spec->is_new ? 1U : 0U;
    n_area += e.spec->new_area ? 1U : 0U;
    styles[paths_of(e)]++;
  }
  std::map<std::string, std::size_t> estate_highways, levels, highways, categories;
  for (const Road& r : roads) {
    highways[r.highway]++;
    if (r.in_estate) estate_highways[r.highway]++;
  }
  for (const Zone& z : d.zones) levels[z.level]++;
  for (const Facility& f : facilities) categories[f.category]++;
  std::size_t in_estates = 0, with_id = 0, outside = 0;
  for (const Facility& f : facilities) {
    if (!f.estate_id.empty()) ++with_id;
    else if (f.estate) ++in_estates;
    else ++outside;
  }

  std::ostringstream s;
  s << "# Sample district 示例新城 (synthetic)\n\n"
    << "Made-up data for trying the tool, documentation and tests: a fictional Guangdong new town,\n"
    << "示例新城, about 2.4 km x 1.8 km centred near 113.52°E, 22.80°N, with a new-development area of\n"
    << "0.6 km x 0.9 km on its south-east side. It is **not** a real place.\n"
    << "Every file here, this README included, is written by\n\n"
    << "    build/release/siting-make-sample --out geodata/sample\n\n"
    << "from `tools/make_sample.cpp` (splitmix64 generator, seed " << kSeed << "). Running it again gives\n"
    << "byte-identical files; change the generator, not the files.\n\n"
    << "The generator lays the district out in EPSG:" << kWorkingEpsg << " (CGCS2000 / 3-degree Gauss-Kruger CM 114E)\n"
    << "on whole and half metres, with the south-west corner at x = " << format_fixed(d.origin.x, 0) << ", y = "
    << format_fixed(d.origin.y, 0) << ";\n"
    << "the files are GeoJSON (RFC 7946: WGS 84 longitude/latitude, 7 decimals). Layer names are the file stems.\n"
    << "Field names are Chinese, as a Guangdong bureau would deliver them. (Polygons are written as\n"
    << "MultiPolygons; GDAL's GeoJSON writer stores the single-part ones as Polygon.)\n\n"
    << "## Files\n\n"
    << "| file | geometry | fields |\n|---|---|---|\n"
    << "| `estates.geojson` | Polygon (one MultiPolygon) | `编号` (E01...), `名称`, `类型` (新建 / 已建 / 老旧), `户数` (integer), "
       "`老年人口` (residents aged 60+, integer) |\n"
    << "| `facilities.geojson` | Point | `编号` (F01...), `名称`, `设施类型`, `建筑面积` (m², real), `用地面积` (m², "
       "real; 0 for rooms in residential buildings), `小区编号` (estate id, or null), `床位数` and "
       "`护理型床位` (integer, or null where there are no beds), `运营主体` (公办 / 社会办 / 公建民营, or null) |\n"
    << "| `zones.geojson` | Polygon | `编号`, `名称`, `级别` (区 / 街道 / 社区), `人口` (integer or null), `老年人口` "
       "(integer or null) |\n"
    << "| `roads.geojson` | LineString | `highway` (OSM values), `name`, `bridge` (yes / null), `foot` (no / null), "
       "`access` (private / null), `layer` (integer or null) |\n\n"
    << "## Counts\n\n"
    << "| what | count |\n|---|---|\n"
    << "| estates | " << estates.size() << " |\n"
    << "| - new (新建) | " << n_new << " |\n"
    << "| - old (已建 / 老旧) | " << estates.size() - n_new << " |\n"
    << "| - in the 东湾 new-development area | " << n_area << " |\n"
    << "| - with service roads or footways inside | " << estates.size() - styles[Paths::None] << " |\n"
    << "| facilities | " << facilities.size() << " |\n"
    << "| - inside an estate polygon | " << in_estates << " |\n"
    << "| - with `小区编号` (outside the polygon; one names E99) | " << with_id << " |\n"
    << "| - in no estate, no `小区编号` (count for zones only) | " << outside << " |\n";
  for (const auto& [category, n] : categories) s << "| - " << category << " | " << n << " |\n";
  std::int64_t beds = 0, nursing = 0, elderly = 0;
  for (const Facility& f : d.facilities) {
    beds += f.beds.value_or(0);
    nursing += f.nursing_beds.value_or(0);
  }
  for (const Estate& e : estates) elderly += e.elderly;
  s << "| beds (床位数), all facilities | " << beds << " |\n"
    << "| - nursing-type (护理型床位) | " << nursing << " |\n"
    << "| elderly (老年人口), all estates | " << elderly << " |\n";
  s << "| zones | " << d.zones.size() << " |\n";
  for (const char* level : {"区", "街道", "社区"}) s << "| - " << level << " | " << levels[level] << " |\n";
  s << "| road lines | " << roads.size() << " |\n";
  for (const auto& [highway, n] : highways) s << "| - highway=" << highway << " | " << n << " |\n";
  s << "| road lines inside estates (from the street at a gate) | " << d.streets.estate_lines << " |\n";
  for (const auto& [highway, n] : estate_highways) s << "| - highway=" << highway << " | " << n << " |\n";
  s << "| gates (where a line inside an estate leaves it for a street or lane) | " << d.streets.gates << " |\n";
  return s.str();
}

std::string layout(const District& d, const Figures& f) {
  std::map<Paths, std::size_t> styles;
  std::vector<std::string> area_list;
  for (const Estate& e : d.estates) {
    styles[paths_of(e)]++;
    if (e.spec->new_area) {
      area_list.push_back("  - " + e.id + " " + e.name + " (" + e.kind + ", " + std::to_string(e.households) +
                          " households, " + (e.spec->is_new ? "high-rise" : "resettlement housing") + ")");
      // The high-rise estates were handed over before any facility was built nearby.
      if (e.spec->is_new) require(row_of(f.parcels, e.id).at("time_s").empty(), e.id + " is reached");
    }
  }
  const CoverageRule& rule = f.rules.coverage;
  const std::string circle = format_number(rule.minutes.back());
  std::ostringstream s;
  s << "\n## Layout\n\n"
    << "- Arterials on a 600 m grid (金湾大道 and 港城路 primary, the rest secondary) and local streets\n"
    << "  make blocks of 300 m x 200-225 m. Estates are the blocks between the streets, set\n"
    << "  back 10-20 m from the centrelines (more for bigger roads), so no street runs inside an estate;\n"
    << "  only the footpath through the large estate, the private driveway into the gated one and the\n"
    << "  estates' own roads do.\n"
    << "- Inside the estates, as OpenStreetMap maps a 小区: service roads and footways among the\n"
    << "  buildings (highway=service / footway, no access tag), joined to the streets at gates. A gate is\n"
    << "  where such a line leaves the estate: it runs on across the setback to a vertex it shares with\n"
    << "  the street line. Lines inside an estate cross its red line nowhere else. By kind:\n"
    << "  - " << styles[Paths::Ring] << " new estates: a ring road 55 m inside the red line (stepping round a cut-out\n"
    << "    corner), with a service gate and a footway gate on two sides;\n"
    << "  - " << styles[Paths::Lane] << " old estates of 450 households or more: a service lane through, west to east\n"
    << "    (the lanes line up across the streets), and a footway in from the south;\n"
    << "  - the two-part estate: a footway through both parts, across 陈家巷; the large estate: a service\n"
    << "    road through, south to north, across the footpath through it, and two cross footways; the\n"
    << "    estate with a hole: a service road round the hole from its south gate to its east gate;\n"
    << "  - in the new-development area, the large estate has a ring road with a footway across it and the\n"
    << "    resettlement estate a service road in from its south-west corner and a footway from the west;\n"
    << "  - " << styles[Paths::None] << " estates have none: the small old ones (under 450 households), which rely on the\n"
    << "    streets round them, and the gated one, whose only road inside is its private driveway.\n"
    << "  So most estate land is within " << format_number(f.lateral_m)
    << " m of a walkable line (siting's default `--lateral`); the small\n"
    << "  old estates, the gated one and the middle of the old estates' blocks are not.\n"
    << "- Old estates are in the old town west of 金湾大道 and south of the river (西园街道 and the\n"
    << "  south bank of 滨河街道); new ones fill the rest. The strip east of 科技路 is the motorway\n"
    << "  corridor (logistics and green land, no estates). Other blocks are schools, parks, markets,\n"
    << "  a hospital and vacant land.\n"
    << "- The 东湾 new-development area lies east of 东环路 (x = 2400-3000 m) and south of 港城路\n"
    << "  (y = 0-900 m). 南环路, 育才路 and 港城路 run on to 东湾路 (x = 3000 m); 东湾一路 (x = 2700 m) and\n"
    << "  东湾二路 (y = 225 m) are its local streets. There is no elderly-care facility in it: the\n"
    << "  high-rise estates east of 东湾一路 were handed over before any was built, and their gates are\n"
    << "  more than " << circle << " minutes' walk ("
    << format_fixed(f.summary["coverage"]["budget_m"].back().get<double>(), 0)
    << " m at " << format_number(rule.walk_speed_m_per_s) << " m/s) from every facility; the resettlement estate\n"
    << "  (安置区) by 东环路 is reached in " << tier_span(f, resettlement_estate(d).id)
    << " minutes. The rest of the area is a school site and land\n"
    << "  not yet built on. Its estates:\n"
    << join(area_list, ";\n") << ".\n"
    << "- A river runs west to east between 滨河南路 (y = 1300 m) and 海滨路 (y = 1400 m); there is no\n"
    << "  line for the water. Three bridges (新华路, 金湾大道, 兴业路; bridge=yes, layer=1) join the banks.\n"
    << "- Zones tile the district without gaps or overlaps within a level, along road centrelines and\n"
    << "  the river's centreline: 1 区 (L-shaped, with the new area), 4 街道 (quarters split by 金湾大道 and\n"
    << "  港城路; 南湾街道 takes in the new area), 3 社区 per 街道 and a fourth, 东湾社区 (the new area), in\n"
    << "  南湾街道. Rings that share a boundary share every vertex. 人口 is given for the 区 and for 西园街道\n"
    << "  and 南湾街道; it is null for the other two 街道 and all 社区, so the tool derives it from estates.\n"
    << "  The 区 total is larger than the estates imply, as real district totals include people\n"
    << "  outside estates.\n\n";
  return s.str();
}

std::string special_cases(const District& d, const Figures& f) {
  std::size_t without = 0, without_in_area = 0;
  for (const Estate& e : d.estates)
    if (row_of(f.estates, e.id).at("facility_count") == "0") {
      ++without;
      without_in_area += e.spec->new_area ? 1U : 0U;
    }
  std::ostringstream s;
  s << "## Special cases\n\n"
    << "Estates:\n\n"
    << "- one estate with a hole (a kindergarten plot kept out), one of two parts either side of a\n"
    << "  lane (陈家巷), three with a corner plot cut out, one large estate over two blocks with a\n"
    << "  footpath through it, one gated estate with a private driveway;\n"
    << "- " << without << " estates with no facility at all (" << without_in_area
    << " of them in the new-development area).\n\n"
    << "Facilities:\n\n";
  for (const Facility& fac : d.facilities)
    if (!fac.note.empty()) s << "- " << fac.id << " " << fac.name << ": " << fac.note << ";\n";
  s << "- the rest sit inside their estate's polygon with `小区编号` null.\n\n"
    << "Roads (a walking network must cope with these; features numbered from 0 in file order):\n\n";
  const std::vector<Road>& roads = d.streets.roads;
  for (std::size_t i = 0; i < roads.size(); ++i)
    if (!roads[i].note.empty())
      s << "- feature " << i << " (" << roads[i].highway << (roads[i].name.empty() ? "" : " " + roads[i].name)
        << "): " << roads[i].note << ";\n";
  s << "- bridges end on vertices of the riverside roads; the motorway shares a vertex only with\n"
    << "  its link, and the link with 育才路. Everything else meets at common vertices (lines inside\n"
    << "  estates: at their gates, where they meet each other, and where they cross a footpath).\n\n";
  return s.str();
}

std::string expected_results(const District& d, const Figures& f) {
  const json& est = f.summary["estates"];
  std::ostringstream s;
  s << "## Expected results (" << f.rules.name << " rules)\n\n"
    << "Estates need " << format_number(f.rules.new_estate.floor_m2_per_100_households) << " m² (新建) or "
    << format_number(f.rules.old_estate.floor_m2_per_100_households)
    << " m² (已建 / 老旧) of facility floor area per 100 households;\n"
    << "facilities count for the estate named by `小区编号`, else for the estate they lie in.\n"
    << "New estates: " << est["new"]["pass"] << " pass, " << est["new"]["fail"] << " fail; old estates: "
    << est["old"]["pass"] << " pass, " << est["old"]["fail"] << " fail.\n\n"
    << "| 编号 | 名称 | 类型 | 户数 | required m² | provided m² | facilities | verdict |\n"
    << "|---|---|---|---|---|---|---|---|\n";
  for (const Estate& e : d.estates) {
    const CsvRow& r = row_of(f.estates, e.id);
    std::string ids;  // "F09;F10" in the CSV
    for (char c : r.at("facility_ids")) ids += c == ';' ? std::string(", ") : std::string(1, c);
    s << "| " << e.id << " | " << e.name << " | " << e.kind << " | " << r.at("households") << " | "
      << r.at("required_m2") << " | " << r.at("provided_m2") << " | " << (ids.empty() ? "-" : ids) << " | "
      << r.at("verdict") << " |\n";
  }
  s << "\n"
    << "Zones need " << format_number(f.rules.zone.land_m2_per_resident)
    << " m² of facility land (`用地面积`) per resident; without `人口`, residents are\n"
    << "households x " << format_number(f.rules.zone.persons_per_household) << " of the estates inside the zone.\n\n"
    << "| 编号 | 名称 | 级别 | residents | required m² | provided m² | verdict |\n"
    << "|---|---|---|---|---|---|---|\n";
  for (const Zone& z : d.zones) {
    const CsvRow& r = row_of(f.zones, z.id);
    const std::string& source = r.at("population_source");
    require(source == "field" || source == "estates", z.id + ": population from " + source);
    s << "| " << z.id << " | " << z.name << " | " << z.level << " | " << r.at("population")
      << (source == "field" ? " (人口)" : " (from estates)") << " | " << r.at("required_land_m2") << " | "
      << r.at("provided_land_m2") << " | " << r.at("verdict") << " |\n";
  }
  s << "\n";
  return s.str();
}

// "351 vertices, 489 edges, 2 components; facilities off the network 1 (F31), on islands 1 (F34)"
std::string network_line(const Figures& f) {
  const json& net = f.summary["coverage"]["network"];
  std::vector<std::string> off, islands;
  for (const auto& [id, r] : f.facilities_coverage) {
    if (r.at("on_network") == "false") off.push_back(id);
    if (r.at("on_island") == "true") islands.push_back(id);
  }
  const json& fac = f.summary["coverage"]["facilities"];
  require(fac["off_network"] == off.size() && fac["on_islands"] == islands.size(), "facility counts differ");
  auto listed = [](const std::vector<std::string>& ids) {
    return std::to_string(ids.size()) + (ids.empty() ? "" : " (" + join(ids, ", ") + ")");
  };
  return std::to_string(net["vertices"].get<std::size_t>()) + " vertices, " +
         std::to_string(net["edges"].get<std::size_t>()) + " edges, " +
         std::to_string(net["components"].get<std::size_t>()) + " components; facilities off the network " +
         listed(off) + ", on islands " + listed(islands);
}

std::string expected_coverage(const District& d, const Figures& f) {
  const CoverageRule& rule = f.rules.coverage;
  const json& cov = f.summary["coverage"];
  const std::string circle = format_number(rule.minutes.back());
  const std::string total = format_fixed(f.summary["estates"]["households"].get<double>(), 0);
  std::ostringstream s;
  s << "## Expected coverage (" << circle << "-minute service circle, " << f.rules.name << " rules)\n\n"
    << "Walks over the street network at " << format_number(rule.walk_speed_m_per_s)
    << " m/s from each estate's gates (or, without roads inside,\n"
    << "its nearest boundary point) to the nearest facility; the service area is the reached streets\n"
    << "widened " << format_number(f.lateral_m)
    << " m either side. With `--roads geodata/sample/roads.geojson`, `siting check` and\n"
    << "`siting coverage` report (target: " << format_number(siting::detail::round_to(100.0 * rule.target_share, 6))
    << "% of households within "
    << circle << " minutes):\n\n"
    << "| within | households | share | residential area |\n|---|---|---|---|\n";
  for (const json& t : cov["overall"])
    s << "| " << format_number(t["minutes"].get<double>()) << " min | "
      << format_fixed(t["households_covered"].get<double>(), 0) << " of " << total << " | "
      << percent(t["households_share"].get<double>()) << " | " << percent(t["area_share"].get<double>()) << " |\n";
  s << "\nTarget " << (cov["target_met"].get<bool>() ? "met" : "not met") << ". Gaps (land outside the " << circle
    << "-minute service area): " << f.gap_parcels << " parcels, " << f.households_left_out << " households left out\n"
    << "(households times the share of the parcel's land outside). The largest are the new-development\n"
    << "area's three high-rise estates, outside the circle altogether, and most of its resettlement estate,\n"
    << "whose south gate is reached at " << row_of(f.parcels, resettlement_estate(d).id).at("time_min")
    << " minutes. The rest are the small old estates and the gated one\n"
    << "(no walkable road inside), the parts of the old estates' blocks away from their lanes, and corners\n"
    << "of the estate with a hole and of the large estate.\n"
    << "Network: " << network_line(f) << ";\n"
    << "the motorway and its link are dropped by highway type, and the foot=no stretch and the private\n"
    << "driveway by their tags.\n\n"
    << "Per 街道, and for the new area's 社区 (`zones_coverage.csv`):\n\n"
    << "| 编号 | 名称 | households share, " << format_number(rule.minutes.front()) << " min | households within "
    << circle << " min | share | area share |\n"
    << "|---|---|---|---|---|---|\n";
  const std::string first = minutes_label(rule.minutes.front()), last = minutes_label(rule.minutes.back());
  for (const Zone& z : d.zones) {
    if (z.level != "街道" && !in_new_area(z)) continue;
    const CsvRow& r = row_of(f.zones_coverage, z.id);
    s << "| " << z.id << " | " << z.name << " | " << r.at("households_share_" + first) << " | "
      << r.at("households_covered_" + last) << " of " << r.at("households") << " | "
      << r.at("households_share_" + last) << " | " << r.at("area_share_" + last) << " |\n";
  }
  s << "\nTry it:\n\n"
    << "    siting check --parcels geodata/sample/estates.geojson \\\n"
    << "                 --facilities geodata/sample/facilities.geojson \\\n"
    << "                 --zones geodata/sample/zones.geojson --out out/sample\n\n"
    << "and with the walking coverage and gap map:\n\n"
    << "    siting check --parcels geodata/sample/estates.geojson \\\n"
    << "                 --facilities geodata/sample/facilities.geojson \\\n"
    << "                 --zones geodata/sample/zones.geojson \\\n"
    << "                 --roads geodata/sample/roads.geojson --out out/sample\n";
  return s.str();
}

// "fail: quantity, lift" or "pass", from a review.json.
std::string verdict(const json& review) {
  std::vector<std::string> failed;
  for (const json& c : review["failed_checks"]) failed.push_back(c.get<std::string>());
  return review["verdict"].get<std::string>() + (failed.empty() ? "" : ": " + join(failed, ", "));
}

const json& check_of(const json& review, const std::string& id) {
  for (const json& c : review["checks"])
    if (c["id"] == id) return c;
  throw Error(ErrorCode::Internal, "sample README: the review has no check " + id);
}

const Zone& zone_by_id(const District& d, const std::string& id) {
  for (const Zone& z : d.zones)
    if (z.id == id) return z;
  throw Error(ErrorCode::Internal, "sample README: no zone " + id);
}

// The share of a proposal's households built before its first facility's phase: "58%".
std::string share_before(const ProposalSpec& p) {
  int phase = p.facilities.front().phase;
  for (const PlannedFacility& fac : p.facilities) phase = std::min(phase, fac.phase);
  double before = 0, all = 0;
  for (const ProposalPhase& ph : p.phases) {
    all += static_cast<double>(ph.households);
    if (ph.number < phase) before += static_cast<double>(ph.households);
  }
  return format_fixed(100.0 * before / all, 0) + "%";
}

// The estates whose nearest facility, within the circle, is the added one.
std::string circle_of(const District& d, const Figures& f, const PlannedFacility& added) {
  std::vector<std::string> ids;
  for (const Estate& e : d.estates)
    if (row_of(f.parcels_with_proposal, e.id).at("facility_id") == added.id) ids.push_back(e.id);
  require(!ids.empty(), added.id + " is the nearest facility of no estate");
  return id_range(ids);
}

// "| P-02 | fail: ... | fail: ... | 100.0%; 100.0% (F35) |"
std::string review_row(const District& d, const Figures& f, const ProposalSpec& p) {
  const json& g = f.reviews.at("guangdong").at(p.id);
  const json& cov = check_of(g, "coverage")["values"];
  std::string existing = percent(cov["share_existing_only"].get<double>());
  if (!p.served_by.empty()) {
    const auto fac = std::find_if(d.facilities.begin(), d.facilities.end(),
                                  [&](const Facility& x) { return x.name == p.served_by; });
    require(fac != d.facilities.end(), "no facility " + p.served_by);
    for (const json& ph : g["proposal"]["phases"])
      require(ph["nearest_facility_id"] == fac->id, p.id + " is not served by " + fac->id);
    existing += " (" + fac->id + ")";
  }
  return "| " + p.id + " | " + verdict(g) + " | " + verdict(f.reviews.at("anhui").at(p.id)) + " | " +
         percent(cov["share_with_proposal"].get<double>()) + "; " + existing + " |\n";
}

// What the estates' population adds to the reviews: the proposal that fails more,
// and "zone_land.社区 (南湾社区)". The sample is laid out for one such proposal.
std::pair<std::string, std::string> failed_with_parcels(const District& d, const Figures& f) {
  std::vector<std::pair<std::string, std::string>> found;
  for (const ProposalSpec& p : *d.proposals) {
    const json& without = f.reviews.at("guangdong").at(p.id)["failed_checks"];
    std::vector<std::string> checks, zones;
    for (const json& c : f.reviews.at("guangdong --parcels").at(p.id)["failed_checks"]) {
      if (std::find(without.begin(), without.end(), c) != without.end()) continue;
      checks.push_back(c.get<std::string>());
      const json& values = check_of(f.reviews.at("guangdong --parcels").at(p.id), checks.back())["values"];
      if (values.contains("zone_id")) zones.push_back(zone_by_id(d, values["zone_id"].get<std::string>()).name);
    }
    if (!checks.empty())
      found.emplace_back(p.id, join(checks, ", ") + (zones.empty() ? "" : " (" + join(zones, ", ") + ")"));
  }
  require(found.size() == 1, "the estates' population does not change exactly one review");
  return found.front();
}

// With the first proposal's facility added: the new area's estates that were
// outside the circle and are now within the tier below it, and the new area's
// households within the circle: "E37, E38 and E40 within 10 minutes and every
// household of 东湾社区 within 15".
std::string coverage_with(const District& d, const Figures& f) {
  const std::vector<double>& m = f.rules.coverage.minutes;
  require(m.size() >= 2, "fewer than two tiers");
  const std::string below = format_number(m[m.size() - 2]), circle = format_number(m.back());
  std::vector<std::string> ids;
  for (const Estate& e : d.estates) {
    const std::string tier = row_of(f.parcels_with_proposal, e.id).at("tier_min");
    const bool was_outside = row_of(f.parcels, e.id).at("time_s").empty();
    if (e.spec->new_area && was_outside && !tier.empty() && std::stod(tier) <= m[m.size() - 2]) ids.push_back(e.id);
  }
  std::string area;
  for (const Zone& z : d.zones)
    if (in_new_area(z)) {
      const double share = std::stod(row_of(f.zones_coverage_with_proposal, z.id).at("households_share_" +
                                                                                      minutes_label(m.back())));
      area = (share == 1.0 ? "every household" : percent(share) + " of the households") + " of " + z.name;
    }
  return listing(ids) + " within " + below + " minutes and " + area + " within " + circle;
}

std::string proposals(const District& d, const Figures& f) {
  const std::vector<ProposalSpec>& proposals = *d.proposals;
  std::ostringstream s;
  s << "\n## Proposals (for `siting review`)\n\n"
    << "`proposals/` holds " << proposals.size() << " planning-permit proposals (报建方案) on land not yet built on,\n"
    << "as a developer would submit them: one GeoJSON FeatureCollection each, with the estate's phase\n"
    << "polygons (`项目编号`, `项目名称`, `期数`, `类型`, `户数`) and its planned facility points (`项目编号`,\n"
    << "`编号`, `名称`, `设施类型`, `建筑面积`, `用地面积`, `楼层` (1 = ground floor, -1 = first basement),\n"
    << "`电梯`, `独立出入口`, `期数`, `同步规划`, `同步建设`, `同步验收`, `同步交付`; yes/no as 是/否).\n"
    << "They are not in the layers above: a review reads those as its context.\n\n"
    << "| file | 项目名称 | where | phases: 户数 | facilities | designed to |\n|---|---|---|---|---|---|\n";
  for (const ProposalSpec& p : proposals) {
    std::vector<std::string> phases, facs;
    for (const ProposalPhase& ph : p.phases)
      phases.push_back(std::to_string(ph.number) + ": " + std::to_string(ph.households) + " " + ph.kind);
    for (const PlannedFacility& fac : p.facilities)
      facs.push_back(fac.id + " " + fac.category + ", " + format_fixed(fac.floor_m2, 0) + " m², land " +
                     format_fixed(fac.land_m2, 0) + " m², floor " + std::to_string(fac.floor) + ", phase " +
                     std::to_string(fac.phase));
    std::string intent = replaced(p.intent, "{share_before}", share_before(p));
    if (&p == &proposals.front()) intent = replaced(intent, "{circle}", circle_of(d, f, p.facilities.front()));
    s << "| `" << p.id << ".geojson` | " << p.name << " | " << p.where << " | " << join(phases, ", ") << " | "
      << join(facs, "; ") << " | " << intent << " |\n";
  }
  // The land: the district's, and the 街道 holding the first proposal.
  const CsvRow* district = nullptr;
  for (const auto& [id, r] : f.zones)
    if (r.at("level") == "区") district = &r;
  require(district != nullptr, "no 区 zone");
  const std::string street_id =
      check_of(f.reviews.at("guangdong").at(proposals.front().id), "zone_land.街道")["values"]["zone_id"];
  const CsvRow& street = row_of(f.zones, street_id);
  auto m2 = [](const std::string& v) { return format_fixed(std::stod(v), 0); };
  bool any_fails = false;
  for (const ProposalSpec& p : proposals)
    any_fails = any_fails || f.reviews.at("guangdong").at(p.id)["verdict"] == "fail";
  s << "\nThe district is short of elderly-care land (" << m2(district->at("required_land_m2")) << " m² required, "
    << m2(district->at("provided_land_m2")) << " m² provided), and so is\n"
    << street.at("name") << " (" << m2(street.at("required_land_m2")) << ", " << m2(street.at("provided_land_m2"))
    << "): the review asks whether each zone holding a proposal meets the land rule\n"
    << "with the proposal's residents and land counted, so a proposal there must bring that land.\n\n"
    << "Reviewed with the layers above as context (`siting review --proposal geodata/sample/proposals\n"
    << "--facilities geodata/sample/facilities.geojson --zones geodata/sample/zones.geojson\n"
    << "--roads geodata/sample/roads.geojson --out out/review`, "
    << (any_fails ? "exit code 1 as one fails" : "exit code 0") << "):\n\n"
    << "| proposal | guangdong | anhui (`--rules anhui`) | households within "
    << format_number(f.rules.coverage.minutes.back())
    << " min: with it; existing facilities alone |\n"
    << "|---|---|---|---|\n";
  for (const ProposalSpec& p : proposals) s << review_row(d, f, p);
  const auto more = failed_with_parcels(d, f);
  s << "\nWithout `--parcels`, the land check of a zone with no `人口` (the 社区) is not evaluated; with\n"
    << "`--parcels geodata/sample/estates.geojson` the estates give its population, and " << more.first
    << " also fails\n"
    << more.second << ". With " << proposals.front().id
    << "'s day-care centre added to the facilities, `siting coverage`\n"
    << "puts " << coverage_with(d, f) << ".\n";
  return s.str();
}

}  // namespace

std::string readme(const District& district, const Figures& figures) {
  return intro_and_counts(district) + layout(district, figures) + special_cases(district, figures) +
         expected_results(district, figures) + expected_coverage(district, figures) + proposals(district, figures);
}

}  // namespace siting::tools::sample
