// SPDX-License-Identifier: Apache-2.0
// The output folder as a transaction (docs/user-guide.md#the-output-folder): the
// manifest, the refusal of a user's file with an output's name, a commit that
// either completes or leaves --out byte-identical, and the cleanup on SIGINT and
// SIGTERM. "Byte-identical" is checked on a snapshot of every path and content.

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "io/detail/output_dir.hpp"
#include "siting/error.hpp"
#include "siting/io/database.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/io/table.hpp"
#include "support.hpp"

extern char** environ;

using namespace siting::test;
using Catch::Matchers::Contains;
using json = nlohmann::json;
namespace fs = std::filesystem;
namespace io = siting::io;
using siting::ErrorCode;

namespace {

// Every path under `dir`, with a file's bytes, "<folder>", or "<other>" (a named pipe).
std::map<std::string, std::string> snapshot(const std::string& dir) {
  std::map<std::string, std::string> tree;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string rel = fs::relative(e.path(), dir).generic_string();
    tree[rel] = e.is_directory() ? "<folder>" : e.is_regular_file() ? read_file(e.path().string()) : "<other>";
  }
  return tree;
}

void put(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::vector<std::string> manifest_files(const std::string& dir) {
  return json::parse(read_file(dir + "/.siting-manifest.json"))["files"].get<std::vector<std::string>>();
}

std::size_t staging_folders(const std::string& dir) {
  std::size_t n = 0;
  for (const std::string& name : list_dir(dir)) n += name.rfind(".siting-staging-", 0) == 0;
  return n;
}

// One run: writes each name with its text, then commits.
void run(const std::string& dir, const std::map<std::string, std::string>& files) {
  std::vector<std::string> names;
  for (const auto& f : files) names.push_back(f.first);
  io::OutputDir out(dir, names);
  for (const auto& f : files) io::write_text(f.second, out.stage(f.first));
  out.commit();
}

ErrorCode code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const siting::Error& e) {
    INFO(e.what());
    return e.code();
  }
  return ErrorCode::Internal;  // no error where one was expected
}

}  // namespace

TEST_CASE("output folder: a fresh folder gets the files and a manifest, nothing before the commit", "[output]") {
  TempDir tmp;
  const std::string dir = tmp / "new/out";
  {
    io::OutputDir out(dir, {"a.csv", "P-01/review.json"});
    io::write_text("a\n", out.stage("a.csv"));
    io::write_text("{}\n", out.stage("P-01/review.json"));
    CHECK(list_dir(dir).empty());                                          // nothing in --out yet
    CHECK(fs::path(out.staging()).parent_path() == fs::path(tmp / "new"));  // the staging folder is beside it
    CHECK(staging_folders(tmp / "new") == 1);
    out.commit();
  }
  CHECK(list_dir(tmp / "new") == std::vector<std::string>{"out"});  // the staging folder is gone
  CHECK(snapshot(dir) == std::map<std::string, std::string>{{".siting-manifest.json", read_file(dir + "/.siting-manifest.json")},
                                                            {"P-01", "<folder>"},
                                                            {"P-01/review.json", "{}\n"},
                                                            {"a.csv", "a\n"}});
  CHECK(manifest_files(dir) == std::vector<std::string>{"P-01/review.json", "a.csv"});
}

TEST_CASE("output folder: without a commit, nothing is left, and a folder the run created goes", "[output]") {
  TempDir tmp;
  {
    io::OutputDir out(tmp / "new/out", {"a.csv"});
    io::write_text("a\n", out.stage("a.csv"));
  }
  CHECK(list_dir(tmp.path()).empty());
  put(tmp / "old/keep.txt", "mine");
  const auto before = snapshot(tmp.path());
  {
    io::OutputDir out(tmp / "old", {"a.csv"});
    io::write_text("a\n", out.stage("a.csv"));
  }
  CHECK(snapshot(tmp.path()) == before);
}

TEST_CASE("output folder: a rerun replaces its own files and removes its own stale ones, no others", "[output]") {
  TempDir tmp;
  const std::string dir = tmp / "out";
  run(dir, {{"a.csv", "first\n"}, {"old.csv", "old\n"}, {"P-03/review.json", "3\n"}, {"P-04/review.json", "4\n"}});
  put(dir + "/my-notes.txt", "mine");
  put(dir + "/P-04/mine.txt", "mine too");
  run(dir, {{"a.csv", "second\n"}, {"b.json", "b\n"}});
  CHECK(snapshot(dir) == std::map<std::string, std::string>{{".siting-manifest.json", read_file(dir + "/.siting-manifest.json")},
                                                            {"P-04", "<folder>"},  // kept: it holds a file of the user's
                                                            {"P-04/mine.txt", "mine too"},
                                                            {"a.csv", "second\n"},
                                                            {"b.json", "b\n"},
                                                            {"my-notes.txt", "mine"}});
  CHECK(manifest_files(dir) == std::vector<std::string>{"a.csv", "b.json"});
  CHECK(staging_folders(tmp.path()) == 0);
}

TEST_CASE("output folder: a user's file with an output's name survives, and the run stops with E402", "[output]") {
  TempDir tmp;
  const std::string dir = tmp / "out";
  put(dir + "/estates.geojson", "the user's estates");
  put(dir + "/P-01/review.json", "the user's review");
  put(dir + "/P-02", "a file where a folder would go");
  put(dir + "/notes.txt", "mine");
  const auto before = snapshot(tmp.path());

  SECTION("named up front") {
    try {
      io::OutputDir out(dir, {"summary.json", "estates.geojson"});
      FAIL("no error");
    } catch (const siting::Error& e) {
      CHECK(e.code() == ErrorCode::OutputConflict);
      CHECK(e.exit_code() == 16);
      CHECK(e.where().file == dir + "/estates.geojson");
      CHECK_THAT(std::string(e.what()), Contains("siting did not write this one") && Contains("choose another --out"));
    }
  }
  SECTION("a review's names, planned once the proposals are known") {
    io::OutputDir out(dir);
    CHECK(code_of([&] { out.plan({"P-01/map.png", "P-01/review.json"}); }) == ErrorCode::OutputConflict);
    CHECK(code_of([&] { out.plan({"P-02/review.json"}); }) == ErrorCode::OutputConflict);  // P-02 is in the way
    CHECK_NOTHROW(out.plan({"P-03/review.json", "P-01/review.md"}));
  }
  SECTION("staged without being planned") {
    io::OutputDir out(dir, {"summary.json"});
    io::write_text("{}", out.stage("summary.json"));
    CHECK(code_of([&] { out.stage("estates.geojson"); }) == ErrorCode::OutputConflict);
  }
  SECTION("added by the user while the run works") {
    io::OutputDir out(dir, {"summary.json"});
    io::write_text("{}", out.stage("summary.json"));
    put(dir + "/summary.json", "the user's summary");
    const auto mid = snapshot(tmp.path());
    CHECK(code_of([&] { out.commit(); }) == ErrorCode::OutputConflict);
    CHECK(snapshot(tmp.path()) == mid);
    fs::remove(dir + "/summary.json");
  }
  CHECK(snapshot(tmp.path()) == before);
}

TEST_CASE("output folder: a target that is a folder stops the commit with E401, --out byte-identical", "[output]") {
  TempDir tmp;
  const std::string dir = tmp / "out";
  run(dir, {{"estates.csv", "1\n"}, {"summary.json", "1\n"}, {"zones.csv", "1\n"}});
  io::OutputDir out(dir, {"estates.csv", "summary.json"});
  io::write_text("2\n", out.stage("estates.csv"));
  io::write_text("2\n", out.stage("summary.json"));
  fs::remove(dir + "/summary.json");  // the user puts a folder where the run's summary.json goes
  put(dir + "/summary.json/inside.txt", "mine");
  const auto before = snapshot(tmp.path());
  try {
    out.commit();
    FAIL("no error");
  } catch (const siting::Error& e) {
    CHECK(e.code() == ErrorCode::OutputFailed);
    CHECK(e.where().file == dir + "/summary.json");
    CHECK_THAT(std::string(e.what()), Contains("is a folder"));
  }
  CHECK(snapshot(tmp.path()) == before);
  // Up front, the same folder is refused before any work.
  CHECK(code_of([&] { io::OutputDir again(dir, {"summary.json"}); }) == ErrorCode::OutputFailed);
}

TEST_CASE("output folder: a move that fails mid-commit is rolled back, whichever it is", "[output]") {
  TempDir tmp;
  const std::string dir = tmp / "out";
  run(dir, {{"a.csv", "1\n"}, {"b.csv", "1\n"}, {"stale.csv", "1\n"}, {"P-01/review.json", "1\n"}});
  put(dir + "/notes.txt", "mine");
  const auto before = snapshot(tmp.path());
  const std::map<std::string, std::string> second{
      {"a.csv", "2\n"}, {"b.csv", "2\n"}, {"c.csv", "2\n"}, {"P-02/review.json", "2\n"}};
  // Interim manifest (with the old one's backup), four files (two with backups),
  // two stale files, final manifest: 11 moves; the 12th never comes.
  int failures = 0;
  for (int n = 1; n <= 12; ++n) {
    INFO("move " << n << " fails");
    io::detail::fail_commit_move_for_testing(n);
    try {
      run(dir, second);
    } catch (const siting::Error& e) {
      CHECK(e.code() == ErrorCode::OutputFailed);
      CHECK_THAT(std::string(e.what()), Contains("--out is as it was"));
      CHECK(snapshot(tmp.path()) == before);
      ++failures;
      continue;
    }
    io::detail::fail_commit_move_for_testing(0);
    break;
  }
  io::detail::fail_commit_move_for_testing(0);
  CHECK(failures == 11);
  CHECK(snapshot(dir) == std::map<std::string, std::string>{{".siting-manifest.json", read_file(dir + "/.siting-manifest.json")},
                                                            {"P-02", "<folder>"},
                                                            {"P-02/review.json", "2\n"},
                                                            {"a.csv", "2\n"},
                                                            {"b.csv", "2\n"},
                                                            {"c.csv", "2\n"},
                                                            {"notes.txt", "mine"}});
}

TEST_CASE("output folder: the manifest never reaches outside the folder, and a broken one is E402", "[output]") {
  TempDir tmp;
  const std::string dir = tmp / "out";
  put(tmp / "victim.txt", "outside");
  put(tmp / "elsewhere/review.json", "outside too");
  fs::create_directories(dir);
  fs::create_directory_symlink(tmp / "elsewhere", dir + "/P-01");
  put(dir + "/.siting-manifest.json",
      R"({"files": ["../victim.txt", ")" + (tmp / "victim.txt") + R"(", "P-01/review.json", "a.csv"]})");
  run(dir, {{"b.csv", "b\n"}});
  CHECK(read_file(tmp / "victim.txt") == "outside");
  CHECK(read_file(tmp / "elsewhere/review.json") == "outside too");
  CHECK(manifest_files(dir) == std::vector<std::string>{"b.csv"});
  // Nor does a run write through a link in --out.
  CHECK(code_of([&] { io::OutputDir out(dir, {"P-01/map.png"}); }) == ErrorCode::OutputConflict);

  put(dir + "/.siting-manifest.json", "{not json");
  const auto before = snapshot(tmp.path());
  CHECK(code_of([&] { io::OutputDir out(dir, {"b.csv"}); }) == ErrorCode::OutputConflict);
  CHECK(snapshot(tmp.path()) == before);
}

// ---- the command line: a user's file with an output's name survives every command

namespace {

struct CliCase {
  std::string name;
  std::vector<std::string> args;  // without --out
  std::string users_file;         // relative to --out
};

std::vector<std::string> check_inputs(const std::string& dir) {
  return {"check", "--parcels", dir + "/estates.geojson", "--facilities", dir + "/facilities.geojson", "--zones",
          dir + "/zones.geojson"};
}

std::vector<std::string> review_context(std::vector<std::string> args) {
  for (const char* a : {"--facilities", "tests/fixtures/coverage/facilities.geojson", "--zones",
                        "tests/fixtures/review/zones.geojson", "--roads", "tests/fixtures/coverage/roads.geojson",
                        "--speed", "1", "--minutes", "5,10"})
    args.push_back(std::string(a).rfind("tests/", 0) == 0 ? source(a) : a);
  return args;
}

}  // namespace

TEST_CASE("output folder: a user's file with an output's name survives every command (exit 16)", "[output][cli]") {
  const std::string cov = source("tests/fixtures/coverage/");
  const std::vector<CliCase> cases{
      {"coverage",
       {"coverage", "--parcels", cov + "parcels.geojson", "--facilities", cov + "facilities.geojson", "--roads",
        cov + "roads.geojson", "--speed", "1", "--minutes", "5,10"},
       "parcels.geojson"},
      {"review, one proposal",
       review_context({"review", "--proposal", source("tests/fixtures/review/batch/P-FAIL.geojson")}),
       "review.md"},
      {"review, a folder of proposals",
       review_context({"review", "--proposal", source("tests/fixtures/review/batch")}),
       "P-PASS/map.png"},
  };
  for (const CliCase& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir tmp;
      put(tmp / ("out/" + c.users_file), "the user's own file");
      put(tmp / "out/notes.txt", "mine");
      const auto before = snapshot(tmp.path());
      std::vector<std::string> args = c.args;
      args.insert(args.end(), {"--out", tmp / "out"});
      const auto r = run_siting(args);
      CHECK(r.exit_code == 16);
      CHECK_THAT(r.err, Contains("E402: " + tmp / ("out/" + c.users_file) + ": this run writes a file of that name"));
      CHECK(snapshot(tmp.path()) == before);
    }
  }
}

TEST_CASE("output folder: check with --out set to its input folder leaves the inputs untouched", "[output][cli]") {
  TempDir tmp;
  for (const std::string f : {"estates.geojson", "facilities.geojson", "zones.geojson"})
    put(tmp / ("in/" + f), read_file(source("tests/fixtures/check/" + f)));
  const auto before = snapshot(tmp.path());
  std::vector<std::string> args = check_inputs(tmp / "in");
  args.insert(args.end(), {"--out", tmp / "in"});
  const auto r = run_siting(args);
  CHECK(r.exit_code == 16);
  CHECK_THAT(r.err, Contains("E402: " + tmp / "in/estates.geojson") && Contains("move it elsewhere or choose another --out"));
  CHECK(snapshot(tmp.path()) == before);
}

TEST_CASE("output folder: check refuses a summary.json turned folder (E401) before replacing anything", "[output][cli]") {
  TempDir tmp;
  std::vector<std::string> args = check_inputs(source("tests/fixtures/check"));
  args.insert(args.end(), {"--out", tmp / "out"});
  REQUIRE(run_siting(args).exit_code == 0);
  fs::remove(tmp / "out/summary.json");
  put(tmp / "out/summary.json/inside.txt", "mine");
  const auto before = snapshot(tmp.path());
  args.push_back("--gpkg");
  const auto r = run_siting(args);
  CHECK(r.exit_code == 14);
  CHECK_THAT(r.err, Contains("E401: " + tmp / "out/summary.json" + ": is a folder"));
  CHECK(snapshot(tmp.path()) == before);
}

// ---- signals

namespace {

// Starts siting with SIGINT and SIGTERM at their defaults, whatever this process
// inherited (a background job ignores SIGINT).
pid_t start_siting(const std::vector<std::string>& args, const std::string& err_path) {
  std::vector<std::string> argv_s{SITING_EXE};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t set;
  sigemptyset(&set);
  posix_spawnattr_setsigmask(&attr, &set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  posix_spawnattr_setsigdefault(&attr, &set);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv_s[0].c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  REQUIRE(rc == 0);
  return pid;
}

}  // namespace

TEST_CASE("output folder: SIGINT and SIGTERM remove the unfinished outputs and exit 130 / 143", "[output][cli][signal]") {
  // The roads are a named pipe the test holds open and never writes to: once
  // siting opens it, it has created its staging folder and waits for data, so it
  // is certainly still running when the signal comes. No timing is involved.
  struct Case {
    int signal;
    int exit_code;
    bool existing_out;  // an earlier run's outputs in --out, else a folder the run creates
  };
  for (const Case& c : {Case{SIGINT, 130, false}, Case{SIGTERM, 143, true}}) {
    DYNAMIC_SECTION("signal " << c.signal) {
      TempDir tmp;
      const std::string cov = source("tests/fixtures/coverage/");
      auto args = [&](const std::string& roads) {
        return std::vector<std::string>{"coverage",     "--parcels", cov + "parcels.geojson", "--facilities",
                                        cov + "facilities.geojson", "--roads", roads, "--speed", "1",
                                        "--out",        c.existing_out ? tmp / "out" : tmp / "new/out"};
      };
      if (c.existing_out) REQUIRE(run_siting(args(cov + "roads.geojson")).exit_code == 0);
      REQUIRE(::mkfifo((tmp / "roads.geojson").c_str(), 0600) == 0);
      const auto before = snapshot(tmp.path());

      const pid_t pid = start_siting(args(tmp / "roads.geojson"), tmp / "stderr");
      int fd = -1, status = 0;
      // A writer's non-blocking open succeeds once siting has the pipe open.
      for (int i = 0; i < 60000 && fd < 0; ++i) {
        fd = ::open((tmp / "roads.geojson").c_str(), O_WRONLY | O_NONBLOCK);
        if (fd < 0 && ::waitpid(pid, &status, WNOHANG) == pid) FAIL("siting ended early: " << read_file(tmp / "stderr"));
        if (fd < 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      REQUIRE(fd >= 0);
      CHECK(staging_folders(c.existing_out ? tmp.path() : tmp / "new") == 1);  // the run is under way
      REQUIRE(::kill(pid, c.signal) == 0);
      REQUIRE(::waitpid(pid, &status, 0) == pid);
      ::close(fd);
      INFO(read_file(tmp / "stderr"));
      REQUIRE(WIFEXITED(status));  // not killed by the signal: it cleaned up and exited
      CHECK(WEXITSTATUS(status) == c.exit_code);
      CHECK_THAT(read_file(tmp / "stderr"), Contains("unfinished outputs removed"));
      fs::remove(tmp / "stderr");
      CHECK(snapshot(tmp.path()) == before);  // no staging folder, no new --out, the old one as it was
    }
  }
}

TEST_CASE("database output: table names from the planned files, passwords kept out of messages", "[output]") {
  using siting::io::redacted;
  using siting::io::table_names;
  CHECK(table_names({"estates.csv", "estates.geojson", "gaps.geojson", "summary.json", "map.png", "siting.gpkg",
                     "indicators.csv", "P-01/review.json"}) == std::vector<std::string>{"estates", "gaps", "indicators"});
  CHECK(redacted("PG:host=db dbname=plan password=s3cret user=x") == "PG:host=db dbname=plan password=*** user=x");
  CHECK(redacted("PG:host=db PASSWORD = 'a b\\'c' dbname=plan") == "PG:host=db PASSWORD = *** dbname=plan");
  CHECK(redacted("PG:dbname=plan") == "PG:dbname=plan");
  // Refused before any connection is tried.
  CHECK_THROWS_WITH(siting::io::DatabaseOutput({"plan.sqlite", "", false}, {}),
                    Catch::Contains("E001") && Catch::Contains("PostgreSQL connection string"));
}
