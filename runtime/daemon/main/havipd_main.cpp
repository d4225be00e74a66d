// SPDX-License-Identifier: MIT
// havipd: runs one node's plan. Exit codes: 0 clean stop or valid plan (-n),
// 1 runtime failure, 2 usage error or a plan that does not load.
#include <sys/stat.h>

#include <cerrno>
#include <csignal>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "options.hpp"
#include "daemon/daemon.hpp"
#include "daemon/from_plan.hpp"
#include "daemon/status.hpp"
#include "sys/addr.hpp"
#include "sys/files.hpp"
#include "sys/log.hpp"

#ifndef HAVIP_VERSION
#define HAVIP_VERSION "0.1.0"
#endif

using namespace havip;

namespace {

struct Options {
    std::string plan_path, state_dir = "/run/havipd", level = "info";
    std::string completion;
    std::optional<std::string> metrics_listen, metrics_textfile, metrics_interval;  // set: given
    bool validate_only = false, version = false, keep_privileges = false, help = false;
};

int usage_error(const std::string& why) {
    std::fprintf(stderr, "havipd: %s\nRun with --help for more information.\n", why.c_str());
    return 2;
}

// Returns -1 when parsing succeeded, else the exit code.
int parse(int argc, char** argv, Options& o) {
    bool positional_only = false;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (positional_only || a.empty() || a[0] != '-' || a == "-") {
            if (!o.plan_path.empty()) return usage_error("only one plan may be given");
            o.plan_path = std::string(a);
            continue;
        }
        if (a == "--") {
            positional_only = true;
            continue;
        }
        // --name=value or --name value for the options that take one.
        std::string_view name = a, inline_value;
        bool has_inline = false;
        if (auto eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string_view::npos) {
            name = a.substr(0, eq);
            inline_value = a.substr(eq + 1);
            has_inline = true;
        }
        auto value = [&](std::string& out) -> bool {
            if (has_inline) {
                out = std::string(inline_value);
                return true;
            }
            if (i + 1 >= argc) return false;
            out = argv[++i];
            return true;
        };
        auto flag = [&](bool& out) -> bool {
            if (has_inline) return false;
            out = true;
            return true;
        };
        const auto* spec = daemon_main::find_option(name);
        if (!spec) return usage_error("unknown option `" + std::string(a) + "`");
        bool ok = false;
        switch (spec->id) {
            case daemon_main::Opt::Validate:
                ok = flag(o.validate_only);
                break;
            case daemon_main::Opt::Version:
                ok = flag(o.version);
                break;
            case daemon_main::Opt::KeepPrivileges:
                ok = flag(o.keep_privileges);
                break;
            case daemon_main::Opt::Help:
                ok = flag(o.help);
                break;
            case daemon_main::Opt::StateDir:
                ok = value(o.state_dir);
                break;
            case daemon_main::Opt::LogLevel:
                ok = value(o.level);
                break;
            case daemon_main::Opt::Completion:
                ok = value(o.completion);
                break;
            case daemon_main::Opt::MetricsListen:
                ok = value(o.metrics_listen.emplace());
                break;
            case daemon_main::Opt::MetricsTextfile:
                ok = value(o.metrics_textfile.emplace());
                break;
            case daemon_main::Opt::MetricsInterval:
                ok = value(o.metrics_interval.emplace());
                break;
        }
        if (!ok)
            return usage_error("option `" + std::string(name) + (has_inline ? "` takes no value" : "` needs a value"));
    }
    return -1;
}

// --metrics-listen ADDR[:PORT], ADDR an IPv4 literal or a bracketed IPv6 one.
int parse_listen(const std::string& spec, daemon::MetricsOptions& m) {
    auto bad = [&](const std::string& why) { return usage_error("--metrics-listen `" + spec + "`: " + why); };
    std::string_view s = spec, host = spec, port;
    bool has_port = false;
    if (!s.empty() && s[0] == '[') {
        auto close = s.find(']');
        if (close == std::string_view::npos) return bad("`[` without `]`");
        host = s.substr(1, close - 1);
        std::string_view rest = s.substr(close + 1);
        if (!rest.empty() && rest[0] != ':') return bad("expected `:PORT` after `]`");
        has_port = !rest.empty();
        if (has_port) port = rest.substr(1);
    } else if (auto colon = s.find(':'); colon != std::string_view::npos) {
        if (s.find(':', colon + 1) != std::string_view::npos)
            return bad("write an IPv6 address in brackets, e.g. [::1]:9655");
        host = s.substr(0, colon);
        port = s.substr(colon + 1);
        has_port = true;
    }
    if (!sys::IpAddr::parse(host)) return bad("`" + std::string(host) + "` is not an IP address (e.g. 127.0.0.1:9655)");
    m.listen_addr = std::string(host);
    if (has_port) {
        bool digits = !port.empty() && port.size() <= 5;
        for (char c : port) digits = digits && c >= '0' && c <= '9';
        unsigned long v = digits ? std::stoul(std::string(port)) : 0;
        if (v == 0 || v > 65535) return bad("port `" + std::string(port) + "` is not 1-65535");
        m.listen_port = static_cast<std::uint16_t>(v);
    }
    return -1;
}

int parse_metrics(const Options& o, daemon::MetricsOptions& m) {
    for (const auto* v : {&o.metrics_listen, &o.metrics_textfile, &o.metrics_interval})
        if (v->has_value() && (*v)->empty()) return usage_error("a --metrics-* option has an empty value");
    if (o.metrics_listen)
        if (int rc = parse_listen(*o.metrics_listen, m); rc >= 0) return rc;
    if (o.metrics_textfile) {
        const std::string& f = *o.metrics_textfile;
        if (f.size() < 6 || f.compare(f.size() - 5, 5, ".prom") != 0 || f.back() == '/')
            return usage_error("--metrics-textfile `" + f +
                               "`: the name must end in .prom (node_exporter reads only those)");
        m.textfile = f;
    }
    if (o.metrics_interval) {
        const std::string& iv = *o.metrics_interval;
        bool digits = iv.size() <= 4;
        for (char c : iv) digits = digits && c >= '0' && c <= '9';
        long v = digits ? std::stol(iv) : 0;
        if (!digits || v < 1 || v > 3600) return usage_error("--metrics-interval `" + iv + "`: seconds, 1-3600");
        if (m.textfile.empty()) return usage_error("--metrics-interval needs --metrics-textfile");
        m.textfile_interval_ms = v * 1000;
    }
    return -1;
}

// havipd status: per instance state (state files), priority, VIPs and the
// last transition (the metrics textfile, when given).
int status_main(int argc, char** argv) {
    std::string dir = "/run/havipd", textfile;
    bool json = false;
    for (int i = 2; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--json")
            json = true;
        else if (a == "-h" || a == "--help") {
            std::fputs("Usage: havipd status [--state-dir DIR] [--metrics-textfile FILE.prom] [--json]\n", stdout);
            return 0;
        } else if ((a == "--state-dir" || a == "--metrics-textfile") && i + 1 < argc)
            (a == "--state-dir" ? dir : textfile) = argv[++i];
        else if (a.rfind("--state-dir=", 0) == 0)
            dir = std::string(a.substr(12));
        else if (a.rfind("--metrics-textfile=", 0) == 0)
            textfile = std::string(a.substr(19));
        else
            return usage_error("status: unknown argument `" + std::string(a) + "`");
    }
    auto r = daemon::status::read(dir, textfile);
    if (!r) {
        std::fprintf(stderr, "havipd status: %s\n", r.message().c_str());
        return 2;
    }
    std::string out = json ? daemon::status::format_json(*r) : daemon::status::format_text(*r, std::time(nullptr));
    std::fputs(out.c_str(), stdout);
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        std::fprintf(stderr, "havipd: cannot write standard output: %s\n", std::strerror(errno));
        return 2;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    // A log reader that goes away (a pipe, a restarted journal) must cost log
    // lines, not the daemon. Scripts get the default back before exec.
    std::signal(SIGPIPE, SIG_IGN);
    // `havipd status` (a plan named "status" is ./status).
    if (argc >= 2 && std::string_view(argv[1]) == "status") return status_main(argc, argv);
    Options o;
    if (int rc = parse(argc, argv, o); rc >= 0) return rc;
    if (o.help) {
        daemon_main::print_usage(stdout);
        return 0;
    }
    if (!o.completion.empty()) {
        if (!daemon_main::print_completion(stdout, o.completion))
            return usage_error("--completion takes bash, zsh or fish, not `" + o.completion + "`");
        return std::fflush(stdout) == 0 && !std::ferror(stdout) ? 0 : 2;
    }
    if (o.version) {
        std::printf("havipd %s\n", HAVIP_VERSION);
        return std::fflush(stdout) == 0 && !std::ferror(stdout) ? 0 : 2;
    }
    daemon::MetricsOptions metrics;
    if (int rc = parse_metrics(o, metrics); rc >= 0) return rc;
    if (o.plan_path.empty()) {
        std::fprintf(stderr, "havipd: a plan is required (havipd PLAN.hvp)\n");
        return 2;
    }
    const std::string& plan_path = o.plan_path;
    const std::string& state_dir = o.state_dir;
    const std::string& level = o.level;
    const bool validate_only = o.validate_only, keep_privileges = o.keep_privileges;
    sys::LogConfig lc = sys::log_default_config();
    if (level == "debug")
        lc.min_level = sys::Level::debug;
    else if (level == "info")
        lc.min_level = sys::Level::info;
    else if (level == "notice")
        lc.min_level = sys::Level::notice;
    else if (level == "warning")
        lc.min_level = sys::Level::warning;
    else if (level == "error")
        lc.min_level = sys::Level::error;
    else {
        std::fprintf(stderr, "havipd: unknown log level `%s`\n", level.c_str());
        return 2;
    }
    sys::log_configure(lc);

    // A plan anyone else can rewrite would let them choose our scripts.
    if (sys::Status st = sys::check_trusted_file(plan_path); !st) {
        std::fprintf(stderr, "havipd: plan refused: %s\n", st.message().c_str());
        return 2;
    }
    auto cfg = daemon::load_plan_file(plan_path);
    if (!cfg) {
        std::fprintf(stderr, "havipd: %s\n", cfg.message().c_str());
        return 2;
    }
    if (validate_only) {
        // A plan without an instance would run doing nothing: not a valid plan to start.
        if (cfg->instances.empty()) {
            std::fprintf(stderr, "havipd: %s: the plan holds no vrrp_instance: nothing to run\n", plan_path.c_str());
            return 2;
        }
        std::printf("%s: ok (node %s, %zu instance%s)\n", plan_path.c_str(), cfg->name.c_str(), cfg->instances.size(),
                    cfg->instances.size() == 1 ? "" : "s");
        if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
            std::fprintf(stderr, "havipd: cannot write standard output: %s\n", std::strerror(errno));
            return 2;
        }
        return 0;
    }
    if (::mkdir(state_dir.c_str(), 0755) < 0 && errno != EEXIST) {
        std::fprintf(stderr, "havipd: cannot create %s\n", state_dir.c_str());
        return 1;
    }
    daemon::DaemonOptions opt;
    opt.plan_path = plan_path;
    opt.state_dir = state_dir;
    opt.drop_privileges = !keep_privileges;
    opt.metrics = metrics;
    opt.load = [](const std::string& p) -> sys::Result<daemon::NodeConfig> {
        if (sys::Status st = sys::check_trusted_file(p); !st) return st;
        return daemon::load_plan_file(p);
    };
    auto d = daemon::Daemon::create(std::move(opt), std::move(cfg).value());
    if (!d) {
        sys::log_event(sys::Level::error, "start_failed", {{"error", d.message()}});
        return 1;
    }
    return (*d)->run();
}
