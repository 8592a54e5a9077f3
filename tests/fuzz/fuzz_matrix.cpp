// SPDX-License-Identifier: Apache-2.0
// libFuzzer harness: matrix mode of `siting site` (location::read_matrix).
// Input: od.csv, then demand.csv and sites.csv, each after a form feed; a part
// not there is a file not given (every id of the OD table, weight 1 / candidate).
// The reader takes paths, so the parts go to files of this process's own.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz_support.hpp"
#include "siting/location/matrix_csv.hpp"

namespace {

std::filesystem::path folder;

void remove_folder() {
  std::error_code ec;
  std::filesystem::remove_all(folder, ec);
}

std::string write(const char* name, const std::string& text) {
  const std::filesystem::path p = folder / name;
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  return p.string();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  siting::fuzz::silence_log();
  folder = std::filesystem::temp_directory_path() / ("siting-fuzz-matrix-" + std::to_string(getpid()));
  std::filesystem::create_directories(folder);
  std::atexit(remove_folder);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace siting;
  const std::vector<std::string> parts = fuzz::split_parts(std::string(reinterpret_cast<const char*>(data), size));
  location::MatrixFiles files;
  files.od = write("od.csv", parts[0]);
  if (parts.size() > 1) files.demand = write("demand.csv", parts[1]);
  if (parts.size() > 2) files.sites = write("sites.csv", parts[2]);
  fuzz::expect_documented([&] { location::read_matrix(files); });
  return 0;
}
