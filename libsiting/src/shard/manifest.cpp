// SPDX-License-Identifier: Apache-2.0
#include "siting/shard/manifest.hpp"

#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

#include "siting/error.hpp"

namespace siting::shard {

using nlohmann::json;

// ---- hash -------------------------------------------------------------------

namespace {

// The rings of a polygon in order, outer ring first: for (r = &p.outer; r; r = next_ring(p, r)).
const Ring* next_ring(const Polygon& p, const Ring* r) {
  if (r == &p.outer) return p.holes.empty() ? nullptr : &p.holes.front();
  const std::size_t i = static_cast<std::size_t>(r - p.holes.data()) + 1;
  return i < p.holes.size() ? &p.holes[i] : nullptr;
}

}  // namespace

void Hasher::add(std::uint64_t v) {
  // splitmix64's finaliser over the running state and the word: cheap, and every
  // bit of the word changes the key.
  std::uint64_t z = (h_ ^ v) + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  h_ = z ^ (z >> 31);
}

void Hasher::add(double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  add(bits);
}

void Hasher::add(const std::string& s) {
  add(static_cast<std::uint64_t>(s.size()));
  for (std::size_t i = 0; i < s.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, s.data() + i, std::min<std::size_t>(8, s.size() - i));
    add(w);
  }
}

void Hasher::add(PointSpan l) {
  add(static_cast<std::uint64_t>(l.size()));
  for (const Point& p : l) add(p);
}

void Hasher::add(const MultiPolygon& m) {
  add(static_cast<std::uint64_t>(m.size()));
  for (const Polygon& poly : m) {
    add(static_cast<std::uint64_t>(poly.holes.size()));
    for (const Ring* r = &poly.outer; r; r = next_ring(poly, r)) {
      add(static_cast<std::uint64_t>(r->size()));
      for (const Point& p : *r) add(p);
    }
  }
}

std::string Hasher::hex() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
  return buf;
}

// ---- manifest.json ------------------------------------------------------------

namespace {

json box_json(const Box& b) { return json::array({b.min_x, b.min_y, b.max_x, b.max_y}); }
Box box_from(const json& j) { return {j.at(0).get<double>(), j.at(1).get<double>(), j.at(2).get<double>(), j.at(3).get<double>()}; }

json polygons_json(const MultiPolygon& m) {
  json out = json::array();
  for (const Polygon& poly : m) {
    json rings = json::array();
    for (const Ring* r = &poly.outer; r; r = next_ring(poly, r)) {
      json pts = json::array();
      for (const Point& p : *r) pts.push_back(json::array({p.x, p.y}));
      rings.push_back(std::move(pts));
    }
    out.push_back(std::move(rings));
  }
  return out;
}

MultiPolygon polygons_from(const json& j) {
  MultiPolygon m;
  for (const json& poly : j) {
    Polygon p;
    for (const json& ring : poly) {
      Ring r;
      for (const json& pt : ring) r.push_back({pt.at(0).get<double>(), pt.at(1).get<double>()});
      if (p.outer.empty()) p.outer = std::move(r);
      else p.holes.push_back(std::move(r));
    }
    m.push_back(std::move(p));
  }
  return m;
}

}  // namespace

void write_manifest(const Manifest& m, const std::string& path) {
  json j;
  j["format"] = m.format;
  j["command"] = m.command;
  j["run_key"] = m.run_key;
  j["working_crs"] = m.crs;
  j["working_crs_wkt"] = m.crs_wkt;
  j["districts_from"] = m.grid;
  j["halo_m"] = m.halo_m;
  j["tile_m"] = m.tile_m;
  j["parcels"] = m.parcel_count;
  j["facilities"] = m.facility_count;
  j["network"] = {{"lines", m.build.lines},
                  {"segments", m.build.segments},
                  {"zero_length", m.build.zero_length},
                  {"duplicates", m.build.duplicates},
                  {"snapped_ends", m.build.snapped_ends},
                  {"noded_lines", m.build.noded_lines},
                  {"vertices", m.vertices},
                  {"edges", m.edges},
                  {"components", m.components},
                  {"largest_component_vertices", m.largest_component_vertices}};
  json shards = json::array();
  for (std::size_t s = 0; s < m.shards.size(); ++s) {
    const ShardSpec& sp = m.shards[s];
    json islands = json::array();
    for (const IslandVertex& v : sp.islands) islands.push_back(json::array({v.x, v.y, v.component}));
    shards.push_back({{"shard", s},
                      {"district", sp.district},
                      {"district_id", m.districts[sp.district].id},
                      {"district_name", m.districts[sp.district].name},
                      {"owned", box_json(sp.owned)},
                      {"halo", box_json(sp.halo)},
                      {"parcels", sp.parcels},
                      {"facilities", sp.facilities},
                      {"lines", sp.lines},
                      {"inputs_key", sp.inputs_key},
                      {"hash", sp.hash},
                      {"island_vertices", std::move(islands)}});
  }
  j["shards"] = std::move(shards);
  json districts = json::array();
  for (const District& d : m.districts)
    districts.push_back({{"id", d.id}, {"name", d.name}, {"polygons", polygons_json(d.geometry)}});
  j["districts"] = std::move(districts);
  j["district_shard"] = m.district_shard;
  j["parcel_shard"] = m.parcel_shard;
  j["facility_shard"] = m.facility_shard;
  j["parcel_fid"] = m.parcel_fid;
  j["facility_fid"] = m.facility_fid;
  std::ofstream f(path, std::ios::binary);
  f << j.dump(1) << '\n';
  if (!f.flush()) throw Error(ErrorCode::OutputFailed, "cannot write the shard plan " + path);
}

Manifest read_manifest(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(ErrorCode::OpenFailed, "cannot open the shard plan (--shard-manifest)", in_file(path));
  json j;
  try {
    j = json::parse(f);
  } catch (const json::exception& e) {
    throw Error(ErrorCode::Shards, "not a shard plan written by siting shard: " + printable(e.what(), 200), in_file(path));
  }
  Manifest m;
  try {
    m.format = j.at("format").get<int>();
    if (m.format != kManifestFormat)
      throw Error(ErrorCode::Shards, "shard plan format " + std::to_string(m.format) + "; this siting reads format " +
                                         std::to_string(kManifestFormat) + ": plan again with this siting",
                  in_file(path));
    m.command = j.at("command").get<std::string>();
    m.run_key = j.at("run_key").get<std::string>();
    m.crs = j.at("working_crs").get<std::string>();
    m.crs_wkt = j.at("working_crs_wkt").get<std::string>();
    m.grid = j.at("districts_from").get<std::string>();
    m.halo_m = j.at("halo_m").get<double>();
    m.tile_m = j.at("tile_m").get<double>();
    m.parcel_count = j.at("parcels").get<std::size_t>();
    m.facility_count = j.at("facilities").get<std::size_t>();
    const json& n = j.at("network");
    m.build.lines = n.at("lines").get<std::size_t>();
    m.build.segments = n.at("segments").get<std::size_t>();
    m.build.zero_length = n.at("zero_length").get<std::size_t>();
    m.build.duplicates = n.at("duplicates").get<std::size_t>();
    m.build.snapped_ends = n.at("snapped_ends").get<std::size_t>();
    m.build.noded_lines = n.at("noded_lines").get<std::size_t>();
    m.vertices = n.at("vertices").get<std::size_t>();
    m.edges = n.at("edges").get<std::size_t>();
    m.components = n.at("components").get<std::size_t>();
    m.largest_component_vertices = n.at("largest_component_vertices").get<std::size_t>();
    for (const json& d : j.at("districts"))
      m.districts.push_back({d.at("id").get<std::string>(), d.at("name").get<std::string>(), polygons_from(d.at("polygons"))});
    for (const json& s : j.at("shards")) {
      ShardSpec sp;
      sp.district = s.at("district").get<std::size_t>();
      sp.owned = box_from(s.at("owned"));
      sp.halo = box_from(s.at("halo"));
      sp.parcels = s.at("parcels").get<std::size_t>();
      sp.facilities = s.at("facilities").get<std::size_t>();
      sp.lines = s.at("lines").get<std::size_t>();
      sp.inputs_key = s.at("inputs_key").get<std::string>();
      sp.hash = s.at("hash").get<std::string>();
      for (const json& v : s.at("island_vertices"))
        sp.islands.push_back({v.at(0).get<double>(), v.at(1).get<double>(), v.at(2).get<std::uint32_t>()});
      if (sp.district >= m.districts.size()) throw Error(ErrorCode::Shards, "a shard names a district that is not listed", in_file(path));
      m.shards.push_back(std::move(sp));
    }
    m.district_shard = j.at("district_shard").get<std::vector<std::int32_t>>();
    m.parcel_shard = j.at("parcel_shard").get<std::vector<std::uint32_t>>();
    m.facility_shard = j.at("facility_shard").get<std::vector<std::uint32_t>>();
    m.parcel_fid = j.at("parcel_fid").get<std::vector<std::int64_t>>();
    m.facility_fid = j.at("facility_fid").get<std::vector<std::int64_t>>();
  } catch (const json::exception& e) {
    throw Error(ErrorCode::Shards, "not a shard plan written by siting shard: " + printable(e.what(), 200), in_file(path));
  }
  if (m.district_shard.size() != m.districts.size() || m.parcel_shard.size() != m.parcel_count ||
      m.facility_shard.size() != m.facility_count || m.parcel_fid.size() != m.parcel_count ||
      m.facility_fid.size() != m.facility_count)
    throw Error(ErrorCode::Shards, "the shard plan's lists do not match its counts (edited by hand?)", in_file(path));
  for (std::uint32_t s : m.parcel_shard)
    if (s >= m.shards.size()) throw Error(ErrorCode::Shards, "a parcel's shard is not listed", in_file(path));
  for (std::uint32_t s : m.facility_shard)
    if (s >= m.shards.size()) throw Error(ErrorCode::Shards, "a facility's shard is not listed", in_file(path));
  for (std::int32_t s : m.district_shard)
    if (s >= static_cast<std::int32_t>(m.shards.size())) throw Error(ErrorCode::Shards, "a district's shard is not listed", in_file(path));
  return m;
}

// ---- part.bin ------------------------------------------------------------------

namespace {

// 2: typed circles after the tiles. 3: a siting shard's pairs after them.
constexpr char kPartMagic[8] = {'S', 'I', 'T', 'P', 'A', 'R', 'T', '3'};

class Writer {
 public:
  explicit Writer(std::ostream& o) : o_(o) {}
  template <typename T>
  void pod(T v) { o_.write(reinterpret_cast<const char*>(&v), sizeof v); }
  void str(const std::string& s) {
    pod<std::uint64_t>(s.size());
    o_.write(s.data(), static_cast<std::streamsize>(s.size()));
  }
  void polygons(const MultiPolygon& m) {
    pod<std::uint32_t>(static_cast<std::uint32_t>(m.size()));
    for (const Polygon& p : m) {
      pod<std::uint32_t>(static_cast<std::uint32_t>(p.holes.size()));
      for (const Ring* r = &p.outer; r; r = next_ring(p, r)) {
        pod<std::uint32_t>(static_cast<std::uint32_t>(r->size()));
        for (const Point& pt : *r) pod(pt.x), pod(pt.y);
      }
    }
  }
  void parcel(const coverage::ParcelCoverage& pc) {
    pod<std::uint8_t>(static_cast<std::uint8_t>(pc.access));
    pod(pc.connector_m), pod(pc.time_s);
    pod<std::uint32_t>(pc.facility);
    pod<std::int32_t>(pc.tier);
    pod<std::uint32_t>(pc.component);
    pod<std::uint8_t>(pc.island);
    pod<std::uint32_t>(static_cast<std::uint32_t>(pc.covered_m2.size()));
    for (double c : pc.covered_m2) pod(c);
    polygons(pc.gap);
  }

 private:
  std::ostream& o_;
};

class Reader {
 public:
  Reader(const std::string& data, const std::string& path) : d_(data), path_(path) {}
  template <typename T>
  T pod() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, d_.data() + at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  std::string str() {
    const auto n = pod<std::uint64_t>();
    need(n);
    std::string s = d_.substr(at_, n);
    at_ += n;
    return s;
  }
  std::size_t count(std::size_t item_bytes) {
    const auto n = pod<std::uint64_t>();
    need(n * item_bytes);  // each item takes at least this much: a corrupt count cannot allocate gigabytes
    return n;
  }
  MultiPolygon polygons() {
    MultiPolygon m(pod<std::uint32_t>());
    need(m.size() * 4);
    for (Polygon& p : m) {
      p.holes.resize(pod<std::uint32_t>());
      need(p.holes.size() * 4);
      for (Ring* r = &p.outer; r; r = const_cast<Ring*>(next_ring(p, r))) {
        r->resize(pod<std::uint32_t>());
        need(r->size() * 16);
        for (Point& pt : *r) pt.x = pod<double>(), pt.y = pod<double>();
      }
    }
    return m;
  }
  coverage::ParcelCoverage parcel() {
    coverage::ParcelCoverage pc;
    const auto access = pod<std::uint8_t>();
    if (access > static_cast<std::uint8_t>(network::AccessKind::None))
      throw Error(ErrorCode::Shards, "the shard's part is corrupt (access kind)", in_file(path_));
    pc.access = static_cast<network::AccessKind>(access);
    pc.connector_m = pod<double>();
    pc.time_s = pod<double>();
    pc.facility = pod<std::uint32_t>();
    pc.tier = pod<std::int32_t>();
    pc.component = pod<std::uint32_t>();
    pc.island = pod<std::uint8_t>() != 0;
    const auto tiers = pod<std::uint32_t>();
    need(std::size_t{tiers} * 8);
    for (std::uint32_t t = 0; t < tiers; ++t) pc.covered_m2.push_back(pod<double>());
    pc.gap = polygons();
    return pc;
  }
  bool done() const { return at_ == d_.size(); }

 private:
  void need(std::size_t n) const {
    if (n > d_.size() - at_) throw Error(ErrorCode::Shards, "the shard's part is truncated or corrupt", in_file(path_));
  }
  const std::string& d_;
  const std::string& path_;
  std::size_t at_ = 0;
};

}  // namespace

void write_part(const Part& part, const std::string& path) {
  std::ofstream f(path, std::ios::binary);
  Writer w(f);
  f.write(kPartMagic, sizeof kPartMagic);
  w.pod<std::uint32_t>(part.shard);
  w.str(part.run_key);
  w.pod(part.seconds);
  w.pod<std::uint64_t>(part.parcels.size());
  for (std::size_t i = 0; i < part.parcels.size(); ++i) {
    w.pod<std::uint32_t>(part.parcel_index[i]);
    w.parcel(part.parcels[i]);
  }
  w.pod<std::uint64_t>(part.facilities.size());
  for (std::size_t i = 0; i < part.facilities.size(); ++i) {
    const coverage::FacilityCoverage& fc = part.facilities[i];
    w.pod<std::uint32_t>(part.facility_index[i]);
    w.pod<std::uint8_t>(fc.snap.on_network());
    w.pod(fc.snap.along_m), w.pod(fc.snap.connector_m), w.pod(fc.snap.at.x), w.pod(fc.snap.at.y);
    w.pod<std::uint32_t>(fc.component);
    w.pod<std::uint8_t>(fc.island);
    w.pod(fc.area_m2);
    w.polygons(fc.area);
  }
  w.pod<std::uint64_t>(part.tiles.size());
  for (const auto& tier : part.tiles) {
    w.pod<std::uint64_t>(tier.size());
    for (const coverage::TileGeometry& t : tier) {
      w.pod(t.col), w.pod(t.row), w.pod(t.area_m2);
      w.polygons(t.geometry);
    }
  }
  w.pod<std::uint64_t>(part.typed.size());
  for (const Part::TypedCircle& t : part.typed) {
    w.str(t.types);
    w.pod<std::uint64_t>(t.parcels.size());
    for (const coverage::ParcelCoverage& pc : t.parcels) w.parcel(pc);
  }
  w.str(part.candidates_key);
  w.pod<std::uint64_t>(part.pairs.size());
  for (const location::Arc& a : part.pairs) w.pod<std::uint32_t>(a.demand), w.pod<std::uint32_t>(a.site), w.pod(a.cost);
  if (!f.flush()) throw Error(ErrorCode::OutputFailed, "cannot write the shard's part " + path);
}

Part read_part(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(ErrorCode::Shards, "the shard's part is missing", in_file(path));
  const std::string data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (data.size() < sizeof kPartMagic || std::memcmp(data.data(), kPartMagic, sizeof kPartMagic) != 0)
    throw Error(ErrorCode::Shards, "not a shard part written by this siting", in_file(path));
  Reader r(data, path);
  for (std::size_t i = 0; i < sizeof kPartMagic; ++i) r.pod<char>();
  Part part;
  part.shard = r.pod<std::uint32_t>();
  part.run_key = r.str();
  part.seconds = r.pod<double>();
  const std::size_t np = r.count(38);
  for (std::size_t i = 0; i < np; ++i) {
    part.parcel_index.push_back(r.pod<std::uint32_t>());
    part.parcels.push_back(r.parcel());
  }
  const std::size_t nf = r.count(46);
  for (std::size_t i = 0; i < nf; ++i) {
    part.facility_index.push_back(r.pod<std::uint32_t>());
    coverage::FacilityCoverage fc;
    // Only whether it is on the network matters past the shard: its edge id is the shard's own.
    fc.snap.edge = r.pod<std::uint8_t>() ? 0 : network::kNone;
    fc.snap.along_m = r.pod<double>();
    fc.snap.connector_m = r.pod<double>();
    fc.snap.at.x = r.pod<double>();
    fc.snap.at.y = r.pod<double>();
    fc.component = r.pod<std::uint32_t>();
    fc.island = r.pod<std::uint8_t>() != 0;
    fc.area_m2 = r.pod<double>();
    fc.area = r.polygons();
    part.facilities.push_back(std::move(fc));
  }
  const std::size_t tiers = r.count(8);
  for (std::size_t t = 0; t < tiers; ++t) {
    std::vector<coverage::TileGeometry> tier(r.count(28));
    for (coverage::TileGeometry& g : tier) {
      g.col = r.pod<std::int64_t>();
      g.row = r.pod<std::int64_t>();
      g.area_m2 = r.pod<double>();
      g.geometry = r.polygons();
    }
    part.tiles.push_back(std::move(tier));
  }
  part.typed.resize(r.count(16));
  for (Part::TypedCircle& t : part.typed) {
    t.types = r.str();
    t.parcels.resize(r.count(34));
    for (coverage::ParcelCoverage& pc : t.parcels) pc = r.parcel();
  }
  part.candidates_key = r.str();
  part.pairs.resize(r.count(16));
  for (location::Arc& a : part.pairs) {
    a.demand = r.pod<std::uint32_t>();
    a.site = r.pod<std::uint32_t>();
    a.cost = r.pod<double>();
  }
  if (!r.done()) throw Error(ErrorCode::Shards, "the shard's part has bytes past its end (corrupt)", in_file(path));
  return part;
}

}  // namespace siting::shard
