// SPDX-License-Identifier: Apache-2.0
#pragma once

// Where a report's files go: staged in the run's io::OutputDir, in the formats
// asked for, and listed in the order written (summary.json's "outputs").

#include <string>
#include <vector>

#include "siting/crs/crs.hpp"
#include "siting/io/table.hpp"

namespace siting::io {
class OutputDir;
class DatabaseOutput;
}

namespace siting::report {

enum class Files {
  CsvAndGeoJson,  // name.csv, plus name.geojson when the table has geometry
  Csv,
  GeoJson,
};

struct Output {
  Output(io::OutputDir& dir_, const crs::Crs& working_, bool gpkg_ = false, io::CsvOptions csv_ = {})
      : dir(dir_), working(working_), gpkg(gpkg_), csv(csv_) {}

  io::OutputDir& dir;
  const crs::Crs& working;  // the tables' geometry is in it
  bool gpkg = false;        // every table also as a layer of siting.gpkg
  io::CsvOptions csv;
  std::vector<std::string> files;  // written so far, in order
  io::DatabaseOutput* db = nullptr;  // --out-db: every table also as a database table
  bool keep_tables = false;          // keep a copy of every table in `kept` (the city report reads them)
  std::vector<io::Table> kept;
  unsigned threads = 0;  // cores printing the CSV and GeoJSON files (--threads; 0 = all)

  void table(const io::Table& table, Files files = Files::CsvAndGeoJson);
  void text(const std::string& content, const std::string& name);
};

}  // namespace siting::report
