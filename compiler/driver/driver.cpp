// SPDX-License-Identifier: MIT
#include "driver/driver.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>

#include "model/lower.hpp"
#include "syntax/keepalived/parser.hpp"
#include "syntax/toml/inventory.hpp"
#include "syntax/toml/policy.hpp"
#include "syntax/toml/toml_reader.hpp"

namespace fs = std::filesystem;

namespace havip::driver {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_toml(const std::string& path) { return ends_with(path, ".toml"); }

/// A TOML file that describes a VPC (inventory) or a lint policy, not a cluster.
bool is_side_file(const fs::path& p) {
    auto name = p.filename().string();
    if (name == ".havip-lint.toml") return true;
    std::ifstream in(p);
    std::string line;
    for (int i = 0; i < 400 && std::getline(in, line); ++i) {
        auto b = line.find_first_not_of(" \t");
        if (b != std::string::npos && line.compare(b, 7, "[[vpc]]") == 0) return true;
    }
    return false;
}

bool wanted_in_dir(const fs::path& p) {
    auto name = p.filename().string();
    if (!name.empty() && name[0] == '.') return false;
    if (ends_with(name, ".conf")) return true;
    if (ends_with(name, ".toml")) return !is_side_file(p);
    return false;
}

}  // namespace

std::vector<std::string> collect(const std::vector<std::string>& inputs,
                                 std::vector<std::string>& errors) {
    std::vector<std::string> out;
    for (const auto& in : inputs) {
        if (in == "-") {
            out.push_back(in);
            continue;
        }
        std::error_code ec;
        auto st = fs::status(in, ec);
        if (ec || !fs::exists(st)) {
            errors.push_back(in + ": no such file or directory");
            continue;
        }
        if (fs::is_directory(st)) {
            std::vector<std::string> found;
            fs::recursive_directory_iterator it(in, fs::directory_options::skip_permission_denied, ec), end;
            for (; !ec && it != end; it.increment(ec)) {
                const auto& p = it->path();
                auto fname = p.filename().string();
                // Skip hidden directories, and the files of any directory that is an
                // include target of another (conf.d/ …) — those are read through include.
                if (it->is_directory(ec)) {
                    if (!fname.empty() && fname[0] == '.') it.disable_recursion_pending();
                    continue;
                }
                if (it->is_regular_file(ec) && wanted_in_dir(p)) found.push_back(p.lexically_normal().string());
            }
            if (ec) errors.push_back(in + ": " + ec.message());
            std::sort(found.begin(), found.end());
            out.insert(out.end(), found.begin(), found.end());
        } else {
            out.push_back(in);
        }
    }
    // A file named twice (directly and through its directory, say) is one node, not two.
    std::vector<std::string> unique;
    std::set<std::string> seen;
    for (auto& f : out) {
        std::error_code ec;
        auto key = f == "-" ? f : fs::weakly_canonical(f, ec).string();
        if (seen.insert(ec ? f : key).second) unique.push_back(std::move(f));
    }
    return unique;
}

std::string node_name_for(const std::string& path, const std::string& config_id) {
    fs::path p(path);
    std::string stem = p.stem().string();
    bool generic = stem == "keepalived";
    if (generic && path != "-") {
        // A bare `keepalived.conf` is named after the folder it is in (the current one).
        std::error_code ec;
        auto abs = fs::absolute(p, ec).lexically_normal();
        auto parent = (ec ? p : abs).parent_path().filename().string();
        if (!parent.empty() && parent != "." && parent != "..") stem = parent;
    }
    if (path == "-") stem = "stdin";
    if (config_id.empty()) return stem;
    return generic ? config_id : stem + "@" + config_id;
}

namespace {

/// Forwards to `to`, adding a note that names the node: one file read once per
/// `@id` reports its findings once per node, and each must say which.
class NodeNoteSink final : public diag::DiagSink {
public:
    NodeNoteSink(diag::DiagSink& to, std::string node, std::string id) : to_(to), node_(std::move(node)), id_(std::move(id)) {}
    void report(diag::Diagnostic d) override {
        d.notes.push_back("in node `" + node_ + "` (this file read with `@" + id_ + "`)");
        to_.report(std::move(d));
    }

private:
    diag::DiagSink& to_;
    std::string node_, id_;
};

}  // namespace

void load(Workspace& ws, const std::vector<std::string>& files, const LoadOptions& opt) {
    for (const auto& path : files) {
        ws.files.push_back(path);
        if (is_toml(path)) {
            auto docs = syntax::toml::read_cluster(ws.sm, path, ws.diags);
            for (auto& d : docs) {
                auto name = d.node_name;
                auto node = model::lower(d, ws.sm, ws.diags, name);
                node.origin = model::Origin::Toml;
                ws.fleet.nodes.push_back(std::move(node));
            }
            continue;
        }
        syntax::keepalived::Options kopt;
        std::vector<std::string> ids;
        if (!opt.config_id.empty()) ids.push_back(opt.config_id);
        else if (path != "-") ids = syntax::keepalived::config_ids(path, ws.diags);
        if (ids.empty()) ids.push_back("");
        for (const auto& id : ids) {
            kopt.config_id = id;
            std::string name = !opt.node_name.empty() && files.size() == 1 && ids.size() == 1
                                   ? opt.node_name
                                   : node_name_for(path, opt.config_id.empty() ? id : "");
            NodeNoteSink per_node(ws.diags, name, id);
            diag::DiagSink& sink = ids.size() > 1 ? static_cast<diag::DiagSink&>(per_node) : ws.diags;
            ast::Document doc;
            if (path == "-") {
                std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
                doc = syntax::keepalived::parse_text(ws.sm, "<stdin>", std::move(text), kopt, sink);
            } else {
                doc = syntax::keepalived::parse_file(ws.sm, path, kopt, sink);
            }
            auto node = model::lower(doc, ws.sm, sink, name);
            node.config_id = id;
            ws.fleet.nodes.push_back(std::move(node));
        }
    }
}

std::optional<std::string> find_policy(const std::vector<std::string>& inputs) {
    std::error_code ec;
    fs::path start = inputs.empty() || inputs[0] == "-" ? fs::current_path(ec) : fs::path(inputs[0]);
    start = fs::absolute(start, ec);
    if (!fs::is_directory(start, ec)) start = start.parent_path();
    for (fs::path d = start; !d.empty(); d = d.parent_path()) {
        auto cand = d / ".havip-lint.toml";
        if (fs::is_regular_file(cand, ec)) return cand.string();
        if (d == d.root_path()) break;
    }
    return std::nullopt;
}

}  // namespace havip::driver

namespace havip::driver {

model::Inventory inventory_model(const syntax::toml::Inventory& in) {
    model::Inventory inv;
    inv.known = true;
    for (const auto& v : in.vpcs) {
        model::Vpc out;
        out.name = v.name.text;
        out.multicast = v.multicast;
        out.havip_per_eni = v.havip_per_eni;
        out.span = v.span;
        for (const auto& s : v.subnets)
            if (auto c = model::Cidr::parse(s.text)) out.subnets.push_back(*c);
        inv.vpcs.push_back(std::move(out));
    }
    for (const auto& n : in.nodes) {
        // Built in place: g++ 12 at -O2 warns (falsely) about a copy of a local here.
        auto& h = inv.hosts.emplace_back();
        h.name = n.name.text;
        h.vpc = n.vpc.text;
        h.keepalived = model::Version::parse(n.keepalived.text);
        h.default_route_interface = n.default_route_interface.text;
        h.span = n.span;
        for (const auto& i : n.interfaces) {
            auto& addrs = h.interfaces[i.name.text];
            for (const auto& a : i.addresses)
                if (auto c = model::Cidr::parse(a.text)) addrs.push_back(*c);
        }
    }
    return inv;
}

bool load_inventory(Workspace& ws, const std::string& path, model::Inventory& inv) {
    auto errors_before = ws.diags.count(diag::Severity::Error);
    auto in = syntax::toml::read_inventory(ws.sm, path, ws.diags);
    if (!in) return false;
    inv = inventory_model(*in);
    return ws.diags.count(diag::Severity::Error) == errors_before;
}

bool load_policy(Workspace& ws, const std::string& path, PolicyFile& out) {
    auto errors_before = ws.diags.count(diag::Severity::Error);
    auto p = syntax::toml::read_policy(ws.sm, path, ws.diags);
    if (!p) return false;
    out.path = path;
    for (const auto& c : p->ignore) out.ignore.push_back(c.text);
    for (const auto& s : p->severity) out.severity.emplace_back(s.code.text, s.level.text);
    out.failure_threshold = p->failure_threshold.text;
    out.target_keepalived = p->target_keepalived.text;
    for (const auto& s : p->subnets) out.subnets.push_back(s.text);
    out.werror = p->werror;
    if (!p->inventory.empty()) {
        fs::path inv(p->inventory.text);
        out.inventory = inv.is_absolute() ? inv.string() : (fs::path(path).parent_path() / inv).string();
    }
    return ws.diags.count(diag::Severity::Error) == errors_before;
}

}  // namespace havip::driver
