// SPDX-License-Identifier: Apache-2.0
#pragma once

// A small process-wide logger. Messages go to stderr by default so that stdout
// stays free for results; batch users redirect stderr to a log file.

#include <atomic>
#include <chrono>
#include <mutex>
#include <cstddef>
#include <functional>
#include <sstream>
#include <string>

namespace siting {

enum class LogLevel { Error = 0, Warn = 1, Info = 2, Debug = 3 };

namespace log {

void set_level(LogLevel level);
LogLevel level();
// Replace the sink (tests capture messages this way). Pass nullptr to restore stderr.
void set_sink(std::function<void(LogLevel, const std::string&)> sink);
void write(LogLevel level, const std::string& message);

template <typename... Args>
std::string concat(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}

template <typename... Args>
void error(const Args&... args) { write(LogLevel::Error, concat(args...)); }
template <typename... Args>
void warn(const Args&... args) { write(LogLevel::Warn, concat(args...)); }
template <typename... Args>
void info(const Args&... args) {
  if (level() >= LogLevel::Info) write(LogLevel::Info, concat(args...));
}
template <typename... Args>
void debug(const Args&... args) {
  if (level() >= LogLevel::Debug) write(LogLevel::Debug, concat(args...));
}

}  // namespace log

// Progress of a long stage, drawn on stderr only when stderr is a terminal (so logs
// of batch runs stay clean). At most a few redraws per second. advance() may be
// called from worker threads.
//
//   Progress p("service areas", n_tiles);
//   for (...) { ...; p.advance(); }
//   p.finish();
class Progress {
 public:
  Progress(std::string stage, std::size_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void advance(std::size_t n = 1) {
    if (!enabled_) return;
    const std::size_t done = done_.fetch_add(n) + n;
    if (done >= next_check_.load(std::memory_order_relaxed)) redraw(false);
  }
  void finish();

 private:
  void redraw(bool final);

  std::string stage_;
  std::size_t total_;
  std::atomic<std::size_t> done_{0};
  std::atomic<std::size_t> next_check_{0};
  bool enabled_ = false;
  bool finished_ = false;
  std::mutex draw_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace siting
