// SPDX-License-Identifier: Apache-2.0
#include "support.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <catch2/catch.hpp>
#include <gdal_utils.h>
#include <ogrsf_frmts.h>

extern char** environ;

namespace siting::test {
namespace fs = std::filesystem;

RunResult run_siting(const std::vector<std::string>& args) {
  std::vector<std::string> argv{SITING_EXE};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv);
}

RunResult run_program(const std::vector<std::string>& args) {
  TempDir tmp;
  const std::string out_path = tmp / "stdout", err_path = tmp / "stderr";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> argv_s = args;
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv_s[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv_s[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  return r;
}

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "siting-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string source(const std::string& relative) { return std::string(SITING_SOURCE_DIR) + "/" + relative; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

bool exists(const std::string& path) { return fs::exists(path); }

std::vector<std::string> list_dir(const std::string& path) {
  std::vector<std::string> out;
  if (!fs::exists(path)) return out;
  for (const auto& e : fs::directory_iterator(path)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      row.push_back(cell);
      cell.clear();
    } else if (c == '\n') {
      row.push_back(cell);
      rows.push_back(row);
      row.clear();
      cell.clear();
      any = false;
    } else if (c != '\r') {
      cell += c;
      any = true;
    }
  }
  if (any || !row.empty()) {
    row.push_back(cell);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

const std::map<std::string, std::string>& Csv::row(const std::string& id_column, const std::string& id) const {
  for (const auto& r : rows)
    if (r.count(id_column) && r.at(id_column) == id) return r;
  throw std::runtime_error("no row with " + id_column + "=" + id);
}

Csv read_csv(const std::string& path) {
  std::string text = read_file(path);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text = text.substr(3);
  const auto rows = parse_csv(text);
  Csv csv;
  if (rows.empty()) return csv;
  csv.header = rows[0];
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].size() != csv.header.size())
      throw std::runtime_error(path + ": row " + std::to_string(i) + " has " + std::to_string(rows[i].size()) +
                               " cells, header has " + std::to_string(csv.header.size()));
    std::map<std::string, std::string> r;
    for (std::size_t c = 0; c < rows[i].size(); ++c) r[csv.header[c]] = rows[i][c];
    csv.rows.push_back(std::move(r));
  }
  return csv;
}

std::string shared_geodata() {
  const char* override_dir = std::getenv("SITING_SHARED_GEODATA");
  const std::string dir = override_dir ? override_dir : SITING_SHARED_GEODATA;
  if (fs::exists(dir + "/SOURCES.md")) return dir;
  const char* ci = std::getenv("CI");
  if (ci && std::string(ci) == "true")
    FAIL("CI=true but the shared real data is missing at " << dir << ": real-data tests cannot run");
  WARN("real-data tests did NOT run: " << dir << " is missing (set SITING_SHARED_GEODATA)");
  return "";
}

void translate(const std::string& from, const std::string& to, const std::vector<std::string>& options) {
  GDALAllRegister();
  std::vector<char*> argv;
  std::vector<std::string> copy = options;
  for (std::string& o : copy) argv.push_back(o.data());
  argv.push_back(nullptr);
  GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(argv.data(), nullptr);
  GDALDatasetH src = GDALOpenEx(from.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  REQUIRE(src);
  int usage_error = 0;
  const bool exists_already = exists(to);
  GDALDatasetH out = GDALVectorTranslate(to.c_str(), exists_already ? GDALOpenEx(to.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr) : nullptr,
                                         1, &src, opts, &usage_error);
  REQUIRE(out);
  GDALClose(out);
  GDALClose(src);
  GDALVectorTranslateOptionsFree(opts);
}

}  // namespace siting::test
