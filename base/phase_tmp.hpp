#pragma once
#include <chrono>
#include <cstdio>
#include <cstdlib>
inline void phase_mark(const char* what) {
    static auto last = std::chrono::steady_clock::now();
    static bool on = std::getenv("PHASES") != nullptr;
    auto now = std::chrono::steady_clock::now();
    if (on) std::fprintf(stderr, "PHASE %-22s %8.1f ms\n", what, std::chrono::duration<double, std::milli>(now - last).count());
    last = now;
}
