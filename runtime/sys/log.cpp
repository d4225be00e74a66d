// SPDX-License-Identifier: MIT
#include "sys/log.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

namespace havip::sys {

namespace {

LogConfig g_config = log_default_config();

const char* level_name(Level l) {
    switch (l) {
        case Level::debug:
            return "debug";
        case Level::info:
            return "info";
        case Level::notice:
            return "notice";
        case Level::warning:
            return "warning";
        case Level::error:
            return "error";
    }
    return "info";
}

int syslog_priority(Level l) {
    switch (l) {
        case Level::debug:
            return 7;
        case Level::info:
            return 6;
        case Level::notice:
            return 5;
        case Level::warning:
            return 4;
        case Level::error:
            return 3;
    }
    return 6;
}

// Appends into a bounded buffer and remembers overflow.
struct Out {
    char* p;
    std::size_t cap;
    std::size_t n = 0;
    bool full = false;
    void put(char c) {
        if (n < cap)
            p[n++] = c;
        else
            full = true;
    }
    void put(std::string_view s) {
        for (char c : s) put(c);
    }
};

bool needs_quotes(std::string_view s) {
    if (s.empty()) return true;
    for (unsigned char c : s)
        if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f) return true;
    return false;
}

void put_text(Out& o, std::string_view s) {
    if (!needs_quotes(s)) {
        o.put(s);
        return;
    }
    o.put('"');
    for (unsigned char c : s) {
        switch (c) {
            case '"':
                o.put("\\\"");
                break;
            case '\\':
                o.put("\\\\");
                break;
            case '\n':
                o.put("\\n");
                break;
            case '\t':
                o.put("\\t");
                break;
            case '\r':
                o.put("\\r");
                break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    char hex[5];
                    std::snprintf(hex, sizeof hex, "\\x%02x", c);
                    o.put(hex);
                } else {
                    o.put(static_cast<char>(c));
                }
        }
    }
    o.put('"');
}

void put_value(Out& o, const LogValue& v) {
    char tmp[64];
    switch (v.kind) {
        case LogValue::Kind::Text:
            put_text(o, v.text);
            break;
        case LogValue::Kind::Int: {
            auto r = fmt::format_to_n(tmp, sizeof tmp, "{}", v.i);
            o.put(std::string_view(tmp, r.size));
            break;
        }
        case LogValue::Kind::Uint: {
            auto r = fmt::format_to_n(tmp, sizeof tmp, "{}", v.u);
            o.put(std::string_view(tmp, r.size));
            break;
        }
        case LogValue::Kind::Double: {
            auto r = fmt::format_to_n(tmp, sizeof tmp, "{:.6g}", v.d);
            o.put(std::string_view(tmp, r.size));
            break;
        }
        case LogValue::Kind::Bool:
            o.put(v.i ? "true" : "false");
            break;
        case LogValue::Kind::Ip: {
            std::size_t n = v.ip.format(tmp, sizeof tmp);
            o.put(std::string_view(tmp, n));
            break;
        }
    }
}

}  // namespace

LogConfig log_default_config() {
    LogConfig c;
    c.journald = std::getenv("JOURNAL_STREAM") != nullptr;
    return c;
}

void log_configure(const LogConfig& cfg) { g_config = cfg; }
const LogConfig& log_config() { return g_config; }

std::size_t format_log_line(char* buf, std::size_t cap, Level level, std::string_view event,
                            std::initializer_list<LogField> fields, bool journald, std::int64_t realtime_ns) {
    if (cap < 8) return 0;
    Out o{buf, cap - 4};  // room for "...\n"
    if (journald) {
        o.put('<');
        o.put(static_cast<char>('0' + syslog_priority(level)));
        o.put('>');
    }
    if (realtime_ns >= 0) {
        std::time_t secs = static_cast<std::time_t>(realtime_ns / 1'000'000'000);
        std::tm tm{};
        gmtime_r(&secs, &tm);
        char ts[40];
        auto r = fmt::format_to_n(ts, sizeof ts, "ts={:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z ", tm.tm_year + 1900,
                                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                                  (realtime_ns / 1'000'000) % 1000);
        o.put(std::string_view(ts, r.size));
    }
    o.put("level=");
    o.put(level_name(level));
    o.put(" event=");
    put_text(o, event);
    for (const auto& f : fields) {
        o.put(' ');
        o.put(f.key);
        o.put('=');
        put_value(o, f.value);
    }
    std::size_t n = o.n;
    if (o.full)
        for (int dot = 0; dot < 3; ++dot) buf[n++] = '.';
    buf[n++] = '\n';
    return n;
}

void log_event(Level level, std::string_view event, std::initializer_list<LogField> fields) {
    if (level < g_config.min_level) return;
    char buf[2048];
    std::int64_t now = -1;
    if (g_config.timestamps && !g_config.journald) {
        timespec ts{};
        clock_gettime(CLOCK_REALTIME, &ts);
        now = static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
    }
    std::size_t n = format_log_line(buf, sizeof buf, level, event, fields, g_config.journald, now);
    const char* p = buf;
    while (n > 0) {
        ssize_t w = ::write(g_config.fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return;  // logging never fails the caller
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
}

}  // namespace havip::sys
