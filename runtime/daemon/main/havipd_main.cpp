// SPDX-License-Identifier: MIT
// havipd: runs one node's plan. Exit codes: 0 clean stop or valid plan (-n),
// 1 runtime failure, 2 usage error or a plan that does not load.
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "daemon/daemon.hpp"
#include "daemon/from_plan.hpp"
#include "sys/files.hpp"
#include "sys/log.hpp"

#ifndef HAVIP_VERSION
#define HAVIP_VERSION "0.1.0"
#endif

using namespace havip;

int main(int argc, char** argv) {
    CLI::App app{"havipd: the lean VRRP runtime for keepalived-style HAVIP pairs"};
    std::string plan_path, state_dir = "/run/havipd", level = "info";
    bool validate_only = false, version = false, keep_privileges = false;
    app.add_option("plan", plan_path, "the node's plan (.hvp) from havip-compile");
    app.add_flag("-n,--validate", validate_only, "load and verify the plan, then exit (0 valid, 2 not)");
    app.add_flag("--version", version, "print the version");
    app.add_option("--state-dir", state_dir, "where <instance>.state and stats are written")->capture_default_str();
    app.add_option("--log-level", level, "debug, info, notice, warning or error")->capture_default_str();
    app.add_flag("--keep-privileges", keep_privileges, "do not drop capabilities (debugging only)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    }
    if (version) {
        std::printf("havipd %s\n", HAVIP_VERSION);
        return 0;
    }
    if (plan_path.empty()) {
        std::fprintf(stderr, "havipd: a plan is required (havipd PLAN.hvp)\n");
        return 2;
    }
    sys::LogConfig lc = sys::log_default_config();
    if (level == "debug") lc.min_level = sys::Level::debug;
    else if (level == "info") lc.min_level = sys::Level::info;
    else if (level == "notice") lc.min_level = sys::Level::notice;
    else if (level == "warning") lc.min_level = sys::Level::warning;
    else if (level == "error") lc.min_level = sys::Level::error;
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
        std::printf("%s: ok (node %s, %zu instance%s)\n", plan_path.c_str(), cfg->name.c_str(), cfg->instances.size(),
                    cfg->instances.size() == 1 ? "" : "s");
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
