// SPDX-License-Identifier: MIT
#pragma once
/// havipd's command line as one table: the parser, --help and the shell
/// completions (`havipd --completion bash|zsh|fish`, hidden) all read it, so
/// nothing drifts. Hand-written on stdio: CLI11 would bring iostreams (and
/// with them locales) into every VM's resident memory for no gain here.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "base/completion.hpp"

namespace havip::daemon_main {

enum class Opt {
    Validate,
    StateDir,
    LogLevel,
    KeepPrivileges,
    MetricsListen,
    MetricsTextfile,
    MetricsInterval,
    Version,
    Help,
    Completion
};

struct OptionSpec {
    Opt id;
    const char* short_name;  ///< "-n", or nullptr
    const char* long_name;   ///< "--validate"
    const char* metavar;     ///< the value's name; nullptr for a flag
    const char* choices;     ///< the values it takes, space-separated; nullptr: any (a path)
    const char* help;
    bool hidden = false;     ///< left out of --help and the completions
    bool directory = false;  ///< the value is a directory
};

inline constexpr OptionSpec kOptions[] = {
    {Opt::Validate, "-n", "--validate", nullptr, nullptr, "load and verify the plan, then exit (0 valid, 2 not)"},
    {Opt::StateDir, nullptr, "--state-dir", "DIR", nullptr,
     "where <instance>.state and stats are written (default /run/havipd)", false, true},
    {Opt::LogLevel, nullptr, "--log-level", "LEVEL", "debug info notice warning error",
     "debug, info, notice, warning or error (default info)"},
    {Opt::KeepPrivileges, nullptr, "--keep-privileges", nullptr, nullptr, "do not drop capabilities (debugging only)"},
    {Opt::MetricsListen, nullptr, "--metrics-listen", "ADDR[:PORT]", nullptr,
     "serve Prometheus metrics on http://ADDR:PORT/metrics (port 9655; an IPv6 ADDR in brackets: [::1]:9655); off by "
     "default"},
    {Opt::MetricsTextfile, nullptr, "--metrics-textfile", "FILE.prom", nullptr,
     "write the metrics to FILE.prom for node_exporter's textfile collector, on every transition and every interval; "
     "off by default"},
    {Opt::MetricsInterval, nullptr, "--metrics-interval", "SECONDS", nullptr,
     "how often the textfile is rewritten (1-3600, default 15)"},
    {Opt::Version, nullptr, "--version", nullptr, nullptr, "print the version"},
    {Opt::Help, "-h", "--help", nullptr, nullptr, "print this help"},
    {Opt::Completion, nullptr, "--completion", "SHELL", "bash zsh fish", "print a completion script", true},
};

inline const OptionSpec* find_option(std::string_view name) {
    for (const auto& o : kOptions)
        if ((o.short_name && name == o.short_name) || name == o.long_name) return &o;
    return nullptr;
}

/// --help: the positional, then every visible option, in table order.
inline void print_usage(std::FILE* out) {
    std::fputs(
        "havipd: the lean VRRP runtime for keepalived-style HAVIP pairs\n"
        "Usage: havipd [OPTIONS] PLAN\n"
        "       havipd status [--state-dir DIR] [--metrics-textfile FILE.prom] [--json]\n",
        out);
    std::fprintf(out, "  %-22s%s\n", "PLAN", "the node's plan (.hvp) from havip-compile");
    for (const auto& o : kOptions) {
        if (o.hidden) continue;
        std::string names = o.short_name ? std::string(o.short_name) + ", " + o.long_name : o.long_name;
        if (o.metavar) names += std::string(" ") + o.metavar;
        if (names.size() < 22)
            std::fprintf(out, "  %-22s%s\n", names.c_str(), o.help);
        else
            std::fprintf(out, "  %s\n  %-22s%s\n", names.c_str(), "", o.help);
    }
}

/// A completion script for `shell` ("bash", "zsh", "fish") from the table;
/// false for another shell.
inline bool print_completion(std::FILE* out, std::string_view shell) {
    std::vector<base::CompletionOption> opts;
    for (const auto& o : kOptions) {
        if (o.hidden) continue;
        base::CompletionOption c;
        c.longs = {std::string(o.long_name + 2)};
        if (o.short_name) c.shorts = {std::string(o.short_name + 1)};
        c.takes_value = o.metavar != nullptr;
        for (std::string_view ch = o.choices ? o.choices : ""; !ch.empty();) {
            const auto sp = ch.find(' ');
            c.choices.emplace_back(ch.substr(0, sp));
            ch = sp == std::string_view::npos ? std::string_view{} : ch.substr(sp + 1);
        }
        c.directory = o.directory;
        c.help = o.help;
        opts.push_back(std::move(c));
    }
    base::ScriptText t;
    if (!base::write_completion(t, std::string(shell), "havipd", opts)) return false;
    std::fputs(t.text.c_str(), out);
    return true;
}

}  // namespace havip::daemon_main
