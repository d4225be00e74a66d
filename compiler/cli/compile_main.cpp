// SPDX-License-Identifier: MIT
// havip-compile: lints, then turns each node of a clean configuration into a
// binary plan (NODE.hvp), or emits keepalived.conf, havip.toml or JSON.
// Exit: 0 written, 1 findings stopped it, 2 usage or I/O error.
// --diff OLD.hvp NEW.hvp: 0 no change, 1 changes, 2 unreadable or corrupt plan.
#include <unistd.h>

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/common.hpp"
#include "base/completion_cli11.hpp"
#include "cli/compile_diff.hpp"
#include "cli/compile_summary.hpp"
#include "cli/compile_toml_losses.hpp"
#include "base/atomic_write.hpp"
#include "emit/json_writer.hpp"
#include "emit/plan_writer.hpp"
#include "emit/toml_writer.hpp"
#include "lint/cluster.hpp"
#include "model/dump.hpp"
#include "plan/loader.hpp"

using namespace havip;
namespace fs = std::filesystem;

namespace {

int dump_or_verify(const std::string& path, bool dump) {
    auto bytes = plan::read_plan_file(path);
    if (!bytes) {
        std::cerr << "havip-compile: " << bytes.error().message << "\n";
        return 2;
    }
    auto view = plan::PlanView::load(*bytes);
    if (!view) {
        std::cerr << "havip-compile: " << path << ": " << view.error().message << "\n";
        return 2;
    }
    if (dump)
        std::cout << plan::disassemble(*view);
    else
        std::cout << path << ": ok (" << bytes->size() << " bytes, " << view->instance_count() << " instance"
                  << (view->instance_count() == 1 ? "" : "s") << ")\n";
    return 0;
}

bool write_text(const std::string& path, const std::string& text) {
    if (base::Status st = base::write_file_atomic(path, text); !st) {
        std::cerr << "havip-compile: " << st.message() << "\n";
        return false;
    }
    return true;
}

/// The model holds VRRP (global_defs, vrrp_script, vrrp_sync_group,
/// vrrp_instance); other top-level blocks of a .conf input (virtual_server,
/// static_routes…) cannot be written back, so say so instead of dropping them
/// silently.
void warn_dropped_blocks(const model::Node& n, const std::string& text) {
    std::vector<std::string> warned;
    for (const auto& k : n.keywords) {
        const std::string kw(k.keyword());
        if (!k.block().empty() || kw.empty()) continue;
        if (text.find("\n" + kw + " ") != std::string::npos || text.find("\n" + kw + "\n") != std::string::npos)
            continue;
        if (std::find(warned.begin(), warned.end(), kw) != warned.end()) continue;
        warned.push_back(kw);
        std::cerr << "havip-compile: warning: node " << n.name << ": `" << kw
                  << "` is not carried into the emitted keepalived.conf (only VRRP configuration is)\n";
    }
}

bool make_dir(const std::string& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) std::cerr << "havip-compile: " << dir << ": " << ec.message() << "\n";
    return !ec;
}

/// Builds and verifies every node's plan, then writes them all: a run that
/// fails on one node writes none, and each file is replaced atomically.
int emit_plans(const cli::Session& s, const std::string& out_dir, bool quiet) {
    const auto& fleet = s.ws.fleet;
    if (!fleet.twins.empty()) {  // HV120 turned off by the policy
        const auto& name = fleet.twins.front().name;
        std::cerr << "havip-compile: two nodes are named `" << name << "`; both would write " << name
                  << ".hvp (compile them separately, or use --node)\n";
        return 1;
    }
    std::vector<cli::CompiledNode> nodes(fleet.nodes.size());  // sized once: views point into bytes
    for (std::size_t i = 0; i < fleet.nodes.size(); ++i) {
        const auto& n = fleet.nodes[i];
        if (n.instances.empty()) {
            // A plan without an instance loads and runs, doing nothing: refused.
            std::cerr << "havip-compile: node " << n.name
                      << " has no vrrp_instance: nothing to compile (a plan must hold at least one)\n";
            return 1;
        }
        auto& c = nodes[i];
        c.node = &n;
        emit::PlanMeta meta;
        meta.compiler_version = std::string("havip ") + cli::kVersion;
        meta.source_digest = emit::config_digest(n);
        std::string err;
        c.bytes = emit::write_plan(n, meta, &err);
        if (c.bytes.empty()) {
            std::cerr << "havip-compile: " << n.name << ": cannot build a plan: " << err << "\n";
            return 1;
        }
        auto v = plan::PlanView::load(c.bytes);
        if (!v) {  // the writer and the loader disagree: a bug, never the user's input
            std::cerr << "havip-compile: " << n.name
                      << ": internal error: the plan does not verify: " << v.error().message << "\n";
            return 2;
        }
        c.view = *v;
        c.path = (fs::path(out_dir) / (n.name + ".hvp")).string();
    }
    if (!make_dir(out_dir)) return 2;
    for (const auto& c : nodes) {
        if (base::Status st = base::write_file_atomic(c.path, c.bytes); !st) {
            std::cerr << "havip-compile: " << st.message() << "\n";
            return 2;
        }
    }
    if (!quiet) {
        const auto topo = lint::build_topology(fleet, s.lint.inventory, s.lint.subnets);
        for (std::size_t i = 0; i < nodes.size(); ++i) cli::print_summary(std::cout, nodes, i, topo);
    }
    return 0;
}

/// --emit toml: one havip.toml per cluster, named after it.
int emit_toml(const cli::Session& s, const std::string& out_dir) {
    const auto& fleet = s.ws.fleet;
    auto topo = lint::build_topology(fleet, s.lint.inventory, s.lint.subnets);
    for (const auto& c : topo.clusters) {
        std::vector<emit::ClusterMember> members;
        for (auto r : c.members) members.push_back({&fleet.nodes[r.node], &fleet.nodes[r.node].instances[r.inst]});
        auto text = emit::cluster_toml(members, c.subnet ? c.subnet->str() : "");
        auto name = members.front().node->cluster.name.empty() ? members.front().instance->name
                                                               : members.front().node->cluster.name;
        // Nothing is dropped unsaid: what the TOML cannot carry is named.
        for (const auto& lost : cli::toml_losses(members, text))
            std::cerr << "havip-compile: warning: cluster `" << name << "`: " << lost
                      << ": not carried into havip.toml (it has no form for them; keep keepalived.conf for this "
                         "cluster, or add them back by hand)\n";
        if (out_dir.empty())
            std::cout << text;
        else if (!write_text((fs::path(out_dir) / (name + ".toml")).string(), text))
            return 2;
    }
    return 0;
}

/// --emit keepalived / json: one text per node (NODE.conf, NODE.json), or all on
/// standard output (JSON: one array).
int emit_node_texts(const model::Fleet& fleet, const std::string& emit, const std::string& out_dir) {
    if (emit == "json" && out_dir.empty()) std::cout << "[";
    bool first = true;
    for (const auto& n : fleet.nodes) {
        if (emit == "keepalived") {
            auto text =
                "# keepalived.conf of node " + n.name + ", written by havip-compile\n" + model::dump_keepalived(n);
            warn_dropped_blocks(n, text);
            if (out_dir.empty())
                std::cout << text;
            else if (!write_text((fs::path(out_dir) / (n.name + ".conf")).string(), text))
                return 2;
        } else if (emit == "json") {
            auto text = emit::node_json(n);
            if (out_dir.empty())
                std::cout << (first ? "" : ",\n") << text;
            else if (!write_text((fs::path(out_dir) / (n.name + ".json")).string(), text + "\n"))
                return 2;
        }
        first = false;
    }
    if (emit == "json" && out_dir.empty()) std::cout << "]\n";
    return 0;
}

/// Every --emit but plans, once the lint is clean.
int emit_texts(const cli::Session& s, const std::string& emit, const std::string& out_dir) {
    const auto& fleet = s.ws.fleet;
    if (!fleet.twins.empty()) {  // HV120 turned off by the policy
        std::cerr << "havip-compile: two nodes are named `" << fleet.twins.front().name
                  << "` (compile them separately, or use --node)\n";
        return 1;
    }
    if (emit == "keepalived" && out_dir.empty() && fleet.nodes.size() > 1)
        return cli::usage("--emit keepalived of " + std::to_string(fleet.nodes.size()) +
                          " nodes needs -o DIR (one NODE.conf each); standard output takes one node");
    if (!out_dir.empty() && !make_dir(out_dir)) return 2;
    if (emit == "toml") return emit_toml(s, out_dir);
    return emit_node_texts(fleet, emit, out_dir);
}

/// The command line.
struct Args {
    cli::CommonOptions common;
    std::string out_dir, emit = "plan", format = "human", dump_file, verify_file, completion;
    std::vector<std::string> diff_files;
    bool quiet = false;
    CLI::Option* emit_opt = nullptr;
    CLI::Option* format_opt = nullptr;
};

void add_options(CLI::App& app, Args& a) {
    cli::add_common_options(app, a.common);
    app.add_option("-o,--output", a.out_dir, "output directory (plans: required; others: default standard output)");
    a.emit_opt = app.add_option("--emit", a.emit, "plan (default), keepalived, toml, json")
                     ->check(CLI::IsMember({"plan", "keepalived", "toml", "json"}));
    a.format_opt =
        app.add_option("--format,-f", a.format, "diagnostics: human, gnu, json, sarif, github, gitlab, junit")
            ->check(CLI::IsMember({"human", "gnu", "json", "sarif", "github", "gitlab", "junit"}));
    app.add_option("--dump", a.dump_file, "print a readable disassembly of a plan and exit");
    app.add_option("--verify", a.verify_file, "check a plan: exit 0 when it loads, 2 with the reason");
    app.add_option("--diff", a.diff_files,
                   "OLD.hvp NEW.hvp: what havipd's reload would do to each instance (exit 0 no change, 1 changes)")
        ->expected(2);
    app.add_flag("-q,--quiet", a.quiet, "no per-node summary");
    base::add_completion_option(app, a.completion);
}

/// --diff compares two plans and does nothing else.
int diff_mode(const Args& a) {
    if (!a.dump_file.empty() || !a.verify_file.empty())
        return cli::usage("--diff cannot be combined with --dump or --verify");
    if (!a.common.inputs.empty()) return cli::usage("--diff reads two plans; it takes no inputs");
    if (a.emit_opt->count() > 0) return cli::usage("--diff cannot be combined with --emit");
    if (!a.out_dir.empty()) return cli::usage("--diff cannot be combined with -o");
    if (a.format_opt->count() > 0 && a.format != "human" && a.format != "json")
        return cli::usage("--diff prints human or json, not " + a.format);
    return cli::finish(cli::diff_plan_files(a.diff_files[0], a.diff_files[1], a.format));
}

/// --dump and --verify read one plan and do nothing else: any other request
/// would be silently ignored, so it is refused.
int dump_or_verify_mode(const Args& a) {
    const char* which = !a.dump_file.empty() ? "--dump" : "--verify";
    if (!a.dump_file.empty() && !a.verify_file.empty()) return cli::usage("give --dump or --verify, not both");
    if (!a.common.inputs.empty()) return cli::usage(std::string(which) + " reads one plan; it takes no inputs");
    if (a.emit_opt->count() > 0) return cli::usage(std::string(which) + " cannot be combined with --emit");
    if (!a.out_dir.empty()) return cli::usage(std::string(which) + " cannot be combined with -o");
    if (a.format_opt->count() > 0) return cli::usage(std::string(which) + " cannot be combined with --format");
    return cli::finish(dump_or_verify(!a.dump_file.empty() ? a.dump_file : a.verify_file, !a.dump_file.empty()));
}

/// Lint the inputs, then emit what was asked for when no error stopped it.
int compile(Args& a) {
    if (a.emit == "plan" && a.out_dir.empty()) {
        std::cerr << "havip-compile: plans need an output directory (-o DIR)\n";
        return 2;
    }
    cli::Session s;
    if (a.emit == "plan") a.common.havipd = true;  // a plan only holds what havipd runs
    if (int rc = cli::prepare(a.common, s); rc != 0) return rc;
    cli::run_lint(a.common, s);
    cli::render(std::cerr, a.format, s, cli::use_color(a.common, STDERR_FILENO));
    if (cli::exit_code(s) != 0 || s.findings.count(diag::Severity::Error)) {
        if (!s.io_error.empty()) return cli::usage(s.io_error);
        std::cerr << "havip-compile: not emitting: fix the errors above first\n";
        return 1;
    }
    if (!s.io_error.empty()) return cli::usage(s.io_error);
    if (a.emit == "plan") return cli::finish(emit_plans(s, a.out_dir, a.quiet));
    const int rc = emit_texts(s, a.emit, a.out_dir);
    return rc == 0 ? cli::finish(0) : rc;
}

}  // namespace

int main(int argc, char** argv) try {
    cli::set_program("havip-compile");
    CLI::App app{"havip-compile: lint, then compile each node to a binary plan (or emit keepalived.conf, toml, json)"};
    app.set_version_flag("--version", std::string("havip-compile ") + cli::kVersion);
    Args a;
    add_options(app, a);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? cli::finish(0) : 2;
    }
    if (base::print_completion(std::cout, app, "havip-compile", a.completion)) return cli::finish(0);
    if (!a.diff_files.empty()) return diff_mode(a);
    if (!a.dump_file.empty() || !a.verify_file.empty()) return dump_or_verify_mode(a);
    return compile(a);
} catch (const std::exception& e) {  // out of memory, or a library's surprise: an error, not an abort
    std::fprintf(stderr, "havip-compile: error: %s\n", e.what());
    return 2;
} catch (...) {
    std::fprintf(stderr, "havip-compile: error: unexpected exception\n");
    return 2;
}
