// SPDX-License-Identifier: Apache-2.0
// The sample's layers as siting reads them: GeoJSON with Chinese field names, as a
// Guangdong bureau would deliver them, written from the layout in EPSG:4547.

#include "sample/generator.hpp"

#include <filesystem>
#include <iostream>

#include "sample/figures.hpp"
#include "sample/readme.hpp"
#include "siting/crs/crs.hpp"
#include "siting/io/output_dir.hpp"

namespace siting::tools::sample {
namespace {

io::Value text_or_null(const std::string& s) { return s.empty() ? io::Value{} : io::Value{s}; }
io::Value yes_no(bool b) { return io::Value{std::string(b ? "是" : "否")}; }

Point moved(const Point& p, const Point& origin) { return {origin.x + p.x, origin.y + p.y}; }

std::vector<Point> moved(std::vector<Point> points, const Point& origin) {
  for (Point& p : points) p = moved(p, origin);
  return points;
}

MultiPolygon moved(MultiPolygon mp, const Point& origin) {
  for (Polygon& poly : mp) {
    poly.outer = moved(std::move(poly.outer), origin);
    for (Ring& h : poly.holes) h = moved(std::move(h), origin);
  }
  return mp;
}

io::Table estates_table(const District& d) {
  io::Table t;
  t.name = "estates";
  for (const char* c : {"编号", "名称", "类型"}) t.add_column(c, io::ColumnType::String);
  t.add_column("户数", io::ColumnType::Integer);
  t.add_column("老年人口", io::ColumnType::Integer);
  for (const Estate& e : d.estates) {
    t.rows.push_back({e.id, e.name, e.kind, e.households, e.elderly});
    t.geometries.emplace_back(moved(e.geometry, d.origin));
  }
  return t;
}

io::Table zones_table(const District& d) {
  io::Table t;
  t.name = "zones";
  for (const char* c : {"编号", "名称", "级别"}) t.add_column(c, io::ColumnType::String);
  t.add_column("人口", io::ColumnType::Integer);
  t.add_column("老年人口", io::ColumnType::Integer);
  for (const Zone& z : d.zones) {
    t.rows.push_back({z.id, z.name, z.level, z.population ? io::Value{*z.population} : io::Value{},
                      z.elderly ? io::Value{*z.elderly} : io::Value{}});
    t.geometries.emplace_back(moved(MultiPolygon{Polygon{z.ring, {}}}, d.origin));
  }
  return t;
}

io::Table roads_table(const District& d) {
  io::Table t;
  t.name = "roads";
  for (const char* c : {"highway", "name", "bridge", "foot", "access"}) t.add_column(c, io::ColumnType::String);
  t.add_column("layer", io::ColumnType::Integer);
  auto flag = [](bool on, const char* value) { return on ? io::Value{std::string(value)} : io::Value{}; };
  for (const Road& r : d.streets.roads) {
    t.rows.push_back({r.highway, text_or_null(r.name), flag(r.bridge, "yes"), flag(r.foot_no, "no"),
                      flag(r.private_access, "private"), r.layer ? io::Value{*r.layer} : io::Value{}});
    t.geometries.emplace_back(moved(r.line, d.origin));
  }
  return t;
}

// One proposal: its phase polygons and planned facility points in one layer.
io::Table proposal_table(const ProposalSpec& p, const Point& origin) {
  io::Table t;
  t.name = p.id;
  for (const char* c : {"项目编号", "项目名称"}) t.add_column(c, io::ColumnType::String);
  t.add_column("期数", io::ColumnType::Integer);
  t.add_column("类型", io::ColumnType::String);
  t.add_column("户数", io::ColumnType::Integer);
  for (const char* c : {"编号", "名称", "设施类型"}) t.add_column(c, io::ColumnType::String);
  t.add_column("建筑面积", io::ColumnType::Real, 1);
  t.add_column("用地面积", io::ColumnType::Real, 1);
  t.add_column("楼层", io::ColumnType::Integer);
  for (const char* c : {"电梯", "独立出入口", "同步规划", "同步建设", "同步验收", "同步交付"})
    t.add_column(c, io::ColumnType::String);
  const io::Value null;
  for (const ProposalPhase& ph : p.phases) {
    t.rows.push_back({p.id, p.name, std::int64_t{ph.number}, ph.kind, ph.households, null, null, null, null, null,
                      null, null, null, null, null, null, null});
    t.geometries.emplace_back(moved(MultiPolygon{Polygon{ccw_ring(ph.r), {}}}, origin));
  }
  for (const PlannedFacility& f : p.facilities) {
    t.rows.push_back({p.id, null, std::int64_t{f.phase}, null, null, f.id, f.name, f.category, f.floor_m2, f.land_m2,
                      std::int64_t{f.floor}, yes_no(f.lift), yes_no(f.entrance), yes_no(f.planned), yes_no(f.built),
                      yes_no(f.accepted), yes_no(f.handed_over)});
    t.geometries.emplace_back(moved(f.at, origin));
  }
  return t;
}

}  // namespace

io::Table facilities_table(const District& d, const std::vector<PlannedFacility>& planned) {
  io::Table t;
  t.name = "facilities";
  for (const char* c : {"编号", "名称", "设施类型"}) t.add_column(c, io::ColumnType::String);
  t.add_column("建筑面积", io::ColumnType::Real, 1);
  t.add_column("用地面积", io::ColumnType::Real, 1);
  t.add_column("小区编号", io::ColumnType::String);
  t.add_column("床位数", io::ColumnType::Integer);
  t.add_column("护理型床位", io::ColumnType::Integer);
  t.add_column("运营主体", io::ColumnType::String);
  auto count = [](const std::optional<std::int64_t>& n) { return n ? io::Value{*n} : io::Value{}; };
  for (const Facility& f : d.facilities) {
    t.rows.push_back({f.id, f.name, f.category, f.floor_m2, f.land_m2, text_or_null(f.estate_id), count(f.beds),
                      count(f.nursing_beds), text_or_null(f.operator_kind)});
    t.geometries.emplace_back(moved(f.at, d.origin));
  }
  for (const PlannedFacility& f : planned) {
    t.rows.push_back({f.id, f.name, f.category, f.floor_m2, f.land_m2, io::Value{}, io::Value{}, io::Value{},
                      io::Value{}});
    t.geometries.emplace_back(moved(f.at, d.origin));
  }
  return t;
}

void write_sample(const std::string& dir) {
  const District d = make_district();
  const crs::Crs working = crs::Crs::Epsg(kWorkingEpsg);
  io::OutputDir out(dir, {}, io::OutputDirOptions{false});  // a source folder: no manifest
  SampleFiles files;
  std::string* path[] = {&files.estates, &files.facilities, &files.zones, &files.roads};
  const io::Table tables[] = {estates_table(d), facilities_table(d), zones_table(d), roads_table(d)};
  for (std::size_t i = 0; i < 4; ++i) {
    *path[i] = out.stage(tables[i].name + ".geojson");
    io::write_geojson(tables[i], working, *path[i]);
  }
  for (const ProposalSpec& p : *d.proposals) {
    const std::string file = out.stage("proposals/" + p.id + ".geojson");
    io::write_geojson(proposal_table(p, d.origin), working, file);
    files.proposals = std::filesystem::path(file).parent_path().string();
  }
  // The README quotes siting's outputs for the staged files, before any of them
  // replaces the folder's.
  io::write_text(readme(d, run_siting(d, files)), out.stage("README.md"));
  out.commit();

  std::cout << "wrote " << dir << ": " << d.estates.size() << " estates, " << d.facilities.size() << " facilities, "
            << d.zones.size() << " zones, " << d.streets.roads.size() << " road lines, " << d.proposals->size()
            << " proposals (seed " << kSeed << ")\n";
}

}  // namespace siting::tools::sample
