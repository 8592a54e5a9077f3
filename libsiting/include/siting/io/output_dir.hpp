// SPDX-License-Identifier: Apache-2.0
#pragma once

// The output folder as a transaction. A run writes every file into a staging
// folder beside --out; --out itself changes only in commit(), which either puts
// all the new files in place or leaves the folder byte-identical to before.
// A manifest in the folder records what the last run wrote: siting replaces or
// removes those files only, and never a file of the user's that happens to have
// an output's name (docs/user-guide.md#the-output-folder).

#include <set>
#include <string>
#include <vector>

namespace siting::io {

// The manifest's file name, in every output folder siting wrote.
inline constexpr const char* kManifestName = ".siting-manifest.json";

struct OutputDirOptions {
  // Default true: keep the manifest and refuse (E402) a file with an output's name
  // that it does not list. false: no manifest; the files a run writes are
  // replaced whatever wrote them, and nothing else is removed. Only for the sample
  // generator, whose folder is a source folder under version control.
  bool manifest = true;
};

// A folder of outputs written as one transaction.
//
//   OutputDir out("results", {"estates.csv", "summary.json"});  // refuses before any work
//   write_csv(table, out.stage("estates.csv"));
//   out.commit();  // all files appear together; without it, none do
class OutputDir {
 public:
  // Creates `dir` if needed, and a staging folder beside it. `planned`: the names
  // (relative paths, "P-01/review.json" in a review batch) this run may write.
  // Throws Error(E001) for an empty dir; Error(E402) when a planned name exists
  // in dir but not in its manifest, or the manifest is unreadable; Error(E401)
  // when dir is not a writable folder or cannot be created.
  explicit OutputDir(std::string dir, const std::vector<std::string>& planned = {}, OutputDirOptions options = {});
  // Without a commit: removes the staging folder, and dir if this object created it.
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  // Names the run learns after the constructor (a review's proposal ids); the
  // same check, and the same error, as the constructor's.
  void plan(const std::vector<std::string>& names);
  // The staging path for the output `name`, checked as plan() checks it when it
  // was not planned.
  std::string stage(const std::string& name);
  // Checks every target, then moves the staged files in, removes the files the
  // manifest lists that this run did not write, and writes the manifest. Throws
  // Error(E401) or Error(E402); dir is then byte-identical to before.
  void commit();
  const std::string& dir() const { return dir_; }
  const std::string& staging() const { return staging_; }

 private:
  friend struct OutputDirAccess;
  void check_free(const std::vector<std::string>& names);
  void discard() noexcept;  // with the registry's lock held

  std::string dir_;
  OutputDirOptions options_;
  std::string staging_;
  std::vector<std::string> created_;  // folders the constructor made, outermost first
  std::set<std::string> owned_;       // the manifest's names
  std::set<std::string> checked_;     // names plan() or stage() found free
  std::vector<std::string> names_;    // staged, in staging order
  bool committed_ = false;
  bool keep_staging_ = false;  // a failed rollback left old versions in it
};

// Call at the start of main(), before any other thread starts. Blocks SIGINT and
// SIGTERM in the calling thread, and so in every thread it starts, and waits for
// them on a thread of its own, which removes the staging folders of the live
// OutputDirs and the output folders they created, then ends the process with
// exit code 130 (SIGINT) or 143 (SIGTERM). A thread rather than a signal handler,
// because the cleanup (std::filesystem, a mutex) is not async-signal-safe.
void cleanup_on_signal();

}  // namespace siting::io
