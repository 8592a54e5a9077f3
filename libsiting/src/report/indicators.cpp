// SPDX-License-Identifier: Apache-2.0
// The indicator table: indicators.csv, its block in summary.json and the
// terminal table of `siting check`.

#include <sstream>

#include "detail/text.hpp"
#include "report/common.hpp"

namespace siting::report::detail {

using indicators::IndicatorTable;
using indicators::IndicatorValue;
using indicators::Status;

namespace {

std::string comparison(const IndicatorValue& v) { return v.spec->at_most ? "<=" : ">="; }

// Columns a terminal gives a text: two for a character of three or four UTF-8
// bytes (Chinese, full-width punctuation), one for the rest.
std::size_t display_width(const std::string& s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = std::max<std::size_t>(1, siting::detail::utf8_char_length(s, i));
    w += n >= 3 ? 2 : 1;
    i += n;
  }
  return w;
}

std::string pad(const std::string& s, std::size_t width) {
  const std::size_t w = display_width(s);
  return s + std::string(w < width ? width - w : 1, ' ');
}

std::string value_text(const IndicatorValue& v, double value, int decimals) {
  const std::string unit = v.info->unit;
  return format_fixed(value, decimals) + (unit == "%" ? "%" : " " + unit);
}

// 2 decimals (4 for land per resident), or the 4 the verdict was reached at
// when fewer would show the value at the target (89.9960 % not meeting 90).
int decimals_of(const IndicatorValue& v) {
  if (std::string(v.info->unit) == "m2 per resident") return 4;
  if (v.value && v.spec->target && (v.status == Status::Met || v.status == Status::NotMet) &&
      siting::detail::round_to(*v.value, 2) == *v.spec->target)
    return 4;
  return 2;
}

std::string status_text(Status s) {
  switch (s) {
    case Status::Met: return "met";
    case Status::NotMet: return "NOT MET";
    case Status::NoTarget: return "no target";
    case Status::NotComputable: return "not computable";
  }
  return "";
}

}  // namespace

void indicator_outputs(Output& out, const Run& run, const IndicatorTable& t, ordered_json& summary) {
  const std::vector<Zone>& zones = run.inputs.zones;
  Columns<std::size_t> c;
  auto v = [&t](std::size_t i) -> const IndicatorValue& { return t.values[i]; };
  c.add("indicator", Text, [&](std::size_t i) { return v(i).spec->id; });
  c.add("name_zh", Text, [&](std::size_t i) { return v(i).info->name_zh; });
  c.add("name_en", Text, [&](std::size_t i) { return v(i).info->name_en; });
  c.add("scope", Text, [&](std::size_t i) { return v(i).zone ? "zone" : "study_area"; });
  c.add("zone_id", Text, [&](std::size_t i) -> io::Value {
    if (!v(i).zone) return {};
    return zones[*v(i).zone].id;
  });
  c.add("zone_name", Text, [&](std::size_t i) -> io::Value {
    if (!v(i).zone) return {};
    return zones[*v(i).zone].name;
  });
  c.add("zone_level", Text, [&](std::size_t i) -> io::Value {
    if (!v(i).zone) return {};
    return zones[*v(i).zone].level;
  });
  c.add("measure", Text, [&](std::size_t i) { return indicators::to_string(v(i).measure); });
  c.add("value", Real(4), [&](std::size_t i) { return v(i).value; });
  c.add("unit", Text, [&](std::size_t i) { return v(i).info->unit; });
  c.add("numerator", Real(2), [&](std::size_t i) -> std::optional<double> {
    if (!v(i).value) return std::nullopt;
    return v(i).numerator;
  });
  c.add("denominator", Real(2), [&](std::size_t i) -> std::optional<double> {
    if (!v(i).value) return std::nullopt;
    return v(i).denominator;
  });
  c.add("target", Real(4), [&](std::size_t i) { return v(i).spec->target; });
  c.add("comparison", Text, [&](std::size_t i) -> io::Value {
    if (!v(i).spec->target) return {};
    return comparison(v(i));
  });
  c.add("basis", Text, [&](std::size_t i) { return indicators::to_string(v(i).spec->basis); });
  c.add("year", Integer, [&](std::size_t i) -> std::optional<double> {
    if (!v(i).spec->year) return std::nullopt;
    return *v(i).spec->year;
  });
  c.add("nature", Text, [&](std::size_t i) -> io::Value {
    if (!v(i).spec->nature) return {};
    return indicators::to_string(*v(i).spec->nature);
  });
  c.add("status", Text, [&](std::size_t i) { return indicators::to_string(v(i).status); });
  c.add("note", Text, [&](std::size_t i) { return v(i).note; });
  c.add("target_source", Text, [&](std::size_t i) { return v(i).spec->source; });
  out.table(c.table("indicators", indices(t.values.size())), Files::Csv);

  ordered_json block;
  block["plan"] = {{"name", t.plan.name},
                   {"title", t.plan.title},
                   {"origin", t.plan.origin},
                   {"period", t.plan.period}};
  block["met"] = t.count(Status::Met);
  block["not_met"] = t.count(Status::NotMet);
  block["no_target"] = t.count(Status::NoTarget);
  block["not_computable"] = t.count(Status::NotComputable);
  ordered_json rows = ordered_json::array();
  for (const IndicatorValue& x : t.values) {
    if (x.zone) continue;  // per zone: indicators.csv
    ordered_json r;
    r["indicator"] = x.spec->id;
    r["name_zh"] = x.info->name_zh;
    r["measure"] = indicators::to_string(x.measure);
    r["value"] = x.value ? ordered_json(siting::detail::round_to(*x.value, 4)) : ordered_json(nullptr);
    r["unit"] = x.info->unit;
    r["target"] = x.spec->target ? ordered_json(*x.spec->target) : ordered_json(nullptr);
    r["comparison"] = comparison(x);
    r["basis"] = indicators::to_string(x.spec->basis);
    r["year"] = x.spec->year ? ordered_json(*x.spec->year) : ordered_json(nullptr);
    r["nature"] = x.spec->nature ? ordered_json(indicators::to_string(*x.spec->nature)) : ordered_json(nullptr);
    r["status"] = indicators::to_string(x.status);
    r["note"] = x.note;
    rows.push_back(r);
  }
  block["study_area"] = rows;
  summary["indicators"] = block;
}

std::string indicators_text(const IndicatorTable& t) {
  std::ostringstream text;
  const std::string plan = t.plan.name.empty() ? "no plan (values without targets; --plan adds them)"
                                               : "plan " + t.plan.label() + (t.plan.period.empty() ? "" : " " + t.plan.period);
  text << "  indicators, " << plan << ": " << t.count(Status::Met) << " met, " << t.count(Status::NotMet)
       << " not met, " << t.count(Status::NoTarget) << " without a target, " << t.count(Status::NotComputable)
       << " not computable (per zone and why: indicators.csv)\n";
  for (const IndicatorValue& v : t.values) {
    if (v.zone) continue;
    std::string target = "-";
    if (v.spec->target)
      target = v.measure == v.spec->basis ? comparison(v) + " " + value_text(v, *v.spec->target, decimals_of(v)) : "(see " +
                                                std::string(indicators::to_string(v.spec->basis)) + ")";
    text << "    " << pad(v.info->name_zh, 46) << pad(indicators::to_string(v.measure), 13)
         << pad(v.value ? value_text(v, *v.value, decimals_of(v)) : "-", 30) << pad(target, 32) << status_text(v.status) << "\n";
  }
  return text.str();
}

}  // namespace siting::report::detail
