// SPDX-License-Identifier: MIT
// havip-compile: lints, then turns each node of a clean configuration into a
// binary plan (NODE.hvp), or emits keepalived.conf, havip.toml or JSON.
// Exit: 0 written, 1 findings stopped it, 2 usage or I/O error.
#include <unistd.h>

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/common.hpp"
#include "emit/atomic_write.hpp"
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
    if (dump) std::cout << plan::disassemble(*view);
    else std::cout << path << ": ok (" << bytes->size() << " bytes, " << view->instance_count() << " instances)\n";
    return 0;
}

/// Master_Down_Interval of a backup (µs): 3 × advert + skew (RFC 3768 / 5798).
std::uint64_t master_down_us(const model::Instance& in) {
    std::uint64_t adv = in.advert_int_us.value;
    std::uint64_t prio = static_cast<std::uint64_t>(std::clamp(in.priority.value, 1, 255));
    std::uint64_t skew = in.version.value == 3 ? (256 - prio) * adv / 256 : (256 - prio) * 1000000 / 256;
    return 3 * adv + skew;
}

std::uint64_t skew_us(const model::Instance& in) { return master_down_us(in) - 3 * in.advert_int_us.value; }

void summary(std::ostream& os, const model::Node& n, const std::string& out, std::size_t size) {
    std::size_t vips = 0;
    for (const auto& in : n.instances) vips += in.vips.size();
    os << fmt::format("{}: {} ({} bytes), {} instance{}, {} VIP{}\n", n.name, out, size, n.instances.size(),
                      n.instances.size() == 1 ? "" : "s", vips, vips == 1 ? "" : "s");
    for (const auto& in : n.instances)
        os << fmt::format(
            "  {}: vrid {}, priority {}, advert {:.2f} s; as backup takes over {:.3f} s after a silent "
            "master death (3 x advert + skew {:.3f} s), {:.3f} s after a graceful stop\n",
            in.name, in.vrid.value, in.priority.value, in.advert_int_us.value / 1e6, master_down_us(in) / 1e6,
            skew_us(in) / 1e6, skew_us(in) / 1e6);
}

bool write_text(const std::string& path, const std::string& text) {
    std::string err;
    if (!emit::write_file_atomic(path, std::as_bytes(std::span(text.data(), text.size())), err)) {
        std::cerr << "havip-compile: " << err << "\n";
        return false;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"havip-compile: lint, then compile each node to a binary plan (or emit keepalived.conf, toml, json)"};
    app.set_version_flag("--version", std::string("havip-compile ") + cli::kVersion);
    cli::CommonOptions common;
    cli::add_common_options(app, common);
    std::string out_dir, emit = "plan", format = "human", dump_file, verify_file;
    bool quiet = false;
    app.add_option("-o,--output", out_dir, "output directory (plans: required; others: default standard output)");
    app.add_option("--emit", emit, "plan (default), keepalived, toml, json")
        ->check(CLI::IsMember({"plan", "keepalived", "toml", "json"}));
    app.add_option("--format,-f", format, "diagnostics: human, gnu, json, sarif, github")
        ->check(CLI::IsMember({"human", "gnu", "json", "sarif", "github"}));
    app.add_option("--dump", dump_file, "print a readable disassembly of a plan and exit");
    app.add_option("--verify", verify_file, "check a plan: exit 0 when it loads, 2 with the reason");
    app.add_flag("-q,--quiet", quiet, "no per-node summary");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    }
    if (!dump_file.empty()) return dump_or_verify(dump_file, true);
    if (!verify_file.empty()) return dump_or_verify(verify_file, false);
    if (emit == "plan" && out_dir.empty()) {
        std::cerr << "havip-compile: plans need an output directory (-o DIR)\n";
        return 2;
    }

    cli::Session s;
    if (emit == "plan") common.havipd = true;  // a plan only holds what havipd runs
    if (int rc = cli::prepare(common, s); rc != 0) return rc;
    cli::run_lint(common, s);
    cli::render(std::cerr, format, s, cli::use_color(common, STDERR_FILENO));
    if (cli::exit_code(s) != 0 || s.findings.count(diag::Severity::Error)) {
        std::cerr << "havip-compile: not emitting: fix the errors above first\n";
        return 1;
    }
    if (!out_dir.empty()) {
        std::error_code ec;
        fs::create_directories(out_dir, ec);
        if (ec) {
            std::cerr << "havip-compile: " << out_dir << ": " << ec.message() << "\n";
            return 2;
        }
    }
    std::ostream& info = out_dir.empty() ? std::cerr : std::cout;
    const auto& fleet = s.ws.fleet;

    if (emit == "toml") {
        auto topo = lint::build_topology(fleet, s.lint.inventory, s.lint.subnets);
        for (const auto& c : topo.clusters) {
            std::vector<emit::ClusterMember> members;
            for (auto r : c.members) members.push_back({&fleet.nodes[r.node], &fleet.nodes[r.node].instances[r.inst]});
            auto text = emit::cluster_toml(members, c.subnet ? c.subnet->str() : "");
            auto name = members.front().node->cluster.name.empty() ? members.front().instance->name
                                                                   : members.front().node->cluster.name;
            if (out_dir.empty()) std::cout << text;
            else if (!write_text((fs::path(out_dir) / (name + ".toml")).string(), text)) return 2;
        }
        return 0;
    }
    if (emit == "json" && out_dir.empty()) std::cout << "[";
    bool first = true;
    for (const auto& n : fleet.nodes) {
        if (emit == "keepalived") {
            auto text = "# keepalived.conf of node " + n.name + ", written by havip-compile\n" + model::dump_keepalived(n);
            if (out_dir.empty()) std::cout << text;
            else if (!write_text((fs::path(out_dir) / (n.name + ".conf")).string(), text)) return 2;
        } else if (emit == "json") {
            auto text = emit::node_json(n);
            if (out_dir.empty()) std::cout << (first ? "" : ",\n") << text;
            else if (!write_text((fs::path(out_dir) / (n.name + ".json")).string(), text + "\n")) return 2;
        } else {
            emit::PlanMeta meta;
            meta.compiler_version = std::string("havip ") + cli::kVersion;
            meta.source_digest = emit::config_digest(n);
            std::string err;
            auto bytes = emit::write_plan(n, meta, &err);
            if (bytes.empty()) {
                std::cerr << "havip-compile: " << n.name << ": cannot build a plan: " << err << "\n";
                return 1;
            }
            auto path = (fs::path(out_dir) / (n.name + ".hvp")).string();
            if (!emit::write_file_atomic(path, bytes, err)) {
                std::cerr << "havip-compile: " << err << "\n";
                return 2;
            }
            if (!quiet) summary(info, n, path, bytes.size());
        }
        first = false;
    }
    if (emit == "json" && out_dir.empty()) std::cout << "]\n";
    return 0;
}
