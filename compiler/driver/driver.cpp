// SPDX-License-Identifier: MIT
#include "driver/driver.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "base/heap.hpp"
#include "model/lower.hpp"
#include "source/parallel.hpp"
#include "source/read.hpp"
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

/// A file a directory walk reads by its name: *.conf, *.toml, not hidden.
bool wanted_name(std::string_view name) {
    if (!name.empty() && name[0] == '.') return false;
    return ends_with(name, ".conf") || ends_with(name, ".toml");
}

/// The nodes of a havip.toml's documents, marked as TOML's.
std::vector<model::Node> toml_nodes(const std::vector<ast::Document>& docs, const source::SourceMap& sm,
                                    diag::DiagSink& sink) {
    auto nodes = model::lower_cluster(docs, sm, sink);
    for (auto& node : nodes) node.origin = model::Origin::Toml;
    return nodes;
}

/// A file a directory walk found, checked: an error, skipped (a side file),
/// or taken with its path and its canonical one (empty: unknown).
struct Found {
    std::string error, path, canonical;
    bool take = false;
};

/// A file a walk found: its path as the walk made it, and its path
/// lexically normal and canonical (empty: unknown), both made of its
/// directory's once (the walk lists a directory's files together).
struct Entry {
    std::string path, normal, canonical;
    /// A .conf file the listing names a regular file (no symlink): nothing to
    /// check before it is read, and the read reports what the checks would
    /// (load's input_errors), two system calls fewer per file of a fleet.
    bool plain = false;
};

/// The checks of one file a walk found: the same for every file, so they run side by side.
Found check_walked(Entry& e) {
    Found f;
    if (e.plain) {
        f.take = true;
        f.path = std::move(e.normal);
        f.canonical = std::move(e.canonical);
        return f;
    }
    if (auto why = source::check_input_path(e.path, false); !why.empty()) {
        f.error = e.path + ": " + why;
        return f;
    }
    if (::access(e.path.c_str(), R_OK) != 0) {
        f.error = e.path + ": " + source::error_text(errno);
        return f;
    }
    if (ends_with(e.path, ".toml") && is_side_file(e.path)) return f;
    f.take = true;
    f.path = std::move(e.normal);
    f.canonical = std::move(e.canonical);
    return f;
}

/// `dir` (lexically normal) as the prefix of a file name in it: "" for ".",
/// else with one trailing separator.
std::string dir_prefix(std::string dir) {
    if (dir == "." || dir == "./") return {};
    if (dir.empty() || dir.back() != '/') dir += '/';
    return dir;
}

/// Walks directory `in`: the files it holds that a walk reads, in name order,
/// each with its canonical path (empty: unknown).
void walk(const std::string& in, unsigned jobs, std::vector<std::pair<std::string, std::string>>& out,
          std::vector<std::string>& errors) {
    std::vector<Entry> entries;
    std::error_code ec, cec;
    fs::path canon_dir = fs::weakly_canonical(in, cec);
    if (cec) canon_dir.clear();
    // The directory the last file was in (as the walk spells it), and its
    // normal and canonical prefixes: path arithmetic once per directory.
    std::string dir_seen, normal_dir, canon_prefix;
    bool dir_known = false;
    fs::recursive_directory_iterator it(in, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const auto& p = it->path();
        std::error_code lec;
        const bool is_link = it->is_symlink(lec);
        if (!is_link && it->is_directory(lec)) {
            // Skip hidden directories; one that cannot be listed is an error,
            // never a silent gap in what was checked.
            const auto fname = p.filename().string();
            if (!fname.empty() && fname[0] == '.')
                it.disable_recursion_pending();
            else if (::access(p.c_str(), R_OK | X_OK) != 0) {
                errors.push_back(p.string() + ": cannot list directory: " + source::error_text(errno));
                it.disable_recursion_pending();
            }
            continue;
        }
        if (is_link && it->is_directory(lec)) continue;  // not followed: no loops, no escapes
        // The name is what follows the last separator (a walk's paths end in a
        // file name): no path parsing per file.
        const std::string& path = p.native();
        const std::string_view name = std::string_view(path).substr(path.rfind('/') + 1);
        if (!wanted_name(name)) continue;
        const std::string_view dir(path.data(), path.size() - name.size());
        if (!dir_known || dir != dir_seen) {
            dir_seen = dir;
            dir_known = true;
            const fs::path d(dir_seen);
            normal_dir = dir_prefix(d.lexically_normal().string());
            canon_prefix.clear();
            if (!canon_dir.empty())
                canon_prefix = dir_prefix((canon_dir / d.lexically_relative(in)).lexically_normal().string());
        }
        // The canonical path of a file that is no symlink: the walk follows no
        // directory symlink, so it is the directory's canonical path joined
        // with the rest (one realpath per directory given, not one per file).
        std::string canonical = is_link || canon_prefix.empty() ? std::string() : canon_prefix + std::string(name);
        const bool plain = !is_link && ends_with(name, ".conf") && it->is_regular_file(lec) && !lec;
        entries.push_back({path, normal_dir + std::string(name), std::move(canonical), plain});
    }
    // A stat and an access check per file that needs them: on every thread.
    std::vector<Found> checked(entries.size());
    source::parallel_for(entries.size(), jobs, [&](std::size_t k) { checked[k] = check_walked(entries[k]); });
    entries = {};
    std::vector<std::pair<std::string, std::string>> found;
    found.reserve(checked.size());
    for (auto& f : checked) {
        if (!f.error.empty()) errors.push_back(std::move(f.error));
        if (f.take) found.emplace_back(std::move(f.path), std::move(f.canonical));
    }
    if (ec) errors.push_back(in + ": " + ec.message());
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    out.insert(out.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
}

}  // namespace

std::vector<model::Node> read_toml_text(source::SourceMap& sm, const std::string& name, std::string text,
                                        diag::DiagSink& sink) {
    return toml_nodes(syntax::toml::read_cluster_text(sm, name, std::move(text), sink), sm, sink);
}

std::vector<std::string> collect(const std::vector<std::string>& inputs, std::vector<std::string>& errors,
                                 unsigned jobs) {
    // Each file with its canonical path when a walk knows it (empty: asked for below).
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& in : inputs) {
        if (in == "-") {
            out.emplace_back(in, in);
            continue;
        }
        // A named input is a regular file within the size limit, or a directory;
        // a device, a FIFO or a symlink loop is refused before anything is read.
        if (auto why = source::check_input_path(in, true); !why.empty()) {
            errors.push_back(fmt::format("{}: {}", in, why));
            continue;
        }
        std::error_code ec;
        if (fs::is_directory(in, ec)) {
            walk(in, jobs, out, errors);
        } else {
            if (::access(in.c_str(), R_OK) != 0) {
                errors.push_back(in + ": " + source::error_text(errno));
                continue;
            }
            out.emplace_back(in, std::string());
        }
    }
    // A file named twice (directly and through its directory, say) is one node, not two.
    std::vector<std::string> unique;
    unique.reserve(out.size());
    std::unordered_set<std::string> seen;
    seen.reserve(out.size());
    for (auto& [f, canonical] : out) {
        std::error_code ec;
        if (canonical.empty()) canonical = fs::weakly_canonical(f, ec).string();
        if (seen.insert(ec ? f : std::move(canonical)).second) unique.push_back(std::move(f));
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
    NodeNoteSink(diag::DiagSink& to, std::string node, std::string id)
        : to_(to), node_(std::move(node)), id_(std::move(id)) {}
    void report(diag::Diagnostic d) override {
        d.notes.push_back("in node `" + node_ + "` (this file read with `@" + id_ + "`)");
        to_.report(std::move(d));
    }

  private:
    diag::DiagSink& to_;
    std::string node_, id_;
};

}  // namespace

namespace {

/// A node keeps what it holds, not room to grow: every keyword use of every
/// node stays in memory until the rules have run.
void trim(model::Node& n) {
    n.keywords.shrink_to_fit();
    n.instances.shrink_to_fit();
    n.scripts.shrink_to_fit();
}

/// What one input produced, read on its own: its files (numbered from `sm.first()`),
/// its nodes and its findings (none: null, as for nearly every input of a
/// fleet, whose units are all held until they are merged).
struct Unit {
    source::SourceMap sm;
    std::vector<model::Node> nodes;
    std::unique_ptr<diag::DiagList> diags;
    std::string input_error;  ///< "path: why" when the input itself could not be read
};

/// The files one input included, by path as resolved: the input read again
/// (once the file ids before it are known) takes them from here, so an include
/// is read from disk once. Made on the first include.
using IncludeCache = std::unique_ptr<std::unordered_map<std::string, std::string>>;

/// Reads, parses and lowers one input into `u` (the body of the one-thread loop).
void load_one(const std::string& path, std::size_t nfiles, const std::string* stdin_text, const LoadOptions& opt,
              IncludeCache& includes, Unit& u) {
    if (is_toml(path)) {
        u.nodes = toml_nodes(syntax::toml::read_cluster(u.sm, path, *u.diags), u.sm, *u.diags);
        for (auto& node : u.nodes) trim(node);
        return;
    }
    syntax::keepalived::Options kopt;
    kopt.read_file = [&includes](const std::string& p, std::string& out, std::string& why) {
        if (!includes) includes = std::make_unique<IncludeCache::element_type>();
        if (auto it = includes->find(p); it != includes->end()) {
            out = it->second;
            return true;
        }
        if (!source::read_regular_file(p, out, why)) return false;
        includes->emplace(p, out);
        return true;
    };
    // The file is read once, for its `@id`s and its parse.
    std::string text, why;
    const bool have = path != "-" && source::read_regular_file(path, text, why);
    if (path != "-" && !have) {
        // Refused as collect refuses an input it checks (a walk leaves the
        // checks of a plain .conf file to this read): not a finding, an I/O error.
        u.input_error = path + ": " + why;
        return;
    }
    std::vector<std::string> ids;
    if (!opt.config_id.empty())
        ids.push_back(opt.config_id);
    else if (have)
        ids = syntax::keepalived::config_ids_in(path, text, kopt);
    if (ids.empty()) ids.push_back("");
    for (std::size_t k = 0; k < ids.size(); ++k) {
        const auto& id = ids[k];
        kopt.config_id = id;
        std::string name = !opt.node_name.empty() && nfiles == 1 && ids.size() == 1
                               ? opt.node_name
                               : node_name_for(path == "-" && !opt.stdin_name.empty() ? opt.stdin_name : path,
                                               opt.config_id.empty() ? id : "");
        NodeNoteSink per_node(*u.diags, name, id);
        diag::DiagSink& sink = ids.size() > 1 ? static_cast<diag::DiagSink&>(per_node) : *u.diags;
        ast::Document doc;
        if (path == "-") {
            if (!stdin_text) continue;  // reported when it was read
            doc = syntax::keepalived::parse_text(u.sm, opt.stdin_name.empty() ? "<stdin>" : opt.stdin_name, *stdin_text,
                                                 kopt, sink);
        } else {
            // Every pass but the last copies the text; the last takes it, and no
            // pass follows to read it (clang-tidy cannot see that the move happens
            // only when k is the last index).
            // NOLINTNEXTLINE(bugprone-use-after-move)
            doc = syntax::keepalived::parse_text(u.sm, path, k + 1 == ids.size() ? std::move(text) : text, kopt, sink);
        }
        auto node = model::lower(doc, u.sm, sink, name);
        node.config_id = id;
        trim(node);
        u.nodes.push_back(std::move(node));
    }
}

}  // namespace

void load(Workspace& ws, const std::vector<std::string>& files, const LoadOptions& opt) {
    // Standard input is read once, here, so that an input can be read again.
    std::optional<std::string> stdin_text;
    std::string stdin_error;
    if (std::find(files.begin(), files.end(), "-") != files.end()) {
        std::string text, why;
        if (source::read_stream(0, text, why))
            stdin_text = std::move(text);
        else
            stdin_error = why;
    }
    // Every input is read on its own (on up to opt.jobs threads) into a map whose
    // file ids start where its files will sit in the whole run, so nothing needs
    // renumbering and the ids are those of a one-thread run. An input reads one
    // file unless it has includes or `@id`s: the first round assumes one, the
    // second reads again, with the now known numbers, the inputs after one that
    // read more (a fleet without includes is read once; an input parsed again
    // takes its includes from what it read the first time).
    const std::size_t n = files.size();
    const auto first = static_cast<source::FileId>(ws.sm.size());
    std::vector<Unit> units(n);
    std::vector<source::FileId> base(n);
    const std::size_t node0 = ws.fleet.nodes.size();
    ws.fleet.nodes.reserve(node0 + n);
    base::prefer_large_pages(ws.fleet.nodes.data(), ws.fleet.nodes.capacity() * sizeof(model::Node));
    ws.fleet.nodes.resize(node0 + n);            // slot node0 + i: input i's first node
    std::vector<std::uint8_t> first_node(n, 0);  // input i made a node (not a bool vector: threads write it)
    std::vector<IncludeCache> includes(n);       // kept until input i's ids are final
    auto read = [&](std::size_t i) {
        // First: a worker's first block makes its arena, which is advised before it is filled.
        base::prefer_large_pages_here();
        units[i] = Unit{source::SourceMap(base[i]), {}, std::make_unique<diag::DiagList>(ws.diags.part())};
        if (files[i] == "-" && !stdin_text)
            units[i].diags->report(
                diag::make("HV002", diag::Severity::Error, "cannot read standard input: " + stdin_error));
        load_one(files[i], n, stdin_text ? &*stdin_text : nullptr, opt, includes[i], units[i]);
        // The model holds what the rules read: the text of an input read from
        // disk waits there until a finding shows it (one with a front-end finding keeps it).
        if (files[i] != "-" && units[i].diags->items.empty()) units[i].sm.release_text();
        if (units[i].diags->items.empty() && units[i].diags->dropped.empty()) units[i].diags.reset();
        // An input's first node goes straight to its slot in the fleet, so the
        // nodes are not held twice (by the units and the fleet) while merging.
        auto& un = units[i].nodes;
        first_node[i] = !un.empty();
        if (first_node[i]) {
            ws.fleet.nodes[node0 + i] = std::move(un.front());
            un.erase(un.begin());
        }
        un.shrink_to_fit();
    };
    for (std::size_t i = 0; i < n; ++i) base[i] = static_cast<source::FileId>(first + i);
    source::parallel_for(n, opt.jobs, read);
    std::vector<std::size_t> again;
    for (std::size_t i = 0, next = first; i < n; ++i) {
        const std::size_t count = units[i].sm.size() - base[i];
        if (base[i] != next) {
            base[i] = static_cast<source::FileId>(next);
            again.push_back(i);
        }
        next += count;
    }
    for (std::size_t i = 0, k = 0; i < n; ++i) {
        if (k < again.size() && again[k] == i)
            ++k;
        else
            includes[i] = {};
    }
    source::parallel_for(again.size(), opt.jobs, [&](std::size_t k) { read(again[k]); });
    // A file that changed between the rounds can read a different number of
    // files: what follows it is read once more here, in order.
    for (std::size_t i = 0, next = first; i < n; next = units[i].sm.size(), ++i) {
        if (base[i] == next) continue;
        base[i] = static_cast<source::FileId>(next);
        read(i);
    }
    std::vector<IncludeCache>().swap(includes);

    // One node per input (the common case): the fleet is complete. Otherwise
    // (an input with no node, or several: `@id`s, a havip.toml) it is rebuilt in order.
    bool one_each = true;
    for (std::size_t i = 0; i < n && one_each; ++i) one_each = first_node[i] && units[i].nodes.empty();
    if (!one_each) {
        std::size_t nodes = node0;
        for (std::size_t i = 0; i < n; ++i) nodes += first_node[i] + units[i].nodes.size();
        std::vector<model::Node> all;
        all.reserve(nodes);
        for (std::size_t i = 0; i < node0; ++i) all.push_back(std::move(ws.fleet.nodes[i]));
        for (std::size_t i = 0; i < n; ++i) {
            if (first_node[i]) all.push_back(std::move(ws.fleet.nodes[node0 + i]));
            for (auto& node : units[i].nodes) all.push_back(std::move(node));
            units[i].nodes = {};
        }
        ws.fleet.nodes = std::move(all);
    }
    ws.files.reserve(ws.files.size() + n);
    for (std::size_t i = 0; i < n; ++i) {
        auto& u = units[i];
        ws.files.push_back(files[i]);
        ws.sm.append(std::move(u.sm));
        if (u.diags) ws.diags.absorb(std::move(*u.diags));
        if (!u.input_error.empty()) ws.input_errors.push_back(std::move(u.input_error));
        u = Unit{};
    }
    set_twins_aside(ws.fleet);
}

void set_twins_aside(model::Fleet& fleet) {
    // The names of the nodes kept, as views of the names where they stay (a
    // view is taken once the node is in its final slot: a short name lives in
    // the node itself and moves with it).
    std::unordered_set<std::string_view> names;
    names.reserve(fleet.nodes.size());
    std::size_t kept = 0;
    for (std::size_t n = 0; n < fleet.nodes.size(); ++n) {
        auto& node = fleet.nodes[n];
        if (names.count(node.name) != 0) {
            fleet.twins.push_back(std::move(node));
            continue;
        }
        if (kept != n) fleet.nodes[kept] = std::move(node);
        names.insert(fleet.nodes[kept].name);
        ++kept;
    }
    fleet.nodes.erase(fleet.nodes.begin() + static_cast<std::ptrdiff_t>(kept), fleet.nodes.end());
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
