// SPDX-License-Identifier: Apache-2.0
#include "siting/io/table.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "detail/gdal.hpp"
#include "detail/parallel.hpp"
#include "io/gdal_writer.hpp"
#include "io/geojson_writer.hpp"
#include "detail/text.hpp"
#include "siting/error.hpp"

namespace siting::io {
namespace fs = std::filesystem;

namespace {

std::string csv_escape(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos && detail::trim(s) == s) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string cell_text(const Value& v, const Column& c) {
  if (std::holds_alternative<std::monostate>(v)) return "";
  if (auto s = std::get_if<std::string>(&v)) return csv_escape(*s);
  if (auto i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto d = std::get_if<double>(&v))
    return c.decimals < 0 ? detail::format_number(*d) : detail::format_fixed(*d, c.decimals);
  return std::get<bool>(v) ? "true" : "false";
}

std::unique_ptr<OGRGeometry> ogr_geometry(const Geometry& g) {
  if (auto p = std::get_if<Point>(&g)) return std::make_unique<OGRPoint>(p->x, p->y);
  if (auto l = std::get_if<LineString>(&g)) return detail::ogr_line(*l);
  if (auto mp = std::get_if<MultiPolygon>(&g)) {
    auto multi = std::make_unique<OGRMultiPolygon>();
    for (const Polygon& p : *mp) multi->addGeometryDirectly(detail::ogr_polygon(p).release());
    return multi;
  }
  return nullptr;
}

OGRwkbGeometryType layer_geometry_type(const Table& table) {
  for (const Geometry& g : table.geometries) {
    if (std::holds_alternative<Point>(g)) return wkbPoint;
    if (std::holds_alternative<LineString>(g)) return wkbLineString;
    if (std::holds_alternative<MultiPolygon>(g)) return wkbMultiPolygon;
  }
  return table.geometries.empty() ? wkbNone : wkbUnknown;
}

}  // namespace

namespace gdal_writer {

Geometry transformed(const Geometry& g, const crs::Transform& t) {
  Geometry out = g;
  if (auto p = std::get_if<Point>(&out)) t.apply(*p);
  if (auto l = std::get_if<LineString>(&out)) t.apply(*l);
  if (auto mp = std::get_if<MultiPolygon>(&out)) t.apply(*mp);
  return out;
}

// Every writer's first step. The readers and the rule set keep every input
// finite and in range, and text UTF-8; a value that is not would be written as
// inf, nan, a dropped GeoJSON member or bytes no reader takes: a bug, so loud.
void check_shape(const Table& table) {
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    if (row.size() != table.columns.size())
      throw Error(ErrorCode::Internal, "table " + table.name + " has a row of the wrong width");
    for (std::size_t c = 0; c < row.size(); ++c) {
      const auto* d = std::get_if<double>(&row[c]);
      const auto* s = std::get_if<std::string>(&row[c]);
      if ((d && !std::isfinite(*d)) || (s && !detail::is_valid_utf8(*s)))
        throw Error(ErrorCode::Internal, "table " + table.name + ", row " + std::to_string(r + 1) + ", column " +
                                             table.columns[c].name + ": " +
                                             (d ? "a non-finite number" : "text that is not UTF-8") +
                                             " reached the output");
    }
  }
  if (!table.geometries.empty() && table.geometries.size() != table.rows.size())
    throw Error(ErrorCode::Internal, "table " + table.name + " has a geometry count unlike its row count");
}

double written_real(double value, const Column& column) {
  return column.decimals < 0 ? value : detail::round_to(value, column.decimals);
}

void write_layer(GDALDataset& ds, const Table& table, const OGRSpatialReference* srs, char** layer_options,
                 const crs::Transform* to_output, const std::string& path, bool own_transaction) {
  // GDAL 3.6 takes a non-const SRS, though it only clones it.
  OGRLayer* layer = ds.CreateLayer(table.name.c_str(), const_cast<OGRSpatialReference*>(srs),
                                   layer_geometry_type(table), layer_options);
  if (!layer) throw Error(ErrorCode::OutputFailed, "cannot create layer " + table.name + ": " + detail::gdal_last_error(),
                          ErrorContext{path, table.name, "", ""});
  for (const Column& c : table.columns) {
    OGRFieldDefn defn(c.name.c_str(), OFTString);
    switch (c.type) {
      case ColumnType::String: break;
      case ColumnType::Integer: defn.SetType(OFTInteger64); break;
      case ColumnType::Real: defn.SetType(OFTReal); break;
      case ColumnType::Boolean:
        defn.SetType(OFTInteger);
        defn.SetSubType(OFSTBoolean);
        break;
    }
    if (layer->CreateField(&defn) != OGRERR_NONE)
      throw Error(ErrorCode::OutputFailed, "cannot create field " + c.name + ": " + detail::gdal_last_error(),
                  ErrorContext{path, table.name, "", c.name});
  }
  if (own_transaction && layer->StartTransaction() != OGRERR_NONE)
    throw Error(ErrorCode::OutputFailed, "cannot start writing " + table.name + ": " + detail::gdal_last_error(),
                ErrorContext{path, table.name, "", ""});
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    detail::FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const Value& v = table.rows[r][c];
      const int i = static_cast<int>(c);
      if (std::holds_alternative<std::monostate>(v)) f->SetFieldNull(i);
      else if (auto s = std::get_if<std::string>(&v)) f->SetField(i, s->c_str());
      else if (auto n = std::get_if<std::int64_t>(&v)) f->SetField(i, static_cast<GIntBig>(*n));
      else if (auto d = std::get_if<double>(&v))
        f->SetField(i, written_real(*d, table.columns[c]));
      else f->SetField(i, std::get<bool>(v) ? 1 : 0);
    }
    if (!table.geometries.empty()) {
      Geometry g = to_output ? transformed(table.geometries[r], *to_output) : table.geometries[r];
      if (auto og = ogr_geometry(g))
        if (f->SetGeometryDirectly(og.release()) != OGRERR_NONE)
          throw Error(ErrorCode::Internal, "cannot set geometry of feature " + std::to_string(r),
                      ErrorContext{path, table.name, "", ""});
    }
    if (layer->CreateFeature(f.get()) != OGRERR_NONE)
      throw Error(ErrorCode::OutputFailed, "cannot write feature " + std::to_string(r) + ": " + detail::gdal_last_error(),
                  ErrorContext{path, table.name, "", ""});
  }
  if (own_transaction && layer->CommitTransaction() != OGRERR_NONE)
    throw Error(ErrorCode::OutputFailed, "cannot write " + table.name + ": " + detail::gdal_last_error(),
                ErrorContext{path, table.name, "", ""});
}

// Closing flushes the file; a failure there (disk full) must not go unnoticed.
void close_checked(detail::DatasetPtr ds, const std::string& path) {
  CPLErrorReset();
  ds.reset();
  if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
    throw Error(ErrorCode::OutputFailed, "cannot finish: " + detail::gdal_last_error(), ErrorContext{path, "", "", ""});
}

}  // namespace gdal_writer

using gdal_writer::check_shape;
using gdal_writer::close_checked;
using gdal_writer::write_layer;

void write_csv(const Table& table, const std::string& path, const CsvOptions& options) {
  check_shape(table);
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error(ErrorCode::OutputFailed, "cannot create file", ErrorContext{path, "", "", ""});
  if (options.bom) out << "\xEF\xBB\xBF";
  for (std::size_t c = 0; c < table.columns.size(); ++c) out << (c ? "," : "") << csv_escape(table.columns[c].name);
  out << '\n';
  // Rows printed in blocks side by side, written in row order (200,000
  // parcels' 17 columns are 3.4M numbers and texts to print).
  constexpr std::size_t kBlockRows = 1024;
  detail::ordered_waves(
      (table.rows.size() + kBlockRows - 1) / kBlockRows, options.threads,
      [&](std::size_t b, unsigned, std::string& text) {
        const std::size_t end = std::min(table.rows.size(), (b + 1) * kBlockRows);
        for (std::size_t r = b * kBlockRows; r < end; ++r) {
          for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
            if (c) text += ',';
            text += cell_text(table.rows[r][c], table.columns[c]);
          }
          text += '\n';
        }
      },
      [&](const std::string& text) { out.write(text.data(), static_cast<std::streamsize>(text.size())); });
  out.flush();
  if (!out) throw Error(ErrorCode::OutputFailed, "cannot write file", ErrorContext{path, "", "", ""});
}

void write_geojson(const Table& table, const crs::Crs& working_crs, const std::string& path, unsigned threads) {
  check_shape(table);
  if (geojson::write_direct(table, working_crs, path, threads)) return;
  geojson::write_with_gdal(table, working_crs, path);
}

void geojson::write_with_gdal(const Table& table, const crs::Crs& working_crs, const std::string& path) {
  check_shape(table);
  detail::gdal_init();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GeoJSON");
  if (!driver) throw Error(ErrorCode::OutputFailed, "GDAL has no GeoJSON driver");
  fs::remove(path);
  detail::DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw Error(ErrorCode::OutputFailed, "cannot create: " + detail::gdal_last_error(), ErrorContext{path, "", "", ""});
  const crs::Crs wgs84 = crs::Crs::Epsg(4326);
  const crs::Transform to_wgs84 = crs::Transform::Cached(working_crs, wgs84);
  OGRSpatialReference srs = detail::to_ogr(wgs84);
  // RFC 7946: WGS 84 lon/lat, no crs member, right-hand rule (GDAL re-orients rings).
  const char* opts[] = {"RFC7946=YES", "COORDINATE_PRECISION=7", "SIGNIFICANT_FIGURES=15", "WRITE_NAME=YES", nullptr};
  // Polygons that rounding would make invalid are snapped first, as write_direct does.
  Table wgs84_table = table;
  for (Geometry& g : wgs84_table.geometries) {
    g = gdal_writer::transformed(g, to_wgs84);
    if (auto* mp = std::get_if<MultiPolygon>(&g)) geojson::fix_printed(*mp, 0);
  }
  write_layer(*ds, wgs84_table, &srs, const_cast<char**>(opts), nullptr, path);
  close_checked(std::move(ds), path);
}

void write_gpkg_layer(const Table& table, const crs::Crs& working_crs, const std::string& path) {
  check_shape(table);
  detail::gdal_init();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (!driver) throw Error(ErrorCode::OutputFailed, "GDAL has no GPKG driver");
  detail::DatasetPtr ds;
  if (fs::exists(path))
    ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  else
    ds.reset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw Error(ErrorCode::OutputFailed, "cannot create: " + detail::gdal_last_error(), ErrorContext{path, "", "", ""});
  OGRSpatialReference srs = detail::to_ogr(working_crs);
  const char* opts[] = {"OVERWRITE=YES", nullptr};
  write_layer(*ds, table, table.geometries.empty() ? nullptr : &srs, const_cast<char**>(opts), nullptr, path);
  close_checked(std::move(ds), path);
}

void write_gpkg_style(const std::string& path, const std::string& layer, const GpkgStyle& style) {
  detail::DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  if (!ds) throw Error(ErrorCode::OutputFailed, "cannot open: " + detail::gdal_last_error(), ErrorContext{path, "", "", ""});
  OGRLayer* target = ds->GetLayerByName(layer.c_str());
  if (!target) throw Error(ErrorCode::Internal, "no layer to style", ErrorContext{path, layer, "", ""});
  const std::string geometry_column = target->GetGeomType() == wkbNone ? "" : target->GetGeometryColumn();
  OGRLayer* styles = ds->GetLayerByName("layer_styles");
  if (!styles) {
    // The table QGIS makes when it saves a style in a GeoPackage.
    styles = ds->CreateLayer("layer_styles", nullptr, wkbNone, nullptr);
    if (!styles) throw Error(ErrorCode::OutputFailed, "cannot create layer_styles: " + detail::gdal_last_error(),
                             ErrorContext{path, "layer_styles", "", ""});
    const std::pair<const char*, OGRFieldType> fields[] = {
        {"f_table_catalog", OFTString}, {"f_table_schema", OFTString}, {"f_table_name", OFTString},
        {"f_geometry_column", OFTString}, {"styleName", OFTString},     {"styleQML", OFTString},
        {"styleSLD", OFTString},        {"useAsDefault", OFTInteger},  {"description", OFTString},
        {"owner", OFTString},           {"ui", OFTString},             {"update_time", OFTDateTime}};
    for (const auto& [name, type] : fields) {
      OGRFieldDefn defn(name, type);
      if (std::string(name) == "useAsDefault") defn.SetSubType(OFSTBoolean);
      if (styles->CreateField(&defn) != OGRERR_NONE)
        throw Error(ErrorCode::OutputFailed, "cannot create field: " + detail::gdal_last_error(),
                    ErrorContext{path, "layer_styles", "", name});
    }
  }
  // A layer written again (OVERWRITE=YES) keeps one style: the new one.
  std::vector<GIntBig> old;
  std::string quoted;
  for (char c : layer) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  styles->SetAttributeFilter(("f_table_name = '" + quoted + "' AND owner = 'siting'").c_str());
  for (auto& f : *styles) old.push_back(f->GetFID());
  styles->SetAttributeFilter(nullptr);
  for (GIntBig fid : old)
    if (styles->DeleteFeature(fid) != OGRERR_NONE)
      throw Error(ErrorCode::OutputFailed, "cannot replace the old style: " + detail::gdal_last_error(),
                  ErrorContext{path, "layer_styles", "", ""});
  detail::FeaturePtr f(OGRFeature::CreateFeature(styles->GetLayerDefn()));
  f->SetField("f_table_catalog", "");
  f->SetField("f_table_schema", "");
  f->SetField("f_table_name", layer.c_str());
  f->SetField("f_geometry_column", geometry_column.c_str());
  f->SetField("styleName", style.name.c_str());
  f->SetField("styleQML", style.qml.c_str());
  f->SetField("styleSLD", "");
  f->SetField("useAsDefault", 1);
  f->SetField("description", style.description.c_str());
  f->SetField("owner", "siting");
  f->SetField("ui", "");
  f->SetField("update_time", 2000, 1, 1, 0, 0, 0.0f, 100);  // fixed, as the GeoPackage's own timestamps
  if (styles->CreateFeature(f.get()) != OGRERR_NONE)
    throw Error(ErrorCode::OutputFailed, "cannot write the style: " + detail::gdal_last_error(),
                ErrorContext{path, "layer_styles", "", ""});
  close_checked(std::move(ds), path);
}

void write_text(const std::string& text, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.flush();
  if (!out) throw Error(ErrorCode::OutputFailed, "cannot write file", ErrorContext{path, "", "", ""});
}

}  // namespace siting::io
