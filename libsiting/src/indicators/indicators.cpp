// SPDX-License-Identifier: Apache-2.0
#include "siting/indicators/indicators.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "detail/text.hpp"

namespace siting::indicators {

using siting::detail::format_fixed;
using siting::detail::format_number;
using siting::detail::join;

const char* to_string(Status status) {
  switch (status) {
    case Status::Met: return "met";
    case Status::NotMet: return "not_met";
    case Status::NoTarget: return "no_target";
    case Status::NotComputable: return "not_computable";
  }
  return "";
}

std::size_t IndicatorTable::count(Status status) const {
  std::size_t n = 0;
  for (const IndicatorValue& v : values)
    if (!v.zone && v.measure == v.spec->basis && v.status == status) ++n;
  return n;
}

std::vector<FacilityType> circle_types(const IndicatorSpec& spec) {
  if (spec.id != "community_day_care_coverage" && spec.id != "service_circle_coverage") return {};
  std::vector<FacilityType> t = spec.types;
  std::sort(t.begin(), t.end());
  t.erase(std::unique(t.begin(), t.end()), t.end());
  return t;
}

namespace {

std::string types_text(const std::vector<FacilityType>& types) {
  std::vector<std::string> names;
  for (FacilityType t : types) names.emplace_back(to_string(t));
  return join(names, " or ");
}

std::string facility_name(const Facility& f) {
  return "facility " + f.id + " (fid " + std::to_string(f.fid) + ")";
}

std::string count_text(double v) { return format_number(std::round(v)); }

class Builder {
 public:
  Builder(const Plan& plan, const IndicatorData& data, IndicatorTable& table) : plan_(plan), d_(data), t_(table) {
    for (const Zone& z : d_.zones)
      if (std::find(levels_.begin(), levels_.end(), z.level) == levels_.end()) levels_.push_back(z.level);
    std::stable_sort(levels_.begin(), levels_.end(), [&](const std::string& a, const std::string& b) {
      return tier_of(plan_.levels, a) < tier_of(plan_.levels, b);
    });
    for (const Facility& f : d_.facilities) typed_ = typed_ || f.type.has_value();
  }

  void build(const IndicatorSpec& s) {
    spec_ = &s;
    info_ = find_indicator(s.id);
    if (s.id == "new_estate_compliance") new_estates();
    else if (s.id == "community_day_care_coverage") {
      zones_with_facility(Tier::Community, Measure::Communities, "communities", "community");
      circle({Measure::Households, Measure::Elderly});
    } else if (s.id == "street_comprehensive_coverage") {
      zones_with_facility(Tier::Street, Measure::Streets, "streets and towns", "street");
    } else if (s.id == "nursing_bed_share") nursing_share();
    else if (s.id == "non_public_bed_share") non_public_share();
    else if (s.id == "beds_per_1000_elderly") beds_per_elderly();
    else if (s.id == "service_circle_coverage") circle({Measure::Households, Measure::Elderly, Measure::Residents});
    else if (s.id == "land_per_resident") land();
  }

 private:
  IndicatorValue& add(Measure m, std::optional<std::size_t> zone = std::nullopt) {
    IndicatorValue v;
    v.spec = spec_;
    v.info = info_;
    v.measure = m;
    v.zone = zone;
    t_.values.push_back(v);
    return t_.values.back();
  }
  void not_computable(Measure m, const std::string& why) {
    IndicatorValue& v = add(m);
    v.note = why;
  }
  // A computed value, compared with the target when it is the plan's basis.
  void computed(IndicatorValue& v, double value, double num, double den, const std::string& note) {
    v.value = value;
    v.numerator = num;
    v.denominator = den;
    v.note = note;
    if (!spec_->target) {
      v.status = Status::NoTarget;
    } else if (v.measure != spec_->basis) {
      v.status = Status::NoTarget;
      v.note += "; the target is compared with " + std::string(to_string(spec_->basis));
    } else {
      // As indicators.csv shows it (4 decimals), so a value written as 90.0000
      // never fails 90 on a floating-point residue, and 0.0996 m2 per resident
      // (shown as such) never meets 0.1.
      const double shown = std::round(value * 1e4) / 1e4;
      const bool ok = spec_->at_most ? shown <= *spec_->target : shown >= *spec_->target;
      v.status = ok ? Status::Met : Status::NotMet;
    }
  }
  void share(IndicatorValue& v, double part, double whole, const std::string& note) {
    computed(v, 100.0 * part / whole, part, whole, note);
  }
  void share(IndicatorValue& v, std::size_t part, std::size_t whole, const std::string& note) {
    share(v, static_cast<double>(part), static_cast<double>(whole), note);
  }

  std::string no_type_reason() const {
    return "the facilities give no type (a field such as 设施类型 / category; siting fields lists the names)";
  }

  void new_estates() {
    std::size_t total = 0, pass = 0;
    for (std::size_t e = 0; e < d_.estates.size(); ++e)
      if (d_.estates[e].kind == EstateKind::New) {
        ++total;
        pass += d_.provision.estates[e].verdict == provision::Verdict::Pass;
      }
    if (total == 0) return not_computable(Measure::NewEstates, "no new estate (kind 新建 / new) among the parcels");
    share(add(Measure::NewEstates), pass, total,
          std::to_string(pass) + " of " + std::to_string(total) + " new estates meet the estate rule");
    // One pass over the estates (a city has 10^5), tallied per zone.
    std::vector<std::size_t> zt(d_.zones.size(), 0), zp(d_.zones.size(), 0);
    for (std::size_t e = 0; e < d_.estates.size(); ++e) {
      if (d_.estates[e].kind != EstateKind::New) continue;
      const bool ok = d_.provision.estates[e].verdict == provision::Verdict::Pass;
      for (std::size_t z : d_.estate_zones[e]) {
        ++zt[z];
        zp[z] += ok;
      }
    }
    for (std::size_t z = 0; z < d_.zones.size(); ++z)
      if (zt[z] > 0)
        share(add(Measure::NewEstates, z), zp[z], zt[z],
              std::to_string(zp[z]) + " of " + std::to_string(zt[z]) + " new estates meet the estate rule");
  }

  // The share of the zones of a tier that hold a facility of the spec's types.
  void zones_with_facility(Tier tier, Measure m, const char* plural, const char* tier_name) {
    if (d_.zones.empty())
      return not_computable(m, std::string("needs --zones with ") + tier_name + "-level zones");
    std::vector<std::size_t> of_tier;
    for (std::size_t z = 0; z < d_.zones.size(); ++z)
      if (tier_of(plan_.levels, d_.zones[z].level) == tier) of_tier.push_back(z);
    if (of_tier.empty())
      return not_computable(m, std::string("no zone of a ") + tier_name + " level (the zones' levels: " +
                                   join(levels_, ", ") + "; a plan's zone_levels." + tier_name + " names others)");
    if (!spec_->types.empty() && !typed_) return not_computable(m, no_type_reason());
    std::vector<bool> has(d_.zones.size(), false);
    for (std::size_t f = 0; f < d_.facilities.size(); ++f)
      if (of_types(d_.facilities[f], spec_->types))
        for (std::size_t z : d_.facility_zones[f]) has[z] = true;
    std::size_t with = 0;
    for (std::size_t z : of_tier) with += has[z];
    const std::string what = spec_->types.empty() ? "a facility" : "a " + types_text(spec_->types) + " facility";
    share(add(m), with, of_tier.size(),
          std::to_string(with) + " of " + std::to_string(of_tier.size()) + " " + plural + " hold " + what);
    // Per zone of a coarser tier: its own zones of this tier (those whose inner
    // point it contains), e.g. the communities of each street.
    std::vector<std::size_t> total(d_.zones.size(), 0), held(d_.zones.size(), 0);
    for (std::size_t c : of_tier)
      for (std::size_t z : d_.zone_zones[c])
        if (tier_of(plan_.levels, d_.zones[z].level) < tier) {
          ++total[z];
          held[z] += has[c];
        }
    for (std::size_t z = 0; z < d_.zones.size(); ++z)
      if (total[z] > 0)
        share(add(m, z), held[z], total[z],
              std::to_string(held[z]) + " of " + std::to_string(total[z]) + " " + plural + " hold " + what);
  }

  // Households, elderly or residents within the circle of the spec's facilities.
  void circle(const std::vector<Measure>& measures) {
    const std::vector<FacilityType> types = circle_types(*spec_);
    const coverage::CoverageResult* c = nullptr;
    bool none_of_type = false;
    if (types.empty()) {
      c = d_.circle;
    } else if (auto it = d_.typed_circles.find(types); it != d_.typed_circles.end()) {
      c = &it->second;
    } else {
      none_of_type = true;
    }
    const std::string who = types.empty() ? "a facility" : "a " + types_text(types) + " facility";
    for (Measure m : measures) {
      if (!d_.roads) {
        not_computable(m, "needs --roads (the walking network)");
        continue;
      }
      if (!types.empty() && !typed_) {
        not_computable(m, no_type_reason());
        continue;
      }
      if (m == Measure::Elderly && !(c ? c->elderly_known : elderly_of_every_parcel())) {
        not_computable(m, "needs the elderly of every parcel (老年人口 / elderly, or the rule set's demand.elderly_share)");
        continue;
      }
      auto totals = [&](const coverage::Rates& r) -> std::pair<double, double> {
        const std::size_t last = r.households_covered.size() - 1;
        switch (m) {
          case Measure::Elderly: return {r.elderly_covered[last], r.elderly};
          case Measure::Residents: return {r.residents_covered[last], r.residents};
          default: return {r.households_covered[last], r.households};
        }
      };
      const std::string noun = to_string(m);
      if (none_of_type) {
        double whole = 0.0;
        for (std::size_t e = 0; e < d_.estates.size(); ++e)
          whole += m == Measure::Elderly ? d_.estates[e].elderly.value_or(0.0)
                   : m == Measure::Residents ? d_.circle->residents[e] : d_.estates[e].households;
        if (whole > 0) share(add(m), 0.0, whole, "no " + types_text(types) + " facility: none of " + count_text(whole) + " " + noun + " is within its circle");
        else not_computable(m, "no " + noun + " in the parcels");
        continue;
      }
      const double minutes = c->options.minutes.back();
      const std::string within = " within " + format_number(minutes) + " minutes' walk of " + who;
      auto [part, whole] = totals(c->overall);
      if (whole <= 0) {
        not_computable(m, "no " + noun + " in the parcels");
        continue;
      }
      share(add(m), part, whole, count_text(part) + " of " + count_text(whole) + " " + noun + within);
      for (std::size_t z = 0; z < c->zones.size(); ++z) {
        auto [zp, zw] = totals(c->zones[z]);
        if (zw > 0) share(add(m, z), zp, zw, count_text(zp) + " of " + count_text(zw) + " " + noun + within);
      }
    }
  }

  bool elderly_of_every_parcel() const {
    for (const Estate& e : d_.estates)
      if (!e.elderly) return false;
    return !d_.estates.empty();
  }

  // The facilities of the spec's types, or a reason there are none to count.
  std::optional<std::string> select(std::vector<std::size_t>& out) const {
    if (!spec_->types.empty() && !typed_) return no_type_reason();
    for (std::size_t f = 0; f < d_.facilities.size(); ++f)
      if (of_types(d_.facilities[f], spec_->types)) out.push_back(f);
    if (out.empty()) return "no facility of type " + types_text(spec_->types);
    return std::nullopt;
  }

  bool any_beds() const {
    for (const Facility& f : d_.facilities)
      if (f.beds) return true;
    return false;
  }

  void nursing_share() {
    std::vector<std::size_t> chosen;
    if (auto why = select(chosen)) return not_computable(Measure::Beds, *why);
    double beds = 0.0, nursing = 0.0;
    for (std::size_t f : chosen) {
      const Facility& fac = d_.facilities[f];
      if (!fac.beds) return not_computable(Measure::Beds, facility_name(fac) + " gives no beds (床位数 / beds)");
      if (!fac.nursing_beds)
        return not_computable(Measure::Beds, facility_name(fac) + " gives no nursing-type beds (护理型床位 / nursing_beds)");
      beds += *fac.beds;
      nursing += *fac.nursing_beds;
    }
    const std::string whose = std::to_string(chosen.size()) + " " +
                              (spec_->types.empty() ? std::string("facilities") : types_text(spec_->types) + " facilities");
    if (beds <= 0) return not_computable(Measure::Beds, "the " + whose + " hold no beds");
    share(add(Measure::Beds), nursing, beds, count_text(nursing) + " nursing-type of " + count_text(beds) + " beds in " + whose);
  }

  void non_public_share() {
    if (!any_beds()) return not_computable(Measure::Beds, "the facilities give no beds (床位数 / beds)");
    std::vector<std::size_t> chosen;
    if (auto why = select(chosen)) return not_computable(Measure::Beds, *why);
    double beds = 0.0, non_public = 0.0;
    std::size_t with_beds = 0;
    for (std::size_t f : chosen) {
      const Facility& fac = d_.facilities[f];
      if (!fac.beds || *fac.beds <= 0) continue;
      if (!fac.operator_kind)
        return not_computable(Measure::Beds, facility_name(fac) + " has beds but no operator (运营主体 / operator)");
      ++with_beds;
      beds += *fac.beds;
      if (*fac.operator_kind == Operator::NonPublic) non_public += *fac.beds;
    }
    if (beds <= 0) return not_computable(Measure::Beds, "no facility of those counted holds beds");
    share(add(Measure::Beds), non_public, beds,
          count_text(non_public) + " of " + count_text(beds) + " beds (in " + std::to_string(with_beds) +
              " facilities) are run by non-public operators");
  }

  // The elderly of the whole study area: the zones of the coarsest level that
  // all give them, else every parcel's; with what was summed.
  std::optional<std::pair<double, std::string>> study_elderly() const {
    for (const std::string& level : levels_) {
      double sum = 0.0;
      std::size_t n = 0;
      bool all = true;
      for (const Zone& z : d_.zones)
        if (z.level == level) {
          all = all && z.elderly.has_value();
          sum += z.elderly.value_or(0.0);
          ++n;
        }
      if (all && n > 0) return std::pair{sum, "the zones of level " + level + " (" + std::to_string(n) + ")"};
    }
    if (elderly_of_every_parcel()) {
      double sum = 0.0;
      for (const Estate& e : d_.estates) sum += *e.elderly;
      return std::pair{sum, "the parcels (" + std::to_string(d_.estates.size()) + ")"};
    }
    return std::nullopt;
  }

  void beds_per_elderly() {
    if (!any_beds()) return not_computable(Measure::Beds, "the facilities give no beds (床位数 / beds)");
    std::vector<std::size_t> chosen;
    if (auto why = select(chosen)) return not_computable(Measure::Beds, *why);
    const auto elderly = study_elderly();
    if (!elderly || elderly->first <= 0)
      return not_computable(Measure::Beds, "needs the elderly (老年人口 / elderly) of every zone of one level or of every "
                                           "parcel, or the rule set's demand.elderly_share");
    double beds = 0.0;
    std::size_t without = 0;
    for (std::size_t f : chosen) {
      beds += d_.facilities[f].beds.value_or(0.0);
      without += !d_.facilities[f].beds;
    }
    const std::string zero = without ? " (" + std::to_string(without) + " facilities give no beds and count 0)" : "";
    computed(add(Measure::Beds), 1000.0 * beds / elderly->first, beds, elderly->first,
             count_text(beds) + " beds for " + count_text(elderly->first) + " elderly in " + elderly->second + zero);
    std::vector<double> zone_beds(d_.zones.size(), 0.0);
    for (std::size_t f : chosen)
      for (std::size_t z : d_.facility_zones[f]) zone_beds[z] += d_.facilities[f].beds.value_or(0.0);
    for (std::size_t z = 0; z < d_.zones.size(); ++z) {
      if (!d_.zones[z].elderly || *d_.zones[z].elderly <= 0) continue;
      const double zb = zone_beds[z];
      computed(add(Measure::Beds, z), 1000.0 * zb / *d_.zones[z].elderly, zb, *d_.zones[z].elderly,
               count_text(zb) + " beds for " + count_text(*d_.zones[z].elderly) + " elderly");
    }
  }

  void land() {
    if (d_.zones.empty()) return not_computable(Measure::Land, "needs --zones (with population, or households)");
    // The coarsest level whose zones all have residents stands for the study area.
    for (const std::string& level : levels_) {
      double land = 0.0, people = 0.0;
      std::size_t n = 0;
      bool all = true;
      for (std::size_t z = 0; z < d_.zones.size(); ++z)
        if (d_.zones[z].level == level) {
          all = all && d_.provision.zones[z].population > 0;
          land += d_.provision.zones[z].provided_land_m2;
          people += d_.provision.zones[z].population;
          ++n;
        }
      if (!all || n == 0) continue;
      computed(add(Measure::Land), land / people, land, people,
               format_fixed(land, 2) + " m2 of land for " + count_text(people) + " residents in the zones of level " +
                   level + " (" + std::to_string(n) + ")");
      for (std::size_t z = 0; z < d_.zones.size(); ++z) {
        const provision::ZoneResult& r = d_.provision.zones[z];
        if (r.population > 0)
          computed(add(Measure::Land, z), r.provided_land_m2 / r.population, r.provided_land_m2, r.population,
                   format_fixed(r.provided_land_m2, 2) + " m2 of land for " + count_text(r.population) + " residents");
      }
      return;
    }
    not_computable(Measure::Land, "no zone level whose zones all have residents (population, households or estates)");
  }

  const Plan& plan_;
  const IndicatorData& d_;
  IndicatorTable& t_;
  std::vector<std::string> levels_;  // coarsest first
  bool typed_ = false;               // some facility gives a type
  const IndicatorSpec* spec_ = nullptr;
  const IndicatorInfo* info_ = nullptr;
};

}  // namespace

IndicatorTable compute_indicators(const Plan& plan, const IndicatorData& data) {
  IndicatorTable t;
  t.plan = plan;
  Builder b(t.plan, data, t);
  for (const IndicatorSpec& s : t.plan.indicators) b.build(s);
  return t;
}

}  // namespace siting::indicators
