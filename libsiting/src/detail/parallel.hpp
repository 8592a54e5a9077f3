// SPDX-License-Identifier: Apache-2.0
#pragma once

// A minimal parallel loop: work items taken from an atomic counter, the first
// exception rethrown on the calling thread. Each worker has its own GEOS context
// (GeosContext::local), so GEOS work inside `fn` is safe.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace siting::detail {

inline unsigned thread_count(unsigned requested) {
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw > 0 ? hw : 1;
}

// fn(item, worker): `worker` in [0, threads) lets each worker keep its own scratch.
template <typename Fn>
void parallel_for_workers(std::size_t n, unsigned threads, Fn&& fn) {
  threads = std::min<unsigned>(thread_count(threads), static_cast<unsigned>(std::max<std::size_t>(n, 1)));
  if (threads <= 1) {
    for (std::size_t i = 0; i < n; ++i) fn(i, 0u);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&](unsigned worker) {
    for (std::size_t i = next++; i < n; i = next++) {
      try {
        fn(i, worker);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
        next = n;  // stop handing out work
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0u);
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

template <typename Fn>
void parallel_for(std::size_t n, unsigned threads, Fn&& fn) {
  parallel_for_workers(n, threads, [&fn](std::size_t i, unsigned) { fn(i); });
}

// Items [0, n) in blocks of `block`, for loops whose items are too cheap to
// take one by one from the counter: fn(k, begin, end) for block k, which
// holds the items [begin, end). block_count(n, block) blocks in all.
inline std::size_t block_count(std::size_t n, std::size_t block) { return (n + block - 1) / block; }

template <typename Fn>
void parallel_for_blocks(std::size_t n, std::size_t block, unsigned threads, Fn&& fn) {
  parallel_for(block_count(n, block), threads,
               [&fn, n, block](std::size_t k) { fn(k, k * block, std::min(n, (k + 1) * block)); });
}

// Sorts `v` by `less` on up to `parts` cores: cut in place into runs at
// quantiles of a sample of key(element) (std::partition, no second copy), each
// run sorted on its own core. Runs hold disjoint, increasing ranges of the key,
// so the whole is what one sort gives, and elements of one key share a run.
// `less` orders by the key first. Returns the runs' bounds, first 0 and last
// v.size(). 10M segments of the walking graph: one sort took 0.9 s.
template <typename T, typename Key, typename Less>
std::vector<std::size_t> sort_in_runs(std::vector<T>& v, std::size_t parts, Key key, Less less) {
  std::vector<std::size_t> begin{0};
  if (parts > 1 && !v.empty()) {
    using K = decltype(key(v.front()));
    std::vector<K> sample;
    const std::size_t step = v.size() / 4096 + 1;
    for (std::size_t i = 0; i < v.size(); i += step) sample.push_back(key(v[i]));
    std::sort(sample.begin(), sample.end());
    auto from = v.begin();
    for (std::size_t k = 1; k < parts; ++k) {
      const K cut = sample[sample.size() * k / parts];
      from = std::partition(from, v.end(), [&](const T& x) { return key(x) < cut; });
      begin.push_back(static_cast<std::size_t>(from - v.begin()));
    }
  }
  begin.push_back(v.size());
  parallel_for(begin.size() - 1, static_cast<unsigned>(begin.size() - 1), [&](std::size_t k) {
    std::sort(v.begin() + static_cast<std::ptrdiff_t>(begin[k]), v.begin() + static_cast<std::ptrdiff_t>(begin[k + 1]),
              less);
  });
  return begin;
}

// Text made side by side and used in order: item i's text is made by
// make(i, worker, text) on `threads` workers (0 = all), a wave of 8 items per
// worker at a time, and handed to use(text) in item order, so what is written
// does not depend on the threads. An exception from make is raised in item
// order too: the items before it are used, none after. A wave's text is all
// that is held.
template <typename Make, typename Use>
void ordered_waves(std::size_t n, unsigned threads, Make&& make, Use&& use) {
  threads = thread_count(threads);
  const std::size_t wave = std::max<std::size_t>(1, std::size_t{8} * threads);
  std::vector<std::string> text(std::min(wave, n));
  std::vector<std::exception_ptr> failed(text.size());
  for (std::size_t first = 0; first < n; first += wave) {
    const std::size_t m = std::min(wave, n - first);
    parallel_for_workers(m, threads, [&](std::size_t i, unsigned worker) {
      text[i].clear();
      failed[i] = nullptr;
      try {
        make(first + i, worker, text[i]);
      } catch (...) {
        failed[i] = std::current_exception();
      }
    });
    for (std::size_t i = 0; i < m; ++i) {
      if (failed[i]) std::rethrow_exception(failed[i]);
      use(text[i]);
    }
  }
}

}  // namespace siting::detail
