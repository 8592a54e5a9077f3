// SPDX-License-Identifier: Apache-2.0
#include "siting/log.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <mutex>

#include "siting/error.hpp"

namespace siting {
namespace log {
namespace {

std::atomic<LogLevel> g_level{LogLevel::Info};
std::mutex g_mutex;
std::function<void(LogLevel, const std::string&)> g_sink;

const char* prefix(LogLevel level) {
  switch (level) {
    case LogLevel::Error: return "siting: error: ";
    case LogLevel::Warn: return "siting: warning: ";
    case LogLevel::Info: return "siting: ";
    case LogLevel::Debug: return "siting: debug: ";
  }
  return "siting: ";
}

}  // namespace

void set_level(LogLevel level) { g_level = level; }
LogLevel level() { return g_level; }

void set_sink(std::function<void(LogLevel, const std::string&)> sink) {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_sink = std::move(sink);
}

void write(LogLevel lvl, const std::string& raw) {
  if (lvl > g_level.load()) return;
  // A value from the data or a driver's message may hold any bytes; stderr gets text.
  const std::string message = printable(raw);
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_sink) {
    g_sink(lvl, message);
    return;
  }
  std::cerr << prefix(lvl) << message << '\n';
}

}  // namespace log

Progress::Progress(std::string stage, std::size_t total)
    : stage_(std::move(stage)),
      total_(total),
      enabled_(total > 0 && isatty(STDERR_FILENO) == 1 && log::level() >= LogLevel::Info) {
  start_ = last_draw_ = std::chrono::steady_clock::now();
  next_check_ = total_ / 1000 + 1;
}

Progress::~Progress() {
  if (!finished_) finish();
}

void Progress::redraw(bool final) {
  std::unique_lock<std::mutex> lock(draw_, std::defer_lock);
  if (final) lock.lock();
  else if (!lock.try_lock()) return;  // another thread is drawing
  const auto now = std::chrono::steady_clock::now();
  const std::size_t done = std::min(done_.load(), total_);
  next_check_ = done + total_ / 1000 + 1;
  if (!final && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  const double secs = std::chrono::duration<double>(now - start_).count();
  const double pct = total_ ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 100.0;
  std::fprintf(stderr, "\rsiting: %s %5.1f%% (%zu/%zu) %.1fs%s", stage_.c_str(), pct, done, total_, secs,
               final ? "\n" : "");
  std::fflush(stderr);
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  if (enabled_) redraw(true);
}

}  // namespace siting
