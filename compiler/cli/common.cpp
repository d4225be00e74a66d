// SPDX-License-Identifier: MIT
#include "cli/common.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "diag/render.hpp"
#include "source/parallel.hpp"

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
    app.add_option("--config", o.config,
                   "policy file to use instead of the .havip-lint.toml found from the first input")
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
    app.add_option("--max-findings", o.max_findings,
                   "show at most N findings per file and per run (default 100 per file, 1000 per run; 0: all)")
        ->check(CLI::Range(0L, 100000000L));
    app.add_option("-j,--jobs", o.jobs,
                   "threads to read and check the inputs with (default: one per core; the output is the same)")
        ->check(CLI::Range(1u, 256u));
}

namespace {
const char* g_program = "havip-lint";
}

void set_program(const char* name) { g_program = name; }
const char* program() { return g_program; }

int usage(const std::string& msg) {
    std::cerr << g_program << ": " << msg << "\n";
    return 2;
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

/// A code (HV211) or a slug (standing-mode), exactly as --list-rules prints it.
bool is_rule_code(const std::string& code) {
    for (const auto& r : lint::rule_infos())
        if (r.code == code || r.slug == code) return true;
    return false;
}

/// A diagnostic of an input that could not be read at all: HV002 without a
/// place in a file (an unreadable include has one, and is a finding).
bool is_io_error(const diag::Diagnostic& d) { return d.code == "HV002" && !d.primary_span().valid(); }

/// The options that need no file: inputs given, --node with one input, known codes.
int check_options(const CommonOptions& o) {
    if (o.inputs.empty()) return usage("no inputs (give files, directories, or - for stdin; see --help)");
    if (!o.node.empty() && o.inputs.size() != 1)
        return usage("--node names the node of a single .conf input, but " + std::to_string(o.inputs.size()) +
                     " inputs were given");
    for (const auto& c : o.ignore)
        if (!is_rule_code(c)) return usage("--ignore: `" + c + "` is not a rule code (see --list-rules)");
    for (const auto& kv : o.severity) {
        auto eq = kv.find('=');
        if (eq != std::string::npos && !is_rule_code(kv.substr(0, eq)))
            return usage("--severity: `" + kv.substr(0, eq) + "` is not a rule code (see --list-rules)");
    }
    return 0;
}

/// The threads --jobs asks for (0: one per core).
unsigned jobs_of(const CommonOptions& o) { return o.jobs == 0 ? source::default_jobs() : o.jobs; }

/// The files the inputs name (driver::collect), or 2 with the reasons printed.
int collect_files(const CommonOptions& o, std::vector<std::string>& files) {
    std::vector<std::string> errors;
    files = driver::collect(o.inputs, errors, jobs_of(o));
    for (const auto& e : errors) std::cerr << g_program << ": " << e << "\n";
    if (!errors.empty()) return 2;
    if (files.empty()) return usage("no keepalived.conf or havip.toml files found in the inputs");
    if (!o.node.empty() && files.size() != 1)
        return usage("--node names the node of a single .conf input, but " + o.inputs.front() + " holds " +
                     std::to_string(files.size()) + " files");
    return 0;
}

int check_stdin_name(const CommonOptions& o) {
    const bool reads_stdin = std::find(o.inputs.begin(), o.inputs.end(), "-") != o.inputs.end();
    if (!o.stdin_filename.empty() && !reads_stdin)
        return usage("--stdin-filename names the input `-`, and there is none");
    if (o.stdin_filename.size() >= 5 && o.stdin_filename.compare(o.stdin_filename.size() - 5, 5, ".toml") == 0)
        return usage("--stdin-filename " + o.stdin_filename + ": standard input is read as keepalived.conf, not TOML");
    return 0;
}

/// The settings of policy file `p` into the session; its inventory to `inventory`.
int use_policy(const std::string& p, const driver::PolicyFile& pf, Session& s, std::string& inventory) {
    for (const auto& c : pf.ignore) s.policy.severity[c] = diag::Severity::Off;
    for (const auto& [c, lvl] : pf.severity) {
        diag::Severity sev;
        if (!diag::parse_severity(lvl, sev)) return usage(fmt::format("{}: bad severity `{}` for {}", p, lvl, c));
        s.policy.severity[c] = sev;
    }
    if (!pf.failure_threshold.empty() && !set_threshold(pf.failure_threshold, s.policy))
        return usage(p + ": bad failure_threshold `" + pf.failure_threshold + "`");
    if (!pf.target_keepalived.empty()) {
        auto v = model::Version::parse(pf.target_keepalived);
        if (!v) return usage(p + ": bad target_keepalived `" + pf.target_keepalived + "`");
        s.lint.target_keepalived = *v;
    }
    for (const auto& sn : pf.subnets)
        if (!add_subnet(sn, s.lint)) return usage(fmt::format("{}: bad subnet `{}`", p, sn));
    if (pf.werror) s.policy.werror = *pf.werror;
    inventory = pf.inventory;
    return 0;
}

/// The policy file (--config, or .havip-lint.toml found from the first input), unless --no-policy.
int read_policy(const CommonOptions& o, Session& s, std::string& inventory) {
    if (o.no_policy) return 0;
    std::optional<std::string> found;
    if (!o.config.empty())
        found = o.config;
    else if (!o.stdin_filename.empty() && o.inputs.front() == "-")
        found = driver::find_policy({o.stdin_filename});
    else
        found = driver::find_policy(o.inputs);
    if (!found) return 0;
    driver::PolicyFile pf;
    if (!driver::load_policy(s.ws, *found, pf)) {
        std::cerr << g_program << ": cannot use policy " << *found << "\n";
        diag::render_gnu(std::cerr, s.ws.sm, s.ws.diags.items);
        return 2;
    }
    return use_policy(*found, pf, s, inventory);
}

/// The command line on top of the policy file.
int use_command_line(const CommonOptions& o, Session& s) {
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
    s.lint.havipd_target = o.havipd;
    s.lint.havip_per_eni_limit = o.havip_per_eni;
    s.lint.check_scripts_on_host = o.check_scripts;
    return 0;
}

int read_inventory(const std::string& inventory, Session& s) {
    if (inventory.empty() || driver::load_inventory(s.ws, inventory, s.lint.inventory)) return 0;
    diag::render_gnu(std::cerr, s.ws.sm, s.ws.diags.items);
    return usage("cannot use inventory " + inventory);
}

/// Reads every file. Memory stays flat whatever the inputs hold: the front end
/// keeps a few times what can be shown (room for repeats to collapse) and counts
/// the rest; a code the policy turns off is not kept at all (errors cannot be turned off).
void load_files(const CommonOptions& o, const std::vector<std::string>& files, Session& s) {
    if (s.per_file != 0) s.ws.diags.set_caps(4 * s.per_file, s.per_run == 0 ? 0 : 4 * s.per_run);
    s.ws.diags.discard = [&pol = s.policy](const diag::Diagnostic& d) {
        auto it = pol.severity.find(d.code);
        return it != pol.severity.end() && it->second == diag::Severity::Off && d.severity != diag::Severity::Error;
    };
    driver::LoadOptions lo;
    lo.config_id = o.config_id;
    lo.node_name = o.node;
    lo.stdin_name = o.stdin_filename;
    lo.jobs = jobs_of(o);
    s.lint.jobs = lo.jobs;
    driver::load(s.ws, files, lo);
    s.ws.diags.discard = nullptr;
    for (const auto& f : files)
        s.inputs.push_back(f != "-" ? f : o.stdin_filename.empty() ? "<stdin>" : o.stdin_filename);
}

}  // namespace

int prepare(const CommonOptions& o, Session& s) {
    if (int rc = check_options(o)) return rc;
    if (o.max_findings >= 0) s.per_file = s.per_run = static_cast<std::size_t>(o.max_findings);
    std::vector<std::string> files;
    if (int rc = collect_files(o, files)) return rc;
    if (int rc = check_stdin_name(o)) return rc;
    // Policy file first, then the command line on top of it.
    std::string policy_inventory;
    if (int rc = read_policy(o, s, policy_inventory)) return rc;
    if (int rc = use_command_line(o, s)) return rc;
    if (int rc = read_inventory(o.inventory.empty() ? policy_inventory : o.inventory, s)) return rc;
    load_files(o, files, s);
    // An input that could not be read is refused as collect refuses one (a
    // walk leaves a plain .conf file's checks to the read): nothing is linted.
    for (const auto& e : s.ws.input_errors) std::cerr << g_program << ": " << e << "\n";
    return s.ws.input_errors.empty() ? 0 : 2;
}

void run_lint(const CommonOptions&, Session& s) {
    diag::DiagList rules;
    if (s.per_file != 0) rules.set_caps(4 * s.per_file, s.per_run == 0 ? 0 : 4 * s.per_run);
    lint::run(s.ws.fleet, s.ws.sm, s.lint, s.policy, rules);
    auto& out = s.findings.items;
    // Front-end findings: a policy may quieten a warning (HV003) but never an error.
    auto relevel = [&](const std::string& code, diag::Severity sev) {
        auto it = s.policy.severity.find(code);
        return it != s.policy.severity.end() && sev != diag::Severity::Error ? it->second : sev;
    };
    for (auto d : s.ws.diags.items) {
        if (is_io_error(d)) {
            if (s.io_error.empty()) s.io_error = d.message;
            continue;
        }
        d.severity = relevel(d.code, d.severity);
        if (d.severity != diag::Severity::Off) out.push_back(std::move(d));
    }
    for (const auto& [k, n] : s.ws.diags.dropped) {
        auto sev = relevel(k.first, k.second);
        if (sev != diag::Severity::Off) s.findings.dropped[{k.first, sev}] += n;
    }
    for (auto& d : rules.items) out.push_back(std::move(d));
    for (const auto& [k, n] : rules.dropped) s.findings.dropped[k] += n;
    std::stable_sort(out.begin(), out.end(), [](const diag::Diagnostic& a, const diag::Diagnostic& b) {
        auto sa = a.primary_span(), sb = b.primary_span();
        if (sa.file != sb.file) return sa.file < sb.file;
        if (sa.begin != sb.begin) return sa.begin < sb.begin;
        return a.code < b.code;
    });

    // Repeats of one finding on one line (the same code and message) are shown
    // once with a note; past the caps findings are only counted.
    std::vector<diag::Diagnostic> shown;
    std::map<source::FileId, std::size_t> per_file;
    std::size_t i = 0;
    while (i < out.size()) {
        auto& d = out[i];
        const auto sp = d.primary_span();
        const auto line = sp.valid() ? s.ws.sm.line_col(sp.file, sp.begin).line : 0;
        std::size_t j = i + 1;
        while (j < out.size() && out[j].code == d.code && out[j].message == d.message &&
               out[j].severity == d.severity && out[j].primary_span().file == sp.file &&
               (sp.valid() ? s.ws.sm.line_col(sp.file, out[j].primary_span().begin).line == line : true))
            ++j;
        const std::size_t repeats = j - i - 1;
        auto& n = per_file[sp.file];
        if ((s.per_file != 0 && n >= s.per_file) || (s.per_run != 0 && shown.size() >= s.per_run)) {
            s.findings.drop(d, j - i);
            s.omitted += j - i;
        } else {
            ++n;
            if (repeats > 0) {
                d.notes.push_back("the same finding " + std::to_string(repeats) + " more time" +
                                  (repeats == 1 ? "" : "s") + " on this line, not shown");
                s.findings.drop(d, repeats);
            }
            diag::clip(d, kMaxFindingText);
            shown.push_back(std::move(d));
        }
        i = j;
    }
    out = std::move(shown);
    // Counted by the front end or the rules but never kept.
    for (const auto& [k, n] : s.ws.diags.dropped)
        s.omitted += relevel(k.first, k.second) != diag::Severity::Off ? n : 0;
    for (const auto& [k, n] : rules.dropped) s.omitted += n;
}

void render(std::ostream& os, const std::string& format, const Session& s, bool color) {
    render(os, format, s, color, true);
}

void render(std::ostream& os, const std::string& format, const Session& s, bool color, bool summary) {
    diag::RenderOptions ro;
    ro.color = color;
    ro.tool_version = kVersion;
    ro.summary = summary;
    // The summary counts every finding, shown or not; "not shown" are those
    // past the caps (repeats have their note).
    for (const auto& [k, n] : s.findings.dropped) {
        if (k.second == diag::Severity::Error)
            ro.omitted_errors += n;
        else if (k.second == diag::Severity::Warning)
            ro.omitted_warnings += n;
        else if (k.second == diag::Severity::Info)
            ro.omitted_infos += n;
    }
    const auto& ds = s.findings.items;
    if (format == "gnu")
        diag::render_gnu(os, s.ws.sm, ds);
    else if (format == "github")
        diag::render_github(os, s.ws.sm, ds);
    else if (format == "json")
        diag::render_json(os, s.ws.sm, ds, lint::rule_infos(), ro);
    else if (format == "sarif")
        diag::render_sarif(os, s.ws.sm, ds, lint::rule_infos(), ro);
    else if (format == "gitlab")
        diag::render_gitlab(os, s.ws.sm, ds);
    else if (format == "junit")
        diag::render_junit(os, s.ws.sm, ds, s.inputs);
    else {
        if (s.omitted > 0) {
            ro.not_shown = s.omitted;
            ro.omitted_hint = "--max-findings " + std::to_string(s.per_run) + " per run, " +
                              std::to_string(s.per_file) + " per file; raise it to see them";
        }
        diag::render_human(os, s.ws.sm, ds, ro);
        return;
    }
    if (s.omitted > 0)
        std::cerr << g_program << ": " << s.omitted << " more finding" << (s.omitted == 1 ? "" : "s")
                  << " not shown (--max-findings " << s.per_run << " per run, " << s.per_file
                  << " per file; raise it to see them)\n";
}

int exit_code(const Session& s) {
    if (!s.io_error.empty()) return 2;
    // An input read back to show a finding that no longer holds what was checked.
    const auto changed = s.ws.sm.changed_files();
    for (const auto& f : changed) std::cerr << g_program << ": " << f << ": changed while it was checked; run again\n";
    if (!changed.empty()) return 2;
    auto threshold =
        s.policy.werror ? std::min(s.policy.failure_threshold, diag::Severity::Warning) : s.policy.failure_threshold;
    return s.findings.count(threshold) ? 1 : 0;
}

bool use_color(const CommonOptions& o, int fd) {
    if (o.color == "always") return true;
    if (o.color == "never") return false;
    const char* nc = std::getenv("NO_COLOR");
    if (nc && *nc) return false;
    const char* term = std::getenv("TERM");
    if (!term || !*term || std::string_view(term) == "dumb") return false;
    return isatty(fd) == 1;
}

void print_rule_list(std::ostream& os) {
    // Columns as wide as their longest entry, so every row lines up.
    const auto rules = lint::rule_infos();
    std::size_t slug_w = 0, sev_w = 0;
    for (const auto& r : rules) {
        slug_w = std::max(slug_w, r.slug.size());
        sev_w = std::max(sev_w, std::string_view(diag::to_string(r.default_severity)).size());
    }
    for (const auto& r : rules) {
        const std::string sev = diag::to_string(r.default_severity);
        os << r.code << "  " << r.slug << std::string(slug_w - r.slug.size() + 2, ' ') << sev
           << std::string(sev_w - sev.size() + 2, ' ') << r.summary << "\n";
    }
}

int finish(int rc) {
    // A failed write sets the stream's badbit (and errno); a write that only
    // fails when the buffer is flushed shows up here.
    errno = 0;
    std::cout.flush();
    int e = errno;
    bool bad = !std::cout.good();
    if (std::fflush(stdout) != 0) {
        bad = true;
        e = errno;
    }
    if (std::ferror(stdout)) bad = true;
    if (bad) {
        std::cerr << g_program << ": cannot write standard output: " << (e ? std::strerror(e) : "write error") << "\n";
        return 2;
    }
    return rc;
}

}  // namespace havip::cli
