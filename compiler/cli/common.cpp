// SPDX-License-Identifier: MIT
#include "cli/common.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "diag/render.hpp"

namespace havip::cli {

void add_common_options(CLI::App& app, CommonOptions& o) {
    app.add_option("inputs", o.inputs, "keepalived.conf / havip.toml files, directories (recursive), or - for stdin");
    app.add_option("--subnet", o.subnets, "subnet of the VPC's clusters (CIDR, repeatable)")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--inventory", o.inventory, "VPC inventory (vpc.toml): subnets, nodes, ENIs, multicast, versions");
    app.add_option("--target-keepalived", o.target_keepalived,
                   "oldest keepalived version the configs must run on (default 1.2.24)");
    app.add_option("--config-id", o.config_id, "id for @id lines (default: every id found, one node each)");
    app.add_option("--ignore", o.ignore, "do not report CODE (repeatable)")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--severity", o.severity, "CODE=error|warning|info|off (repeatable)")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--failure-threshold", o.failure_threshold,
                   "lowest severity that fails the run: error (default), warning, info")
        ->check(CLI::IsMember({"error", "warning", "info"}));
    app.add_flag("--werror", o.werror, "warnings fail the run too");
    auto* no_policy = app.add_flag("--no-policy", o.no_policy, "do not read .havip-lint.toml");
    app.add_option("--config", o.config, "policy file to use instead of the .havip-lint.toml found from the first input")
        ->excludes(no_policy);
    app.add_option("--stdin-filename", o.stdin_filename,
                   "name of the config read from - (findings, node name, where the policy is searched)");
    app.add_flag("--havipd", o.havipd, "also report what havipd does not execute (HV3xx)");
    app.add_option("--color", o.color, "auto (default; NO_COLOR honoured), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    app.add_option("--node", o.node, "node name for a single .conf input (default: the file's stem)");
    app.add_option("--havip-per-eni", o.havip_per_eni,
                   "HAVIPs one ENI may carry (HV104; default 5; an inventory's havip_per_eni wins)")
        ->check(CLI::Range(1, 1000));
    app.add_flag("--check-scripts", o.check_scripts,
                 "HV206 also reports scripts missing or not executable on this host (run it on the node)");
}

namespace {

bool set_threshold(const std::string& text, lint::Policy& p) {
    diag::Severity sev;
    if (!diag::parse_severity(text, sev) || sev == diag::Severity::Off) return false;
    p.failure_threshold = sev;
    return true;
}

bool add_subnet(const std::string& text, lint::Options& lo) {
    auto c = model::Cidr::parse(text);
    if (!c || c->prefix < 0) return false;
    lo.subnets.push_back(*c);
    return true;
}

int usage(const std::string& msg) {
    std::cerr << "havip-lint: " << msg << "\n";
    return 2;
}

}  // namespace

int prepare(const CommonOptions& o, Session& s) {
    if (o.inputs.empty()) return usage("no inputs (give files, directories, or - for stdin; see --help)");
    std::vector<std::string> errors;
    auto files = driver::collect(o.inputs, errors);
    for (const auto& e : errors) std::cerr << "havip-lint: " << e << "\n";
    if (!errors.empty()) return 2;
    if (files.empty()) return usage("no keepalived.conf or havip.toml files found in the inputs");

    // Policy file first, then the command line on top of it.
    std::string policy_inventory;
    const bool reads_stdin = std::find(o.inputs.begin(), o.inputs.end(), "-") != o.inputs.end();
    if (!o.stdin_filename.empty() && !reads_stdin)
        return usage("--stdin-filename names the input `-`, and there is none");
    if (o.stdin_filename.size() >= 5 && o.stdin_filename.compare(o.stdin_filename.size() - 5, 5, ".toml") == 0)
        return usage("--stdin-filename " + o.stdin_filename + ": standard input is read as keepalived.conf, not TOML");
    if (!o.no_policy) {
        std::optional<std::string> found;
        if (!o.config.empty()) found = o.config;
        else if (!o.stdin_filename.empty() && o.inputs.front() == "-") found = driver::find_policy({o.stdin_filename});
        else found = driver::find_policy(o.inputs);
        if (auto p = found) {
            driver::PolicyFile pf;
            if (!driver::load_policy(s.ws, *p, pf)) {
                std::cerr << "havip-lint: cannot use policy " << *p << "\n";
                diag::render_gnu(std::cerr, s.ws.sm, s.ws.diags.items);
                return 2;
            }
            for (const auto& c : pf.ignore) s.policy.severity[c] = diag::Severity::Off;
            for (const auto& [c, lvl] : pf.severity) {
                diag::Severity sev;
                if (!diag::parse_severity(lvl, sev)) return usage(*p + ": bad severity `" + lvl + "` for " + c);
                s.policy.severity[c] = sev;
            }
            if (!pf.failure_threshold.empty() && !set_threshold(pf.failure_threshold, s.policy))
                return usage(*p + ": bad failure_threshold `" + pf.failure_threshold + "`");
            if (!pf.target_keepalived.empty()) {
                auto v = model::Version::parse(pf.target_keepalived);
                if (!v) return usage(*p + ": bad target_keepalived `" + pf.target_keepalived + "`");
                s.lint.target_keepalived = *v;
            }
            for (const auto& sn : pf.subnets)
                if (!add_subnet(sn, s.lint)) return usage(*p + ": bad subnet `" + sn + "`");
            if (pf.werror) s.policy.werror = *pf.werror;
            policy_inventory = pf.inventory;
        }
    }
    for (const auto& c : o.ignore) s.policy.severity[c] = diag::Severity::Off;
    for (const auto& kv : o.severity) {
        auto eq = kv.find('=');
        diag::Severity sev;
        if (eq == std::string::npos || !diag::parse_severity(kv.substr(eq + 1), sev))
            return usage("--severity takes CODE=error|warning|info|off, got `" + kv + "`");
        s.policy.severity[kv.substr(0, eq)] = sev;
    }
    if (!o.failure_threshold.empty()) set_threshold(o.failure_threshold, s.policy);
    if (o.werror) s.policy.werror = true;
    if (!o.target_keepalived.empty()) {
        auto v = model::Version::parse(o.target_keepalived);
        if (!v) return usage("--target-keepalived takes X.Y.Z, got `" + o.target_keepalived + "`");
        s.lint.target_keepalived = *v;
    }
    for (const auto& sn : o.subnets)
        if (!add_subnet(sn, s.lint)) return usage("--subnet takes a CIDR like 10.0.0.0/24, got `" + sn + "`");
    const std::string& inventory = o.inventory.empty() ? policy_inventory : o.inventory;
    if (!inventory.empty()) {
        if (!driver::load_inventory(s.ws, inventory, s.lint.inventory)) {
            diag::render_gnu(std::cerr, s.ws.sm, s.ws.diags.items);
            return usage("cannot use inventory " + inventory);
        }
    }
    s.lint.havipd_target = o.havipd;
    s.lint.havip_per_eni_limit = o.havip_per_eni;
    s.lint.check_scripts_on_host = o.check_scripts;

    driver::LoadOptions lo;
    lo.config_id = o.config_id;
    lo.node_name = o.node;
    lo.stdin_name = o.stdin_filename;
    driver::load(s.ws, files, lo);
    for (const auto& f : files)
        s.inputs.push_back(f != "-" ? f : o.stdin_filename.empty() ? "<stdin>" : o.stdin_filename);
    return 0;
}

void run_lint(const CommonOptions&, Session& s) {
    diag::DiagList rules;
    lint::run(s.ws.fleet, s.ws.sm, s.lint, s.policy, rules);
    auto& out = s.findings.items;
    // Front-end findings: a policy may quieten a warning (HV003) but never an error.
    for (auto d : s.ws.diags.items) {
        auto it = s.policy.severity.find(d.code);
        if (it != s.policy.severity.end() && d.severity != diag::Severity::Error) d.severity = it->second;
        if (d.severity != diag::Severity::Off) out.push_back(std::move(d));
    }
    for (auto& d : rules.items) out.push_back(std::move(d));
    std::stable_sort(out.begin(), out.end(), [](const diag::Diagnostic& a, const diag::Diagnostic& b) {
        auto sa = a.primary_span(), sb = b.primary_span();
        if (sa.file != sb.file) return sa.file < sb.file;
        if (sa.begin != sb.begin) return sa.begin < sb.begin;
        return a.code < b.code;
    });
}

void render(std::ostream& os, const std::string& format, const Session& s, bool color) {
    diag::RenderOptions ro;
    ro.color = color;
    ro.tool_version = kVersion;
    const auto& ds = s.findings.items;
    if (format == "gnu") diag::render_gnu(os, s.ws.sm, ds);
    else if (format == "github") diag::render_github(os, s.ws.sm, ds);
    else if (format == "json") diag::render_json(os, s.ws.sm, ds, lint::rule_infos(), ro);
    else if (format == "sarif") diag::render_sarif(os, s.ws.sm, ds, lint::rule_infos(), ro);
    else if (format == "gitlab") diag::render_gitlab(os, s.ws.sm, ds);
    else if (format == "junit") diag::render_junit(os, s.ws.sm, ds, s.inputs);
    else diag::render_human(os, s.ws.sm, ds, ro);
}

int exit_code(const Session& s) {
    auto threshold = s.policy.werror ? std::min(s.policy.failure_threshold, diag::Severity::Warning)
                                     : s.policy.failure_threshold;
    return s.findings.count(threshold) ? 1 : 0;
}

bool use_color(const CommonOptions& o, int fd) {
    if (o.color == "always") return true;
    if (o.color == "never") return false;
    const char* nc = std::getenv("NO_COLOR");
    if (nc && *nc) return false;
    return isatty(fd) == 1;
}

void print_rule_list(std::ostream& os) {
    for (const auto& r : lint::rule_infos())
        os << r.code << "  " << r.slug << std::string(r.slug.size() < 24 ? 24 - r.slug.size() : 1, ' ')
           << diag::to_string(r.default_severity) << "  " << r.summary << "\n";
}

}  // namespace havip::cli
