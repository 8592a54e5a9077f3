// SPDX-License-Identifier: Apache-2.0
#include "jobs/common.hpp"

#include "detail/text.hpp"
#include "siting/error.hpp"
#include "siting/io/pdf.hpp"
#include "siting/log.hpp"

namespace siting::jobs::detail {

rules::RuleSet load_rules(const std::string& name_or_path, const std::vector<std::string>& overrides) {
  rules::RuleSet rules = rules::load_rules(name_or_path);
  for (const std::string& o : overrides) rules::apply_override(rules, o);
  return rules;
}

void log_rules(const rules::RuleSet& rules) {
  log::info("rules: ", rules.origin, rules.overrides.empty() ? "" : " with overrides ",
            siting::detail::join(rules.overrides, ", "));
}

void derive_elderly(Inputs& in, const rules::RuleSet& rules) {
  if (!rules.demand.elderly_share) return;
  const double share = *rules.demand.elderly_share;
  std::size_t parcels = 0, zones = 0;
  for (Estate& e : in.estates)
    if (!e.elderly) {
      e.elderly = e.population.value_or(e.households * rules.zone.persons_per_household) * share;
      ++parcels;
    }
  for (Zone& z : in.zones)
    if (!z.elderly && z.population) {
      z.elderly = *z.population * share;
      ++zones;
    }
  if (parcels + zones > 0)
    log::info("elderly derived as residents x ", siting::detail::format_number(share), " (demand.elderly_share): ",
              parcels, " parcels, ", zones, " zones");
}

std::string report_browser(bool report, bool pdf) {
  if (!report || !pdf) return "";
  const auto found = io::find_chromium();
  if (!found)
    throw Error(ErrorCode::OutputFailed,
                "--report prints report.pdf with Chromium, which is not installed (apt install chromium, or set "
                "SITING_CHROMIUM); --no-pdf writes report.html alone");
  return *found;
}

std::unique_ptr<io::DatabaseOutput> open_database(const io::DatabaseTarget& target,
                                                  const std::vector<std::string>& files) {
  if (target.empty()) return nullptr;
  return std::make_unique<io::DatabaseOutput>(target, io::table_names(files));
}

std::future<void> warm_output_transform(const crs::Crs& working) {
  return std::async(std::launch::async, [from = working, to = crs::Crs::Epsg(4326)] {
    try {
      (void)crs::Transform::Cached(from, to);
    } catch (const Error&) {
    }
  });
}

void commit_outputs(io::OutputDir& out, io::DatabaseOutput* db) {
  if (db) db->commit();
  out.commit();
}

void hash_feature(shard::Hasher& h, const Estate& e) {
  h.add(e.id), h.add(e.households), h.add(e.population.value_or(-1.0)), h.add(e.elderly.value_or(-1.0));
  h.add(e.area_m2), h.add(e.label), h.add(e.geometry);
}

// The type too: a sharded check draws the circles of some types in the shards.
void hash_feature(shard::Hasher& h, const Facility& f) {
  h.add(f.id), h.add(f.location), h.add(f.floor_area_m2);
  h.add(static_cast<std::uint64_t>(f.type ? static_cast<int>(*f.type) : -1));
}

void hash_feature(shard::Hasher& h, const Candidate& c) {
  h.add(c.id), h.add(c.location), h.add(c.capacity.value_or(-1.0)), h.add(c.floor_area_m2.value_or(-1.0));
  h.add(c.cost.value_or(-1.0)), h.add(static_cast<std::uint64_t>(c.fid));
}

void hash_inputs(shard::Hasher& h, const Inputs& in) {
  h.add(static_cast<std::uint64_t>(in.estates.size()));
  for (const Estate& e : in.estates) hash_feature(h, e);
  h.add(static_cast<std::uint64_t>(in.facilities.size()));
  for (const Facility& f : in.facilities) hash_feature(h, f);
  h.add(static_cast<std::uint64_t>(in.zones.size()));
  for (const Zone& z : in.zones) h.add(z.id), h.add(z.level), h.add(z.geometry);
  if (in.roads) {
    h.add(static_cast<std::uint64_t>(in.roads->lines.size()));
    for (PointSpan l : in.roads->lines) h.add(l);
  }
}

}  // namespace siting::jobs::detail
