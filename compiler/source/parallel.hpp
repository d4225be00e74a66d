// SPDX-License-Identifier: MIT
#pragma once
/// A tiny fork-join helper: runs fn(i) for every i in [0, n) on up to `jobs`
/// threads (the caller's thread is one of them) and returns when all are done.
/// Items are handed out in index order; results must go to per-index slots so
/// the caller can merge them in order (output never depends on the thread count).
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace havip::source {

/// The number of threads `--jobs 0` (the default) means: the hardware's, at least 1.
inline unsigned default_jobs() {
    unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : n;
}

template <class Fn>
void parallel_for(std::size_t n, unsigned jobs, Fn&& fn) {
    const std::size_t threads = std::min<std::size_t>(jobs == 0 ? 1 : jobs, n);
    if (threads <= 1) {
        for (std::size_t i = 0; i < n; ++i) fn(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mu;
    auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < n;) {
            try {
                fn(i);
            } catch (...) {
                std::lock_guard lock(error_mu);
                if (!error) error = std::current_exception();
                next.store(n, std::memory_order_relaxed);  // stop handing out work
            }
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    try {
        for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    } catch (const std::system_error&) {
        // No more threads: the ones started (and this one) do all the work.
    }
    work();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
}

}  // namespace havip::source
