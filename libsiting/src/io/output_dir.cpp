// SPDX-License-Identifier: Apache-2.0
#include "siting/io/output_dir.hpp"

#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "io/detail/output_dir.hpp"
#include "siting/error.hpp"
#include "siting/log.hpp"

namespace siting::io {
namespace fs = std::filesystem;

struct OutputDirAccess {
  static void discard(OutputDir& d) { d.discard(); }
};

namespace {

// The live OutputDirs, for the signal thread. Its mutex also orders that thread
// against the steps that create or move files (staging, commit, cleanup): the
// signal thread takes it and never gives it back, so once it has cleaned up no
// writer can recreate a staging folder or start a commit.
struct Registry {
  std::mutex mutex;
  std::vector<OutputDir*> live;
};

// Never destroyed: the signal thread may still use it while the process exits.
Registry& registry() {
  static Registry* r = new Registry;
  return *r;
}

std::atomic<int> fail_move_at{0};
std::atomic<int> moves{0};

void move(const fs::path& from, const fs::path& to, std::error_code& ec) {
  const int n = fail_move_at.load();
  if (n > 0 && ++moves == n) {
    ec = std::make_error_code(std::errc::io_error);
    return;
  }
  fs::rename(from, to, ec);
}

bool valid_name(const std::string& name) {
  const fs::path p(name);
  if (name.empty() || !p.is_relative() || name == kManifestName || name.rfind(".siting-staging-", 0) == 0) return false;
  for (const fs::path& part : p)
    if (part.empty() || part == "." || part == "..") return false;
  return true;
}

bool exists_no_follow(const fs::path& p) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(p, ec));
}

bool is_folder(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(fs::symlink_status(p, ec));
}

// Whether each folder on the way to `name` is a real folder in `out`, not a link
// that would lead a removal outside it.
bool inside(const fs::path& out, const std::string& name) {
  fs::path rel;
  for (const fs::path& part : fs::path(name).parent_path()) {
    rel /= part;
    if (!is_folder(out / rel)) return false;
  }
  return true;
}

std::string errno_text() { return std::strerror(errno); }

std::set<std::string> read_manifest(const fs::path& file) {
  std::set<std::string> names;
  if (!exists_no_follow(file)) return names;
  std::ifstream in(file, std::ios::binary);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("files") || !j["files"].is_array())
    throw Error(ErrorCode::OutputConflict,
                "cannot read this manifest of siting's outputs, so siting cannot tell its files from yours; "
                "--out is unchanged: choose another --out, or remove the manifest and the outputs it listed",
                ErrorContext{file.string(), "", "", ""});
  // Names that lead out of the folder are ignored: whatever the file says, siting
  // removes nothing outside --out.
  for (const nlohmann::json& f : j["files"])
    if (f.is_string() && valid_name(f.get<std::string>())) names.insert(f.get<std::string>());
  return names;
}

void write_manifest(const fs::path& file, const std::set<std::string>& names) {
  nlohmann::ordered_json j;
  j["about"] = "The files the last siting run wrote into this folder. siting replaces or removes only these, "
               "and stops rather than overwrite any other file.";
  j["files"] = names;
  std::ofstream out(file, std::ios::binary);
  out << j.dump(2) << "\n";
  out.flush();
  if (!out) throw Error(ErrorCode::OutputFailed, "cannot write file", ErrorContext{file.string(), "", "", ""});
}

// Each rename or folder of a commit, so that a failure can undo them newest first.
class Journal {
 public:
  void moved(fs::path from, fs::path to) { steps_.push_back({std::move(from), std::move(to), false}); }
  void made(fs::path folder) { steps_.push_back({{}, std::move(folder), true}); }
  // The paths it could not put back.
  std::vector<std::string> undo() {
    std::vector<std::string> failed;
    for (auto s = steps_.rbegin(); s != steps_.rend(); ++s) {
      std::error_code ec;
      if (s->made_folder) fs::remove(s->to, ec);
      else fs::rename(s->to, s->from, ec);
      if (ec) failed.push_back(s->made_folder ? s->to.string() : s->from.string());
    }
    steps_.clear();
    return failed;
  }

 private:
  struct Step {
    fs::path from, to;
    bool made_folder = false;
  };
  std::vector<Step> steps_;
};

// Every target of a commit, checked before anything moves.
void check_targets(const fs::path& out, const std::set<std::string>& files, const std::vector<std::string>& stale,
                   bool manifest) {
  auto check_writable = [&](const std::string& name) {
    fs::path rel = fs::path(name).parent_path();
    while (!rel.empty() && !exists_no_follow(out / rel)) rel = rel.parent_path();
    const fs::path folder = rel.empty() ? out : out / rel;
    if (::access(folder.c_str(), W_OK | X_OK) != 0)
      throw Error(ErrorCode::OutputFailed, "cannot write into the folder: " + errno_text() + "; --out is unchanged",
                  ErrorContext{folder.string(), "", "", ""});
  };
  for (const std::string& name : files) check_writable(name);
  for (const std::string& name : stale) check_writable(name);
  if (manifest && is_folder(out / kManifestName))
    throw Error(ErrorCode::OutputFailed, "is a folder, and siting keeps its manifest under this name; --out is unchanged",
                ErrorContext{(out / kManifestName).string(), "", "", ""});
}

// Moves the staged files (staging/new) in and the versions they replace, and the
// stale files, out (to staging/old); the interim manifest first, the final one
// last. A failed move undoes the moves made and throws Error(E401); `kept` is
// then set when an old version could not be put back and stays in staging/old.
void move_in(const fs::path& out, const fs::path& staging, const std::set<std::string>& files,
             const std::vector<std::string>& stale, bool manifest, bool& kept) {
  const fs::path fresh = staging / "new", old = staging / "old";
  Journal journal;
  std::string failed_at;
  try {
    auto step = [&](const fs::path& from, const fs::path& to) {
      std::error_code ec;
      move(from, to, ec);
      if (ec) {
        failed_at = to.string();
        throw Error(ErrorCode::OutputFailed, "cannot move into place: " + ec.message());
      }
      journal.moved(from, to);
    };
    auto backup = [&](const std::string& name) {
      if (!exists_no_follow(out / name)) return;
      std::error_code ec;
      fs::create_directories((old / name).parent_path(), ec);
      step(out / name, old / name);
    };
    if (manifest) {
      backup(kManifestName);
      step(staging / "interim.json", out / kManifestName);
    }
    for (const std::string& name : files) {
      fs::path rel;
      for (const fs::path& part : fs::path(name).parent_path()) {
        rel /= part;
        std::error_code ec;
        if (fs::create_directory(out / rel, ec)) journal.made(out / rel);
        if (ec) {
          failed_at = (out / rel).string();
          throw Error(ErrorCode::OutputFailed, "cannot create folder: " + ec.message());
        }
      }
      backup(name);
      step(fresh / name, out / name);
    }
    for (const std::string& name : stale) backup(name);
    if (manifest) step(staging / "manifest.json", out / kManifestName);
  } catch (const Error& e) {
    const std::vector<std::string> lost = journal.undo();
    if (lost.empty())
      throw Error(ErrorCode::OutputFailed, e.detail() + "; --out is as it was", ErrorContext{failed_at, "", "", ""});
    kept = true;
    std::string list;
    for (const std::string& p : lost) list += (list.empty() ? "" : ", ") + p;
    throw Error(ErrorCode::OutputFailed,
                e.detail() + "; putting the folder back failed too for " + list + ": the old versions are in " +
                    old.string(),
                ErrorContext{failed_at, "", "", ""});
  } catch (...) {
    kept = !journal.undo().empty();
    throw;
  }
}

}  // namespace

namespace detail {
void fail_commit_move_for_testing(int n) { fail_move_at = n; }
}  // namespace detail

OutputDir::OutputDir(std::string dir, const std::vector<std::string>& planned, OutputDirOptions options)
    : dir_(std::move(dir)), options_(options) {
  if (dir_.empty()) throw Error(ErrorCode::Usage, "no output folder given (--out DIR)");
  std::error_code ec;
  const auto status = fs::status(dir_, ec);
  if (fs::exists(status)) {
    if (!fs::is_directory(status))
      throw Error(ErrorCode::OutputFailed, "exists and is not a folder", ErrorContext{dir_, "", "", ""});
    if (::access(dir_.c_str(), W_OK | X_OK) != 0)
      throw Error(ErrorCode::OutputFailed, "cannot write into the folder: " + errno_text(), ErrorContext{dir_, "", "", ""});
    if (options_.manifest) owned_ = read_manifest(fs::path(dir_) / kManifestName);
  }
  check_free(planned);  // before anything is created: a refusal leaves no trace

  fs::path target = fs::absolute(dir_, ec).lexically_normal();
  if (!target.has_filename()) target = target.parent_path();  // "out/"
  std::lock_guard<std::mutex> lock(registry().mutex);
  try {
    std::vector<fs::path> missing;
    for (fs::path p = target; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
      missing.push_back(p);
      if (p == p.parent_path()) break;
    }
    for (auto p = missing.rbegin(); p != missing.rend(); ++p) {
      const bool made = fs::create_directory(*p, ec);
      if (ec)
        throw Error(ErrorCode::OutputFailed, "cannot create output folder: " + ec.message(), ErrorContext{dir_, "", "", ""});
      if (made) created_.push_back(p->string());
    }
    // Beside --out, so that nothing in --out changes before the commit, and on its
    // file system, so that the commit's renames are atomic. Inside --out when that
    // cannot be: --out is a mount point, or its parent is not writable.
    const std::string name = ".siting-staging-" + std::to_string(::getpid()) + "-XXXXXX";
    struct stat out_st {}, parent_st {};
    std::string tmpl = (target.parent_path() / name).string();
    const bool beside = target.has_parent_path() && target.parent_path() != target &&
                        ::stat(target.c_str(), &out_st) == 0 && ::stat(target.parent_path().c_str(), &parent_st) == 0 &&
                        out_st.st_dev == parent_st.st_dev && ::mkdtemp(tmpl.data()) != nullptr;
    if (!beside) {
      tmpl = (target / name).string();
      if (!::mkdtemp(tmpl.data()))
        throw Error(ErrorCode::OutputFailed, "cannot create a staging folder: " + errno_text(),
                    ErrorContext{dir_, "", "", ""});
    }
    staging_ = tmpl;
    if (!fs::create_directory(fs::path(staging_) / "new", ec) || !fs::create_directory(fs::path(staging_) / "old", ec))
      throw Error(ErrorCode::OutputFailed, "cannot create staging folder: " + ec.message(),
                  ErrorContext{staging_, "", "", ""});
  } catch (...) {
    discard();
    throw;
  }
  registry().live.push_back(this);
}

OutputDir::~OutputDir() {
  std::lock_guard<std::mutex> lock(registry().mutex);
  auto& live = registry().live;
  live.erase(std::remove(live.begin(), live.end(), this), live.end());
  discard();
}

void OutputDir::discard() noexcept {
  std::error_code ec;
  if (!committed_ && !keep_staging_ && !staging_.empty()) {
    // Renamed away first: after an interrupt the job's threads still run, and can
    // then neither add files by their staging paths nor keep remove_all from
    // emptying the tree.
    const std::string doomed = staging_ + "-removing";
    fs::rename(staging_, doomed, ec);
    fs::remove_all(ec ? staging_ : doomed, ec);
  }
  if (!committed_)
    for (auto p = created_.rbegin(); p != created_.rend(); ++p) fs::remove(*p, ec);  // only while empty
  staging_.clear();
  created_.clear();
}

void OutputDir::check_free(const std::vector<std::string>& names) {
  std::vector<std::string> taken;
  const fs::path out(dir_);
  for (const std::string& name : names) {
    if (!valid_name(name)) throw Error(ErrorCode::Internal, "not a name for an output file: '" + name + "'");
    if (checked_.count(name)) continue;
    // The name itself, and each folder on its way ("P-01" of "P-01/review.json").
    fs::path rel;
    const fs::path whole(name);
    for (const fs::path& part : whole) {
      rel /= part;
      const fs::path at = out / rel;
      if (!exists_no_follow(at)) break;
      if (rel != whole) {
        if (is_folder(at)) continue;  // a link to a folder is in the way: it leads outside --out
      } else if (!options_.manifest || owned_.count(name)) {
        if (is_folder(at))
          throw Error(ErrorCode::OutputFailed, "is a folder, and this run writes a file of that name; --out is unchanged",
                      ErrorContext{at.string(), "", "", ""});
        break;
      }
      taken.push_back(at.string());
      break;
    }
    checked_.insert(name);
  }
  if (taken.empty()) return;
  std::string more;
  for (std::size_t i = 1; i < taken.size(); ++i) more += (i > 1 ? ", " : " (also: ") + taken[i];
  if (!more.empty()) more += ")";
  throw Error(ErrorCode::OutputConflict,
              std::string("this run writes a file of that name, and siting did not write this one (the folder's ") +
                  kManifestName + " does not list it); it is left as it is and --out is unchanged: move it elsewhere "
                  "or choose another --out" + more,
              ErrorContext{taken.front(), "", "", ""});
}

void OutputDir::plan(const std::vector<std::string>& names) { check_free(names); }

std::string OutputDir::stage(const std::string& name) {
  check_free({name});
  std::lock_guard<std::mutex> lock(registry().mutex);
  if (committed_ || staging_.empty()) throw Error(ErrorCode::Internal, "output staged after the commit: " + name);
  if (std::find(names_.begin(), names_.end(), name) == names_.end()) names_.push_back(name);
  const fs::path path = fs::path(staging_) / "new" / name;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);  // "P-01/review.json" in a batch
  if (ec) throw Error(ErrorCode::OutputFailed, "cannot create folder: " + ec.message(), ErrorContext{path.string(), "", "", ""});
  return path.string();
}

void OutputDir::commit() {
  std::lock_guard<std::mutex> lock(registry().mutex);
  if (committed_ || staging_.empty()) throw Error(ErrorCode::Internal, "output folder committed twice: " + dir_);
  const fs::path out(dir_), staging(staging_);

  // What this run wrote (a name staged but never written is left out), and what an
  // earlier one wrote that this one did not. The manifest is read again: another
  // run may have committed meanwhile, and the user may have added files.
  std::set<std::string> files;
  for (const std::string& name : names_)
    if (exists_no_follow(staging / "new" / name)) files.insert(name);
  if (options_.manifest) owned_ = read_manifest(out / kManifestName);
  checked_.clear();
  check_free(std::vector<std::string>(files.begin(), files.end()));
  std::vector<std::string> stale;
  for (const std::string& name : owned_)
    if (!files.count(name) && inside(out, name) && exists_no_follow(out / name) && !is_folder(out / name))
      stale.push_back(name);

  check_targets(out, files, stale, options_.manifest);
  if (options_.manifest) {
    // An interim manifest listing both runs' files goes in first, the final one
    // last: a run killed without warning (SIGKILL, power cut) mid-commit leaves no
    // file of its own that the manifest does not list, so the next run can replace it.
    std::set<std::string> both = owned_;
    both.insert(files.begin(), files.end());
    write_manifest(staging / "interim.json", both);
    write_manifest(staging / "manifest.json", files);
  }
  moves = 0;
  move_in(out, staging, files, stale, options_.manifest, keep_staging_);

  committed_ = true;
  std::error_code ec;
  fs::remove_all(staging_, ec);
  for (const std::string& name : stale) {
    log::info("removed ", (out / name).string(), " left by an earlier run");
    // Folders the earlier run's files were in ("P-03/"), once empty.
    for (fs::path rel = fs::path(name).parent_path(); !rel.empty() && fs::remove(out / rel, ec);) rel = rel.parent_path();
  }
}

void cleanup_on_signal() {
  static std::once_flag once;
  std::call_once(once, [] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    if (pthread_sigmask(SIG_BLOCK, &set, nullptr) != 0) return;  // the default action stays
    try {
      std::thread([set] {
        int sig = 0;
        while (sigwait(&set, &sig) != 0) {
        }
        Registry& r = registry();
        r.mutex.lock();  // never unlocked: the process ends below
        for (OutputDir* d : r.live) OutputDirAccess::discard(*d);
        const char* text = sig == SIGINT ? "siting: interrupted (SIGINT); unfinished outputs removed\n"
                                         : "siting: terminated (SIGTERM); unfinished outputs removed\n";
        if (::write(STDERR_FILENO, text, std::strlen(text)) < 0) {
        }
        ::_exit(128 + sig);
      }).detach();
    } catch (const std::system_error&) {
      pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
    }
  });
}

}  // namespace siting::io
