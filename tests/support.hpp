// SPDX-License-Identifier: Apache-2.0
#pragma once

// Helpers the tests share: running the siting binary, temporary folders, reading
// CSV outputs, and locating fixtures and the shared real data.

#include <map>
#include <string>
#include <vector>

#include "siting/log.hpp"

namespace siting::test {

// While alive, the library logs warnings and errors only: the read stage logs at
// info level, which the tests need not show.
struct Quiet {
  LogLevel was = log::level();
  Quiet() { log::set_level(LogLevel::Warn); }
  ~Quiet() { log::set_level(was); }
  Quiet(const Quiet&) = delete;
  Quiet& operator=(const Quiet&) = delete;
};

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs the built `siting` with these arguments (no shell quoting needed).
RunResult run_siting(const std::vector<std::string>& args);
// Runs any program: argv[0] is its path.
RunResult run_program(const std::vector<std::string>& argv);

// A fresh, empty temporary folder, removed when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Path of a file under the source tree, e.g. source("tests/fixtures/check/estates.geojson").
std::string source(const std::string& relative);
std::string read_file(const std::string& path);
bool exists(const std::string& path);
// File names in a folder, sorted.
std::vector<std::string> list_dir(const std::string& path);

// RFC 4180 CSV: header plus rows, each row a map column -> text.
struct Csv {
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  const std::map<std::string, std::string>& row(const std::string& id_column, const std::string& id) const;
};
Csv read_csv(const std::string& path);

// GDALVectorTranslate (ogr2ogr) of a dataset into `to`, with ogr2ogr's options
// (e.g. {"-f", "GPKG", "-nln", "estates"}); adds to `to` when it exists.
void translate(const std::string& from, const std::string& to, const std::vector<std::string>& options);

// The shared real data folder (../shared/geodata beside the checkout), or "" when
// absent. Under CI=true its absence fails the calling test instead, so a green CI
// run means the real-data tests ran.
std::string shared_geodata();

}  // namespace siting::test
