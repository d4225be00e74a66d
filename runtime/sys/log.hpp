// SPDX-License-Identifier: MIT
#pragma once
/// Structured log lines: one line per event, `key=value` pairs, written with one
/// write(2) from a stack buffer (no allocation). Under systemd (JOURNAL_STREAM set)
/// each line starts with a `<N>` syslog priority that journald understands and
/// carries no timestamp; elsewhere it starts with an RFC 3339 UTC timestamp.
///
///   ts=2026-11-24T10:00:00.123Z level=info event=transition instance=VI_1 from=BACKUP to=MASTER
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "sys/addr.hpp"

namespace havip::sys {

enum class Level : std::uint8_t { debug, info, notice, warning, error };

/// A value of a log field: text, integer, boolean or address.
struct LogValue {
    enum class Kind : std::uint8_t { Text, Int, Uint, Bool, Double, Ip } kind = Kind::Text;
    std::string_view text;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
    IpAddr ip;
    LogValue(std::string_view s) : kind(Kind::Text), text(s) {}      // NOLINT: implicit on purpose
    LogValue(const char* s) : kind(Kind::Text), text(s ? s : "") {}  // NOLINT
    LogValue(const std::string& s) : kind(Kind::Text), text(s) {}    // NOLINT
    LogValue(bool b) : kind(Kind::Bool), i(b) {}                     // NOLINT
    LogValue(int v) : kind(Kind::Int), i(v) {}                       // NOLINT
    LogValue(long v) : kind(Kind::Int), i(v) {}                      // NOLINT
    LogValue(long long v) : kind(Kind::Int), i(v) {}                 // NOLINT
    LogValue(unsigned v) : kind(Kind::Uint), u(v) {}                 // NOLINT
    LogValue(unsigned long v) : kind(Kind::Uint), u(v) {}            // NOLINT
    LogValue(unsigned long long v) : kind(Kind::Uint), u(v) {}       // NOLINT
    LogValue(double v) : kind(Kind::Double), d(v) {}                 // NOLINT
    LogValue(const IpAddr& a) : kind(Kind::Ip), ip(a) {}             // NOLINT
};

struct LogField {
    std::string_view key;
    LogValue value;
};

struct LogConfig {
    int fd = 2;  ///< where lines go
    Level min_level = Level::info;
    bool journald = false;  ///< `<N>` prefix, no timestamp
    bool timestamps = true;
};

/// Sets the process-wide log configuration. Call once at start; not thread-safe.
void log_configure(const LogConfig& cfg);
/// The default: stderr, info, journald mode when JOURNAL_STREAM is set.
LogConfig log_default_config();
const LogConfig& log_config();

/// Formats one line (with its '\n') into buf; returns its length. Values with
/// blanks, quotes, '=' or control bytes are quoted with \" \\ \n \t escapes. A line
/// longer than cap ends in "...\n". realtime_ns < 0: no timestamp.
std::size_t format_log_line(char* buf, std::size_t cap, Level level, std::string_view event,
                            std::initializer_list<LogField> fields, bool journald, std::int64_t realtime_ns);

/// Writes one event line per the configuration.
void log_event(Level level, std::string_view event, std::initializer_list<LogField> fields = {});

}  // namespace havip::sys
