// SPDX-License-Identifier: Apache-2.0
#include "report/styles.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <utility>
#include <vector>

#include "detail/text.hpp"

namespace siting::report::detail {

namespace {

struct Words {
  const char* zh;
  const char* en;
};

// Every fixed column name of siting's tables (docs/user-guide.md#outputs).
const std::map<std::string, Words>& aliases() {
  static const std::map<std::string, Words> m = {
      {"id", {"编号", "id"}},
      {"name", {"名称", "name"}},
      {"kind", {"类型", "kind"}},
      {"households", {"户数", "households"}},
      {"residents", {"人口", "residents"}},
      {"elderly", {"老年人口", "elderly residents"}},
      {"weight", {"权重", "weight"}},
      {"area_m2", {"面积(m²)", "area (m²)"}},
      {"rate_m2_per_100_households", {"配建标准(m²/百户)", "rate (m² per 100 households)"}},
      {"required_m2", {"应配建面积(m²)", "required floor area (m²)"}},
      {"provided_m2", {"已配建面积(m²)", "provided floor area (m²)"}},
      {"shortfall_m2", {"面积缺口(m²)", "shortfall (m²)"}},
      {"facility_count", {"设施数", "facilities"}},
      {"facility_ids", {"设施编号", "facility ids"}},
      {"min_single_facility_m2", {"单个设施最小面积(m²)", "smallest single facility allowed (m²)"}},
      {"undersized_facilities", {"面积不足的设施数", "undersized facilities"}},
      {"walk_time_s", {"步行时间(秒)", "walk to the nearest facility (s)"}},
      {"nearest_facility_id", {"最近设施编号", "nearest facility"}},
      {"in_service_circle", {"位于服务圈内", "within the service circle"}},
      {"verdict", {"结论", "verdict"}},
      {"reasons", {"原因", "reasons"}},
      {"reason", {"原因", "reason"}},
      {"level", {"层级", "level"}},
      {"population", {"常住人口", "population"}},
      {"population_source", {"人口来源", "population source"}},
      {"estate_count", {"住宅区数", "estates"}},
      {"required_land_m2", {"应配养老用地(m²)", "required land (m²)"}},
      {"provided_land_m2", {"已配养老用地(m²)", "provided land (m²)"}},
      {"shortfall_land_m2", {"用地缺口(m²)", "land shortfall (m²)"}},
      {"land_m2_per_resident", {"人均养老用地(m²/人)", "land per resident (m²)"}},
      {"category", {"设施类别", "category"}},
      {"type", {"设施类型", "facility type"}},
      {"floor_area_m2", {"建筑面积(m²)", "floor area (m²)"}},
      {"land_area_m2", {"用地面积(m²)", "land area (m²)"}},
      {"beds", {"床位数", "beds"}},
      {"nursing_beds", {"护理型床位数", "nursing beds"}},
      {"operator", {"举办主体", "operator"}},
      {"estate_id", {"所属住宅区编号", "estate"}},
      {"assigned_by", {"归属依据", "assigned by"}},
      {"lon", {"经度", "longitude"}},
      {"lat", {"纬度", "latitude"}},
      {"x", {"横坐标(m)", "x (working CRS, m)"}},
      {"y", {"纵坐标(m)", "y (working CRS, m)"}},
      {"access", {"接入路网方式", "how the parcel reaches the streets"}},
      {"connector_m", {"接入距离(m)", "connector (m)"}},
      {"time_s", {"步行时间(秒)", "walk (s)"}},
      {"time_min", {"步行时间(分钟)", "walk (min)"}},
      {"facility_id", {"设施编号", "facility"}},
      {"facility_name", {"设施名称", "facility name"}},
      {"tier_min", {"覆盖圈层(分钟)", "coverage tier (min)"}},
      {"covered", {"已覆盖", "covered"}},
      {"covered_share", {"覆盖比例", "share covered"}},
      {"network_component", {"路网连通分量", "network component"}},
      {"on_island", {"位于孤立路网", "on an island of the network"}},
      {"on_network", {"接入路网", "on the network"}},
      {"parcel_id", {"地块编号", "parcel"}},
      {"parcel_name", {"地块名称", "parcel name"}},
      {"households_left_out", {"未覆盖户数", "households left out"}},
      {"residents_left_out", {"未覆盖人口", "residents left out"}},
      {"gap_area_m2", {"服务盲区面积(m²)", "gap area (m²)"}},
      {"gap_share", {"服务盲区占比", "gap share"}},
      {"minutes", {"步行分钟", "minutes"}},
      {"households_served", {"服务户数", "households served"}},
      {"parcels_served", {"服务地块数", "parcels served"}},
      {"service_area_m2", {"服务范围面积(m²)", "service area (m²)"}},
      {"residential_area_m2", {"住宅用地面积(m²)", "residential area (m²)"}},
      {"households_covered", {"覆盖户数", "households covered"}},
      {"households_share", {"户数覆盖率", "share of households"}},
      {"residents_share", {"人口覆盖率", "share of residents"}},
      {"elderly_share", {"老年人口覆盖率", "share of the elderly"}},
      {"area_share", {"面积覆盖率", "share of the area"}},
      {"target_share", {"目标覆盖率", "target share"}},
      {"target_met", {"达到目标", "target met"}},
      {"indicator", {"指标代码", "indicator"}},
      {"name_zh", {"指标名称", "name (Chinese)"}},
      {"name_en", {"指标名称(英文)", "name (English)"}},
      {"scope", {"范围", "scope"}},
      {"zone_id", {"区域编号", "zone"}},
      {"zone_name", {"区域名称", "zone name"}},
      {"zone_level", {"区域层级", "zone level"}},
      {"measure", {"口径", "measure"}},
      {"value", {"数值", "value"}},
      {"unit", {"单位", "unit"}},
      {"numerator", {"分子", "numerator"}},
      {"denominator", {"分母", "denominator"}},
      {"target", {"目标值", "target"}},
      {"comparison", {"比较", "comparison"}},
      {"basis", {"口径依据", "basis"}},
      {"year", {"目标年份", "target year"}},
      {"nature", {"指标属性", "nature (binding / expected)"}},
      {"status", {"状态", "status"}},
      {"note", {"说明", "note"}},
      {"target_source", {"目标来源", "source of the target"}},
      {"rank", {"选址序号", "rank"}},
      {"site_id", {"选址点编号", "site"}},
      {"newly_covered", {"新增覆盖", "newly covered"}},
      {"cost_saved", {"节省成本", "cost saved"}},
      {"assigned", {"分配需求", "demand assigned"}},
      {"assigned_households", {"分配户数", "households assigned"}},
      {"floor_area_needed_m2", {"需配建面积(m²)", "floor area needed (m²)"}},
      {"capacity", {"容量", "capacity"}},
      {"capacity_used", {"容量使用率", "share of capacity used"}},
      {"demand_id", {"需求点编号", "demand point"}},
      {"walk_min", {"步行时间(分钟)", "walk (min)"}},
      {"share", {"分配比例", "share"}},
      {"covered_before", {"选址前覆盖", "covered before"}},
      {"covered_after", {"选址后覆盖", "covered after"}},
      {"share_before", {"选址前覆盖率", "share before"}},
      {"share_after", {"选址后覆盖率", "share after"}},
      {"new_sites", {"新增设施数", "new sites"}},
      {"solution", {"方案", "solution"}},
      {"objective", {"目标函数值", "objective"}},
      {"total_cost", {"总成本", "total cost"}},
      {"facilities_in_catchment", {"服务范围内设施数", "facilities in catchment"}},
      {"access_ratio_to_mean", {"可达性与均值之比", "access / mean access"}},
      {"no_access", {"无可达设施", "no access"}},
      {"parcels_in_catchment", {"服务范围内地块数", "parcels in catchment"}},
  };
  return m;
}

// The supply and demand words of the access columns.
const std::map<std::string, Words>& supplies() {
  static const std::map<std::string, Words> m = {{"floor_area_m2", {"建筑面积(m²)", "floor area (m²)"}},
                                                 {"beds", {"床位", "beds"}}};
  return m;
}
const std::map<std::string, Words>& demands() {
  static const std::map<std::string, Words> m = {
      {"households", {"户", "households"}}, {"elderly", {"名老年人", "elderly"}}, {"residents", {"人", "residents"}}};
  return m;
}

std::string join(const std::string& zh, const std::string& en) { return zh + " / " + en; }

// "floor_area_m2_per_1000_households": 每千户建筑面积(m²) / floor area (m²) per 1,000 households.
std::pair<std::string, std::string> ratio_words(const std::string& s) {
  static const std::regex re(R"((.+)_per_1000_(.+))");
  std::smatch m;
  if (!std::regex_match(s, m, re)) return {};
  const auto sup = supplies().find(m[1]);
  const auto dem = demands().find(m[2]);
  if (sup == supplies().end() || dem == demands().end()) return {};
  return {std::string("每千") + dem->second.zh + sup->second.zh,
          std::string(sup->second.en) + " per 1,000 " + dem->second.en};
}

struct Rgba {
  int r, g, b, a = 255;
  std::string text() const {
    return std::to_string(r) + "," + std::to_string(g) + "," + std::to_string(b) + "," + std::to_string(a);
  }
};

std::string option(const std::string& name, const std::string& value) {
  return "<Option name=\"" + name + "\" type=\"QString\" value=\"" + siting::detail::xml_escape(value) + "\"/>";
}

std::string fill_symbol(int index, Rgba fill, Rgba outline, double outline_mm, bool dashed = false) {
  return "<symbol name=\"" + std::to_string(index) +
         "\" type=\"fill\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
         "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option type=\"Map\">" +
         option("color", fill.text()) + option("style", fill.a == 0 ? "no" : "solid") +
         option("outline_color", outline.text()) +
         option("outline_style", outline.a == 0 ? "no"
                                 : dashed       ? "dash"
                                                : "solid") +
         option("outline_width", siting::detail::format_number(outline_mm)) + option("outline_width_unit", "MM") +
         option("joinstyle", "bevel") + "</Option></layer></symbol>";
}

std::string marker_symbol(int index, const std::string& shape, Rgba fill, Rgba outline, double size_mm) {
  return "<symbol name=\"" + std::to_string(index) +
         "\" type=\"marker\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
         "<layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option type=\"Map\">" +
         option("name", shape) + option("color", fill.text()) + option("outline_color", outline.text()) +
         option("outline_style", "solid") + option("outline_width", "0.4") + option("outline_width_unit", "MM") +
         option("size", siting::detail::format_number(size_mm)) + option("size_unit", "MM") +
         "</Option></layer></symbol>";
}

struct Category {
  std::string value;  // "" matches every other value, NULL included
  std::string label;
  std::string symbol;  // fill_symbol / marker_symbol with this category's index
};

std::string categorized(const std::string& attr, const std::vector<Category>& cats) {
  std::string c = "<categories>", s = "<symbols>";
  for (std::size_t i = 0; i < cats.size(); ++i) {
    c += "<category symbol=\"" + std::to_string(i) + "\" value=\"" + siting::detail::xml_escape(cats[i].value) +
         "\" label=\"" + siting::detail::xml_escape(cats[i].label) + "\" render=\"true\"/>";
    s += cats[i].symbol;
  }
  return "<renderer-v2 type=\"categorizedSymbol\" attr=\"" + siting::detail::xml_escape(attr) +
         "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\" referencescale=\"-1\">" + c + "</categories>" +
         s + "</symbols></renderer-v2>";
}

struct Range {
  double lower, upper;
  std::string label;
  std::string symbol;
};

std::string graduated(const std::string& attr, const std::vector<Range>& ranges) {
  std::string r = "<ranges>", s = "<symbols>";
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    r += "<range symbol=\"" + std::to_string(i) + "\" lower=\"" + siting::detail::format_number(ranges[i].lower) +
         "\" upper=\"" + siting::detail::format_number(ranges[i].upper) + "\" label=\"" +
         siting::detail::xml_escape(ranges[i].label) + "\" render=\"true\"/>";
    s += ranges[i].symbol;
  }
  return "<renderer-v2 type=\"graduatedSymbol\" attr=\"" + siting::detail::xml_escape(attr) +
         "\" graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\" "
         "referencescale=\"-1\">" +
         r + "</ranges>" + s + "</symbols><mode name=\"manual\"/></renderer-v2>";
}

std::string single(const std::string& symbol) {
  return "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\" "
         "referencescale=\"-1\"><symbols>" +
         symbol + "</symbols></renderer-v2>";
}

// Labels in Noto Sans CJK (fonts-noto-cjk), with a white halo.
std::string labels(const std::string& field, double size_pt, bool bold) {
  return "<labeling type=\"simple\"><settings calloutType=\"simple\"><text-style fieldName=\"" +
         siting::detail::xml_escape(field) + "\" isExpression=\"0\" fontFamily=\"Noto Sans CJK SC\" fontSize=\"" +
         siting::detail::format_number(size_pt) + "\" fontSizeUnit=\"Point\" fontWeight=\"" + (bold ? "75" : "50") +
         "\" textColor=\"30,30,30,255\" textOpacity=\"1\"><text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" "
         "bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,255\" bufferOpacity=\"0.9\"/></text-style>"
         "</settings></labeling>";
}

// The coverage tiers, from the parcels' covered_share_<N>min columns.
std::vector<std::string> tiers(const io::Table& t) {
  static const std::regex re(R"(covered_share_(.+)min)");
  std::vector<std::string> out;
  for (const io::Column& c : t.columns) {
    std::smatch m;
    if (std::regex_match(c.name, m, re)) out.push_back(m[1]);
  }
  return out;
}

const Rgba kPass{102, 189, 99, 170}, kFail{215, 48, 39, 190}, kOutline{90, 90, 90, 255};

struct Renderer {
  std::string renderer, labeling, description;
};

Renderer renderer_of(const io::Table& t) {
  const std::string& n = t.name;
  if (n == "estates")
    return {categorized("verdict", {{"pass", "达标 / pass", fill_symbol(0, kPass, kOutline, 0.2)},
                                    {"fail", "不达标 / fail", fill_symbol(1, kFail, kOutline, 0.2)},
                                    {"", "其他 / other", fill_symbol(2, {200, 200, 200, 170}, kOutline, 0.2)}}),
            labels("name", 8, false), "estates by verdict: the floor-area rule per 100 households"};
  if (n == "zones")
    return {categorized("verdict", {{"pass", "达标 / pass", fill_symbol(0, {0, 0, 0, 0}, {26, 150, 65, 255}, 0.8)},
                                    {"fail", "不达标 / fail", fill_symbol(1, {0, 0, 0, 0}, {215, 48, 39, 255}, 0.8)},
                                    {"", "其他 / other", fill_symbol(2, {0, 0, 0, 0}, kOutline, 0.6)}}),
            labels("name", 10, true), "zones by verdict: the land rule per resident"};
  if (n == "facilities")
    return {single(marker_symbol(0, "square", {33, 102, 172, 255}, {255, 255, 255, 255}, 3)), labels("name", 8, false),
            "existing elderly-care facilities"};
  if (n == "parcels") {
    // Outside every tier: grey.
    std::vector<Category> cats;
    const std::vector<std::string> ts = tiers(t);
    for (std::size_t i = 0; i < ts.size(); ++i) {
      const Colour g = kTierGreens[tier_shade(i, ts.size())];
      cats.push_back({ts[i], ts[i] + "分钟内 / within " + ts[i] + " min",
                      fill_symbol(static_cast<int>(i), {g.r, g.g, g.b, 200}, kOutline, 0.15)});
    }
    cats.push_back({"", "圈外 / beyond every tier",
                    fill_symbol(static_cast<int>(ts.size()), {220, 220, 220, 200}, kOutline, 0.15)});
    return {categorized("tier_min", cats), "", "parcels by the shortest coverage tier that reaches them"};
  }
  if (n == "gaps" || n == "gaps_after")
    return {single(fill_symbol(0, {215, 48, 39, 160}, {165, 0, 38, 255}, 0.2)), "",
            n == "gaps" ? "the parts of parcels outside the service circle"
                        : "the parts of parcels still outside the circle after the new sites"};
  if (n == "service_areas")
    return {categorized("kind", {{"dissolved", "服务圈 / service circle",
                                  fill_symbol(0, {66, 146, 198, 60}, {33, 102, 172, 255}, 0.4)},
                                 {"facility", "单个设施服务范围 / one facility's area",
                                  fill_symbol(1, {0, 0, 0, 0}, {33, 102, 172, 200}, 0.3, true)}}),
            "", "the walking service areas: dissolved per tier, and each facility's"};
  if (n == "sites")
    return {single(marker_symbol(0, "circle", {215, 25, 28, 255}, {255, 255, 255, 255}, 5)), labels("rank", 9, true),
            "the new sites, labelled by rank"};
  if (n == "access") {
    std::vector<Range> ranges;
    for (std::size_t i = 0; i < 5; ++i) {
      const AccessClass& c = kAccessClasses[i];
      ranges.push_back({c.lower, c.upper, c.label,
                        fill_symbol(static_cast<int>(i), {c.colour.r, c.colour.g, c.colour.b, 200}, kOutline, 0.15)});
    }
    return {graduated("access_ratio_to_mean", ranges), "", "parcels by access against the mean (2SFCA)"};
  }
  return {};
}

}  // namespace

std::size_t tier_shade(std::size_t tier, std::size_t tiers) {
  if (tiers < 2) return 0;
  return std::min<std::size_t>(4, (tier * 4 + (tiers - 1) / 2) / (tiers - 1));
}

std::size_t access_class(double access, double ratio_to_mean) {
  if (access == 0.0) return 0;
  for (std::size_t c = 1; c < 4; ++c)
    if (ratio_to_mean <= kAccessClasses[c].upper) return c;
  return 4;
}

std::string field_alias(const std::string& column) {
  const auto& m = aliases();
  if (auto it = m.find(column); it != m.end()) return join(it->second.zh, it->second.en);
  static const std::regex zone(R"(zone_(.+))"), tier(R"((.+)_([0-9.]+)min)"),
      in_catchment(R"(demand_in_catchment_(.+))");
  std::smatch g;
  if (std::regex_match(column, g, tier)) {
    if (auto it = m.find(g[1]); it != m.end())
      return join(std::string(it->second.zh) + "(" + g[2].str() + "分钟)",
                  std::string(it->second.en) + " (" + g[2].str() + " min)");
  }
  if (std::regex_match(column, g, in_catchment)) {
    if (auto it = demands().find(g[1]); it != demands().end())
      return join(std::string("服务范围内需求(") + it->second.zh + ")", std::string(it->second.en) + " in catchment");
  }
  if (column.rfind("access_", 0) == 0) {
    const auto [zh, en] = ratio_words(column.substr(7));
    if (!zh.empty()) return join("可达" + zh, "access: " + en);
  }
  if (const auto [zh, en] = ratio_words(column); !zh.empty()) return join(zh, en);
  if (auto it = supplies().find(column); it != supplies().end()) return join(it->second.zh, it->second.en);
  if (std::regex_match(column, g, zone) && !g[1].str().empty())
    return join("所属" + g[1].str(), "zone (" + g[1].str() + ")");
  return "";
}

LayerStyle layer_style(const io::Table& t) {
  const Renderer r = t.geometries.empty() ? Renderer{} : renderer_of(t);
  std::string qml =
      "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.16\" styleCategories=\"" +
      std::string(r.renderer.empty() ? "Fields" : "Symbology|Labeling|Fields") + "\" labelsEnabled=\"" +
      (r.labeling.empty() ? "0" : "1") + "\">\n";
  if (!r.renderer.empty()) qml += r.renderer + "\n";
  if (!r.labeling.empty()) qml += r.labeling + "\n";
  qml += "<aliases>";
  for (const io::Column& c : t.columns)
    if (const std::string a = field_alias(c.name); !a.empty())
      qml += "<alias field=\"" + siting::detail::xml_escape(c.name) + "\" name=\"" + siting::detail::xml_escape(a) +
             "\"/>";
  qml += "</aliases>\n</qgis>\n";
  LayerStyle s;
  s.name = "siting: " + t.name;
  s.description = r.description.empty() ? "field aliases (Chinese / English)" : r.description + "; field aliases";
  s.qml = std::move(qml);
  return s;
}

}  // namespace siting::report::detail
