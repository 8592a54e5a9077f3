// SPDX-License-Identifier: Apache-2.0
#include "siting/io/proposal.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "detail/bg.hpp"
#include "detail/geos.hpp"
#include "detail/text.hpp"
#include "io/feature_reader.hpp"

namespace siting::io {

using detail_read::FeatureView;
using detail_read::FieldIndex;
using review::Phase;
using review::Proposal;
using review::ProposedFacility;

namespace {

bool is_polygonal(const OGRGeometry* g) {
  if (!g) return false;
  const auto t = wkbFlatten(g->getGeometryType());
  return t == wkbPolygon || t == wkbMultiPolygon || t == wkbCurvePolygon || t == wkbMultiSurface;
}

bool is_point(const OGRGeometry* g) {
  if (io::detail_read::is_nan_point(g)) return true;  // read_point_or_surface names the coordinate
  if (!g || g->IsEmpty()) return false;
  const auto t = wkbFlatten(g->getGeometryType());
  return t == wkbPoint || t == wkbMultiPoint;
}

// The proposal id when the data has no id field: the dataset's name.
std::string default_id(const io::VectorLayer& layer) {
  const std::string& path = layer.source().path;
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    std::filesystem::path p(path);
    const std::string stem = p.stem().string();
    if (!stem.empty()) return detail::to_valid_utf8(stem);  // it is shown in every report
  }
  return detail::to_valid_utf8(layer.layer_name());
}

// Floors and phases are small whole numbers; the bounds keep them far from int's.
// A floor 200 up or 10 down is beyond any building; 1000 phases beyond any estate.
constexpr detail_read::Quantity kFloor{"floor number", -10, 200, "200", true};
constexpr detail_read::Quantity kPhase{"phase number", 1, 1000, "1000", true};

std::optional<int> whole(const FeatureView& f, const std::string& key, const detail_read::Quantity& q) {
  auto v = f.quantity(key, q);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

std::optional<bool> yes_no(const FeatureView& f, const std::string& key) {
  auto t = f.text(key);
  if (!t) return std::nullopt;
  auto b = review::parse_yes_no(*t);
  if (!b)
    throw Error(ErrorCode::BadValue, "expected yes or no (是/否, true/false, 1/0), got " + in_quotes(*t), f.where(key));
  return b;
}

struct Reader {
  const io::ReadOptions& options;
  std::vector<Proposal> proposals;
  std::map<std::string, std::size_t> by_id;
  struct Pending {
    ProposedFacility facility;
    std::string proposal_id;
    std::string label;
    ErrorContext where;
  };
  std::vector<Pending> pending;

  Proposal& proposal(const std::string& id, const std::string& source) {
    auto it = by_id.find(id);
    if (it != by_id.end()) return proposals[it->second];
    by_id[id] = proposals.size();
    proposals.emplace_back();
    proposals.back().id = id;
    proposals.back().source = source;
    return proposals.back();
  }

  void read_phase(const io::VectorLayer& layer, const FieldIndex& fields, const OGRFeature& feature,
                  const crs::Transform& to_working) {
    FeatureView f(layer, fields, feature);
    // The geometry first: a feature with a wrong or no geometry is that error, not a missing value.
    MultiPolygon geometry = io::detail_read::read_polygons(f, feature.GetGeometryRef(), to_working);
    const auto given = f.text("proposal_id");
    const std::string id = given ? *given : default_id(layer);  // default_id asks the file system
    Proposal& p = proposal(id, detail::to_valid_utf8(layer.source().path + ", layer " + layer.layer_name()));
    if (p.name.empty()) p.name = f.text("name").value_or("");
    Phase ph;
    ph.fid = feature.GetFID();
    ph.number = whole(f, "phase", kPhase).value_or(1);
    const std::string kind = f.text("kind").value_or("");
    auto k = options.kinds.lookup(kind);
    if (!k)
      throw Error(ErrorCode::BadValue,
                  (kind.empty() ? std::string("missing kind") : "unknown kind " + in_quotes(kind)) + "; expected one of " +
                      options.kinds.describe(),
                  f.where("kind"));
    ph.kind = *k;
    ph.households = f.required("households", detail_read::count_of("number of households"));
    ph.geometry = std::move(geometry);
    auto& ctx = detail::GeosContext::local();
    const detail::Validity v = detail::check_validity(ctx, ph.geometry);
    if (!v.valid) {
      if (!options.repair_invalid)
        throw Error(ErrorCode::InvalidGeometry,
                    "invalid polygon (" + v.reason + "); fix it, or rerun with --repair-invalid", f.where());
      ph.geometry = detail::make_valid(ctx, ph.geometry);
    }
    ph.area_m2 = area(ph.geometry);
    p.has_phase = p.has_phase || fields.has("phase");
    p.phases.push_back(std::move(ph));
  }

  void read_facility(const io::VectorLayer& layer, const FieldIndex& fields, const OGRFeature& feature,
                     const crs::Transform& to_working) {
    FeatureView f(layer, fields, feature);
    Pending pd;
    ProposedFacility& fac = pd.facility;
    fac.location = io::detail_read::read_point_or_surface(f, feature.GetGeometryRef(), to_working);
    fac.id = f.id();
    fac.fid = feature.GetFID();
    fac.name = f.text("name").value_or("");
    fac.category = f.text("category").value_or("");
    fac.floor_area_m2 = f.required("floor_area", detail_read::area_m2("floor area (m2)"));
    fac.land_area_m2 = f.quantity("land_area", detail_read::area_m2("land area (m2)")).value_or(0.0);
    fac.floor = whole(f, "floor", kFloor);
    if (fac.floor && *fac.floor == 0)
      throw Error(ErrorCode::BadValue, "floor 0 does not exist: 1 is the ground floor, -1 the first basement",
                  f.where("floor"));
    fac.phase = whole(f, "phase", kPhase);
    fac.lift = yes_no(f, "lift");
    fac.independent_entrance = yes_no(f, "independent_entrance");
    fac.planned = yes_no(f, "planned");
    fac.built = yes_no(f, "built");
    fac.accepted = yes_no(f, "accepted");
    fac.handed_over = yes_no(f, "handed_over");
    pd.proposal_id = f.text("proposal_id").value_or("");
    pd.label = f.label();
    pd.where = f.where();
    pending.push_back(std::move(pd));
  }

  // Which proposal each facility belongs to.
  void attach(const FieldIndex& fields) {
    for (Pending& pd : pending) {
      Proposal* target = nullptr;
      if (!pd.proposal_id.empty()) {
        auto it = by_id.find(pd.proposal_id);
        if (it == by_id.end())
          throw Error(ErrorCode::BadReference, "names proposal '" + pd.proposal_id + "', which has no estate polygon",
                      pd.where);
        target = &proposals[it->second];
      } else if (proposals.size() == 1) {
        target = &proposals.front();
      } else {
        for (Proposal& p : proposals)
          for (const Phase& ph : p.phases)
            if (detail::bg::covered_by(detail::to_bg(pd.facility.location), detail::to_bg(ph.geometry)))
              target = target ? target : &p;
        if (!target)
          throw Error(ErrorCode::BadReference,
                      "belongs to no proposal: it has no proposal id and lies in none of the estate polygons",
                      pd.where);
      }
      target->has_floor = target->has_floor || fields.has("floor");
      target->has_lift = target->has_lift || fields.has("lift");
      target->has_entrance = target->has_entrance || fields.has("independent_entrance");
      target->has_planned = target->has_planned || fields.has("planned");
      target->has_built = target->has_built || fields.has("built");
      target->has_accepted = target->has_accepted || fields.has("accepted");
      target->has_handed_over = target->has_handed_over || fields.has("handed_over");
      // As in check: ids that clash would be two facilities counted under one name.
      const ProposedFacility& fac = pd.facility;
      for (const ProposedFacility& other : target->facilities)
        if (other.id == fac.id && fac.id != "fid " + std::to_string(fac.fid))
          throw detail_read::duplicate_id(pd.where, fac.id, other.fid, fac.fid,
                                          "within a proposal ('" + target->id + "')");
      target->facilities.push_back(std::move(pd.facility));
    }
    pending.clear();
  }
};

}  // namespace

std::optional<LayerSource> proposal_facilities_source(const VectorLayer& estates, const std::string& layer) {
  std::string name = layer;
  if (name.empty())
    for (const std::string& wanted : role_layer_names(Role::ProposalFacilities))
      for (const std::string& n : estates.dataset_layer_names())
        if (name.empty() && n == wanted && n != estates.layer_name()) name = n;
  if (name.empty() || name == estates.layer_name()) return std::nullopt;
  LayerSource s = estates.source();
  s.role = Role::ProposalFacilities;
  s.layer = name;
  s.where.clear();
  return s;
}

std::vector<Proposal> read_proposals(const VectorLayer& estates, const VectorLayer* facilities,
                                     const ReadOptions& options) {
  if (estates.feature_count() == 0)
    throw Error(ErrorCode::EmptyLayer, "the proposal has no features; expected estate polygons", estates.context());
  Reader r{options, {}, {}, {}};
  const FieldIndex phase_fields(estates);
  // In a shared layer the facility fields are optional until a point appears.
  const bool shared = facilities == nullptr;
  std::optional<FieldIndex> shared_facility_fields;
  const crs::Transform to_working = crs::Transform::Cached(estates.crs(), options.working_crs);
  io::detail_read::for_each_feature(estates, [&](const OGRFeature& feature) {
    const OGRGeometry* g = feature.GetGeometryRef();
    if (is_polygonal(g) || !shared) {
      r.read_phase(estates, phase_fields, feature, to_working);
      return;
    }
    // In a shared layer the geometry says what a feature is; anything else is not a
    // facility with a missing floor area.
    if (!is_point(g))
      throw Error(ErrorCode::WrongGeometry,
                  std::string("expected an estate polygon or a facility point, got ") +
                      (g && !g->IsEmpty() ? OGRGeometryTypeToName(g->getGeometryType()) : "no geometry"),
                  FeatureView(estates, phase_fields, feature).where());
    if (!shared_facility_fields) shared_facility_fields.emplace(estates, io::Role::ProposalFacilities);
    r.read_facility(estates, *shared_facility_fields, feature, to_working);
  });
  if (r.proposals.empty())
    throw Error(ErrorCode::WrongGeometry, "the proposal has no estate polygons", estates.context());
  phase_fields.warn_replaced(estates);
  if (shared_facility_fields) {
    r.attach(*shared_facility_fields);
    shared_facility_fields->warn_replaced(estates);
  }
  if (facilities) {
    const FieldIndex fields(*facilities);
    const crs::Transform fac_to_working = crs::Transform::Cached(facilities->crs(), options.working_crs);
    io::detail_read::for_each_feature(*facilities, [&](const OGRFeature& feature) {
      r.read_facility(*facilities, fields, feature, fac_to_working);
    });
    r.attach(fields);
    fields.warn_replaced(*facilities);
  }
  for (Proposal& p : r.proposals)
    std::stable_sort(p.phases.begin(), p.phases.end(), [](const Phase& a, const Phase& b) { return a.number < b.number; });
  return r.proposals;
}

}  // namespace siting::io
