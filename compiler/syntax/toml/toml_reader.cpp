// SPDX-License-Identifier: MIT
// havip.toml → keepalived-shaped statements, one Document per [[node]].
// The mapping is documented key by key in man/havip.toml.5; the statements use
// exactly the keywords and argument texts a keepalived.conf would, so lowering
// cannot tell the two front ends apart (only the spans differ). A statement
// made of a cluster-wide value is built once, with its findings, and copied
// into every node that holds it.
#include "syntax/toml/toml_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>

#include "diag/spellcheck.hpp"
#include "source/read.hpp"
#include "syntax/toml/toml_doc.hpp"
#include "syntax/toml/toml_stmt.hpp"
#include "syntax/toml/value_checks.hpp"

namespace havip::syntax::toml {
namespace {

using detail::Doc;
using detail::Entry;
using detail::Kind;
using detail::StmtBuilder;
using detail::Value;

/// What the first pass learns about one [[node]].
struct NodeInfo {
    const Value* table = nullptr;
    std::string name;
    source::Span name_span;
    const Value* address = nullptr;  ///< string value, checked
    std::optional<long long> priority;
    bool explicit_master = false;
    bool has_state = false;
};

class ClusterReader {
  public:
    explicit ClusterReader(Doc& d) : d_(d), root_(d.root()), b_(d) {}

    std::vector<ast::Document> run() {
        std::vector<ast::Document> docs;
        if (!root_.is_table()) return docs;
        d_.check_keys(root_,
                      {"name",           "instance", "mode",   "router_id", "version",   "advert_int",    "subnet",
                       "interface",      "priority", "vips",   "multicast", "nopreempt", "preempt_delay", "vmac",
                       "vmac_xmit_base", "auth",     "garp",   "notify",    "track",     "script",        "global",
                       "extra",          "node",     "routes", "rules"},
                      "the cluster (top level)");
        read_cluster_fields();
        collect_nodes();
        pick_master();
        for (std::size_t i = 0; i < nodes_.size(); ++i) {
            if (nodes_[i].name.empty()) continue;
            docs.push_back(build(i));
        }
        return docs;
    }

  private:
    // ---- cluster level -------------------------------------------------------------
    void read_cluster_fields() {
        auto file_start = source::Span{d_.file(), 0, 0};
        if (const Value* v = d_.find(root_, "name")) {
            if (auto s = d_.get_string(*v, "name")) {
                cluster_ = {*s, d_.span(*v), false};
                if (s->empty()) d_.error("HV004", d_.span(*v), "`name` must not be empty");
            }
        } else {
            d_.error("HV004", file_start, "missing `name`: the cluster's name",
                     "add `name = \"mysql-ha\"` at the top of the file");
        }
        instance_value_ = d_.find(root_, "instance");
        if (instance_value_) {
            if (auto s = d_.get_string(*instance_value_, "instance")) {
                instance_name_ = {*s, d_.span(*instance_value_), false};
                check_word(*s, *instance_value_, "instance");
            }
        } else if (!cluster_.text.empty()) {
            instance_name_ = cluster_;
            check_word(cluster_.text, *d_.find(root_, "name"), "name");
        }
        if (const Value* v = d_.find(root_, "mode")) {
            if (auto s = d_.get_string(*v, "mode")) {
                if (*s == "standing" || *s == "non-standing") {
                    mode_ = {*s, d_.span(*v), false};
                    mode_value_ = v;
                } else {
                    auto guess = diag::closest(*s, {"standing", "non-standing"});
                    d_.error("HV004", d_.span(*v), "`mode` must be \"standing\" or \"non-standing\", not `" + *s + "`",
                             guess.empty() ? "non-standing (both BACKUP, equal priority, nopreempt) is the guide's "
                                             "recommendation"
                                           : "did you mean `" + guess + "`?");
                }
            }
        }
        router_id_ = d_.find(root_, "router_id");
        if (!router_id_) {
            d_.error("HV004", file_start, "missing `router_id`: the cluster's VRRP router ID (virtual_router_id)",
                     "pick a router ID 1..255 that no other cluster of the VPC uses");
        }
        if (const Value* v = d_.find(root_, "subnet")) {
            std::vector<const Value*> items;
            if (v->is_array()) {
                for (const auto& e : v->as_array()) items.push_back(&e);
            } else {
                items.push_back(v);
            }
            for (const Value* e : items) {
                auto s = d_.get_string(*e, "subnet");
                if (!s) continue;
                if (!detail::is_cidr(*s, true)) {
                    d_.error("HV004", d_.span(*e), "`subnet` must be a CIDR such as 172.16.0.0/24, not `" + *s + "`");
                    continue;
                }
                subnets_.push_back({*s, d_.span(*e), false});
            }
        }
        if (const Value* v = d_.find(root_, "multicast")) multicast_ = d_.get_bool(*v, "multicast").value_or(false);
        if (const Value* v = d_.find(root_, "script")) {
            if (d_.expect_table(*v, "script")) {
                for (const auto& e : d_.entries(*v)) {
                    if (!d_.expect_table(*e.value, "script." + e.key)) continue;
                    check_word(e.key, *e.value, "script." + e.key);
                    scripts_.push_back(e);
                }
            }
        }
        for (const char* t : {"auth", "garp", "notify", "track", "global", "extra"})
            if (const Value* v = d_.find(root_, t)) d_.expect_table(*v, t);
    }

    void collect_nodes() {
        const Value* nv = d_.find(root_, "node");
        if (!nv) {
            d_.error("HV004", {d_.file(), 0, 0}, "no [[node]] entries: a cluster needs its nodes",
                     "add one `[[node]]` table per VM with name, interface, address and priority");
            return;
        }
        if (!nv->is_array()) {
            d_.error("HV004", d_.span(*nv),
                     "`node` must be an array of tables ([[node]]), not " + std::string(Doc::type_name(*nv)));
            return;
        }
        std::set<std::string> seen_addr;
        for (const auto& t : nv->as_array()) {
            NodeInfo n;
            n.table = &t;
            if (!d_.expect_table(t, "node")) continue;
            d_.check_keys(t,
                          {"name", "address", "interface", "priority", "state", "nopreempt", "preempt_delay", "peers",
                           "notify", "track", "global", "extra"},
                          "[[node]]");
            if (const Value* v = d_.find(t, "name")) {
                if (auto s = d_.get_string(*v, "name")) {
                    n.name_span = d_.span(*v);
                    if (s->empty() || s->find_first_of(" \t/\\") != std::string::npos) {
                        d_.error("HV004", d_.span(*v),
                                 "node `name` must be one word without `/` (it names the "
                                 "node's plan file), not `" +
                                     *s + "`");
                    } else if (auto prev = std::find_if(nodes_.begin(), nodes_.end(),
                                                        [&](const NodeInfo& o) { return o.name == *s; });
                               prev != nodes_.end()) {
                        auto b = diag::make("HV004", diag::Severity::Error, "node `" + *s + "` is declared twice");
                        b.at(d_.span(*v), "declared again here").also(prev->name_span, "first declared here");
                        d_.report(std::move(b));
                    } else {
                        n.name = *s;
                    }
                }
            } else {
                d_.error("HV004", d_.span(t), "[[node]] without `name`", "add `name = \"a\"` (the VM's node name)");
            }
            if (const Value* v = d_.find(t, "address")) {
                if (auto s = d_.get_string(*v, "address")) {
                    if (!detail::is_ip(*s)) {
                        d_.error("HV004", d_.span(*v),
                                 "`address` must be the node's private IP address, not `" + *s + "`");
                    } else {
                        n.address = v;
                    }
                }
            } else if (!multicast_) {
                d_.error("HV004", d_.span(t), "[[node]] without `address`: unicast VRRP needs each node's private IP",
                         "add `address = \"172.16.0.16\"`, or set `multicast = true` for a multicast cluster");
            }
            if (const Value* v = pick(t, "priority"); v && v->is_integer()) n.priority = v->as_integer();
            if (const Value* v = d_.find(t, "state")) {
                n.has_state = true;
                n.explicit_master = v->is_string() && v->as_string().str == "MASTER";
            }
            nodes_.push_back(std::move(n));
        }
    }

    /// Standing mode: the node with the highest priority starts as MASTER (the
    /// first of equals; lint reports the tie), unless a node says `state` itself.
    void pick_master() {
        if (mode_.text != "standing") return;
        for (const auto& n : nodes_)
            if (n.explicit_master) return;
        long long best = -1;
        for (std::size_t i = 0; i < nodes_.size(); ++i) {
            if (nodes_[i].has_state || nodes_[i].name.empty()) continue;
            long long p = nodes_[i].priority.value_or(100);  // keepalived's default priority
            if (p > best) {
                best = p;
                master_ = i;
            }
        }
    }

    // ---- one node ------------------------------------------------------------------
    ast::Document build(std::size_t i) {
        const NodeInfo& n = nodes_[i];
        const Value& t = *n.table;
        ast::Document doc;
        doc.root = d_.file();
        doc.node_name = n.name;
        doc.cluster = cluster_;
        doc.mode = mode_;
        doc.subnets = subnets_;

        if (auto g = b_.passthrough_block("global_defs", d_.find(root_, "global"), d_.find(t, "global"), "global"))
            doc.statements.push_back(std::move(*g));
        for (const auto& s : scripts_)
            once(doc.statements, s.value, "vrrp_script",
                 [&](auto& o) { o.push_back(b_.vrrp_script(s.key, *s.value)); });
        doc.statements.push_back(instance(i));
        b_.attach_directives(doc.statements);
        return doc;
    }

    ast::Statement instance(std::size_t i) {
        const NodeInfo& n = nodes_[i];
        const Value& t = *n.table;
        ast::Statement inst;
        inst.keyword = "vrrp_instance";
        inst.keyword_span = d_.span(t);
        inst.span = d_.extent(t);
        inst.is_block = true;
        if (!instance_name_.text.empty()) inst.args.push_back(instance_name_);
        auto& out = inst.children;

        state(i, out);
        node_or_cluster(out, t, "interface", "interface", "interface", Kind::String);
        cluster_value(out, "router_id", "virtual_router_id", Kind::Int);
        node_or_cluster(out, t, "priority", "priority", "priority", Kind::Int);
        cluster_value(out, "advert_int", "advert_int", Kind::Number);
        cluster_value(out, "version", "version", Kind::Int);
        preempt(t, out);
        addressing(i, out);
        if (const Value* v = d_.find(root_, "vips"))
            once(out, v, "virtual_ipaddress", [&](auto& o) { b_.vips(o, *v); });
        if (const Value* v = d_.find(root_, "routes"))
            once(out, v, "virtual_routes", [&](auto& o) { b_.word_lines(o, *v, "routes", "virtual_routes"); });
        if (const Value* v = d_.find(root_, "rules"))
            once(out, v, "virtual_rules", [&](auto& o) { b_.word_lines(o, *v, "rules", "virtual_rules"); });
        if (const Value* v = d_.find(root_, "auth"); v && v->is_table())
            once(out, v, "authentication", [&](auto& o) { b_.auth(o, *v); });
        once(out, &root_, "use_vmac", [&](auto& o) { vmac(o); });
        if (const Value* v = d_.find(root_, "garp"); v && v->is_table())
            once(out, v, "garp", [&](auto& o) { b_.garp(o, *v); });
        tracking(t, out);
        notify(t, out);
        if (auto x = b_.passthrough_block("extra", d_.find(root_, "extra"), d_.find(t, "extra"), "extra"))
            for (auto& s : x->children) out.push_back(std::move(s));
        return inst;
    }

    void state(std::size_t i, std::vector<ast::Statement>& out) {
        const Value& t = *nodes_[i].table;
        if (const Value* v = d_.find(t, "state")) {
            b_.value(out, "state", v, "state", Kind::String);
            return;
        }
        if (!mode_value_) return;
        // Derived from the mode: the statement points at `mode = "..."`.
        const char* st = mode_.text == "standing" && master_ == i ? "MASTER" : "BACKUP";
        out.push_back(b_.derived("state", *mode_value_, {st}));
    }

    void preempt(const Value& t, std::vector<ast::Statement>& out) {
        const Value* np = pick(t, "nopreempt");
        bool on = mode_.text == "non-standing";
        const Value* at = mode_value_;
        if (np) {
            if (auto b = nopreempt(t, *np)) {
                on = *b;
                at = np;
            }
        }
        if (on && at) {
            if (at == np) {
                out.push_back(b_.flag("nopreempt", *np));
            } else {
                out.push_back(b_.derived("nopreempt", *at, {}));
            }
        }
        node_or_cluster(out, t, "preempt_delay", "preempt_delay", "preempt_delay", Kind::Number);
    }

    /// The node's `nopreempt`, or the cluster's (read once for every node).
    std::optional<bool> nopreempt(const Value& t, const Value& np) {
        if (&np == d_.find(t, "nopreempt")) return d_.get_bool(np, "nopreempt");
        if (!cluster_nopreempt_) cluster_nopreempt_.emplace(d_.get_bool(np, "nopreempt"));
        return *cluster_nopreempt_;
    }

    void addressing(std::size_t i, std::vector<ast::Statement>& out) {
        const NodeInfo& n = nodes_[i];
        const Value* peers = d_.find(*n.table, "peers");
        if (multicast_) {
            if (n.address) b_.value(out, "mcast_src_ip", n.address, "address", Kind::String);
            if (peers)
                d_.error("HV004", d_.key_span(*peers),
                         "`peers` with `multicast = true`: a multicast cluster has no "
                         "unicast peers",
                         "remove `peers`, or set `multicast = false`");
            return;
        }
        if (n.address) b_.value(out, "unicast_src_ip", n.address, "address", Kind::String);
        ast::Statement block;
        block.keyword = "unicast_peer";
        block.is_block = true;
        if (peers) {
            // Explicit peers replace the ones that follow from the other nodes.
            block.keyword_span = d_.key_span(*peers);
            block.span = d_.stmt_span(*peers);
            if (d_.expect_array(*peers, "peers")) {
                for (const auto& e : peers->as_array()) {
                    auto s = d_.get_string(e, "peers");
                    if (s) block.children.push_back(b_.line(*s, e));
                }
            }
        } else {
            block.keyword_span = d_.span(*n.table);
            block.span = d_.span(*n.table);
            for (std::size_t j = 0; j < nodes_.size(); ++j) {
                if (j == i || !nodes_[j].address) continue;
                block.children.push_back(b_.line(nodes_[j].address->as_string().str, *nodes_[j].address));
            }
            if (block.children.empty()) return;  // a lone node: no peers to name
        }
        out.push_back(std::move(block));
    }

    void vmac(std::vector<ast::Statement>& out) {
        if (const Value* v = d_.find(root_, "vmac")) {
            if (v->is_boolean()) {
                if (v->as_boolean()) out.push_back(b_.flag("use_vmac", *v));
            } else if (v->is_string()) {
                b_.value(out, "use_vmac", v, "vmac", Kind::String);
            } else {
                d_.error(
                    "HV004", d_.span(*v),
                    std::string("`vmac` must be true, false or the VMAC interface's name, not ") + Doc::type_name(*v));
            }
        }
        if (const Value* v = d_.find(root_, "vmac_xmit_base"))
            if (d_.get_bool(*v, "vmac_xmit_base").value_or(false)) out.push_back(b_.flag("vmac_xmit_base", *v));
    }

    void tracking(const Value& t, std::vector<ast::Statement>& out) {
        const Value* ct = d_.find(root_, "track");
        const Value* nt = d_.find(t, "track");
        if (nt && !d_.expect_table(*nt, "track")) nt = nullptr;
        if (ct && !ct->is_table()) ct = nullptr;
        if (ct && checked_.insert(ct).second) d_.check_keys(*ct, {"interfaces", "scripts"}, "[track]");
        if (nt) d_.check_keys(*nt, {"interfaces", "scripts"}, "the node's `track`");
        // The node's list, else (built once for every node) the cluster's.
        auto list = [&](const char* k, const char* keyword, const char* what) {
            if (const Value* v = nt ? d_.find(*nt, k) : nullptr) {
                b_.track_list(out, keyword, *v, what);
                return true;
            }
            const Value* v = ct ? d_.find(*ct, k) : nullptr;
            if (!v) return false;
            once(out, v, keyword, [&](auto& o) { b_.track_list(o, keyword, *v, what); });
            return true;
        };
        list("interfaces", "track_interface", "track.interfaces");
        if (!list("scripts", "track_script", "track.scripts") && !scripts_.empty()) {
            // No explicit list: every [script.NAME] is tracked, with its own weight.
            const Value& first = *scripts_.front().value;
            ast::Statement block = b_.derived("track_script", first, {});
            block.is_block = true;
            for (const auto& s : scripts_) {
                ast::Statement line;
                line.keyword = s.key;
                line.keyword_span = line.span = d_.span(*s.value);
                block.children.push_back(std::move(line));
            }
            out.push_back(std::move(block));
        }
    }

    void notify(const Value& t, std::vector<ast::Statement>& out) {
        const Value* cn = d_.find(root_, "notify");
        const Value* nn = d_.find(t, "notify");
        if (nn && !d_.expect_table(*nn, "notify")) nn = nullptr;
        if (cn && !cn->is_table()) cn = nullptr;
        static constexpr std::string_view keys[] = {
            "master", "backup", "fault", "stop", "notify", "master_rx_lower_pri", "deleted"};
        for (const Value* tt : {cn, nn})
            if (tt && (tt == nn || checked_.insert(tt).second))
                d_.check_keys(*tt, {keys[0], keys[1], keys[2], keys[3], keys[4], keys[5], keys[6]},
                              tt == cn ? "[notify]" : "the node's `notify`");
        for (auto k : keys) {
            const Value* v = nn ? d_.find(*nn, k) : nullptr;
            const bool own = v != nullptr;
            if (!v && cn) v = d_.find(*cn, k);
            if (!v) continue;
            std::string kw = k == "notify" ? "notify" : "notify_" + std::string(k);
            auto build = [&](std::vector<ast::Statement>& o) {
                if (auto s = b_.command(kw, *v, "notify." + std::string(k))) o.push_back(std::move(*s));
            };
            if (own)
                build(out);
            else
                once(out, v, kw, build);
        }
    }

    // ---- helpers -------------------------------------------------------------------
    /// Appends the statements made of a value of the cluster: built (and any
    /// finding reported) for the first node that needs them, copied for the
    /// others, and marked shared so lowering reports them once too.
    template <class F>
    void once(std::vector<ast::Statement>& out, const Value* v, const std::string& keyword, F&& build) {
        if (!v) return;
        auto [it, fresh] = shared_.try_emplace({v, keyword});
        if (fresh) {
            build(it->second);
            for (auto& st : it->second) st.shared = b_.next_shared();
        }
        out.insert(out.end(), it->second.begin(), it->second.end());
    }

    /// `keyword VALUE` from the cluster's `key` (built once).
    void cluster_value(std::vector<ast::Statement>& out, std::string_view key, const std::string& keyword, Kind kind) {
        const Value* v = d_.find(root_, key);
        once(out, v, keyword, [&](auto& o) { b_.value(o, keyword, v, key, kind); });
    }

    /// `keyword VALUE` from the node's `key`, else from the cluster's (built once).
    void node_or_cluster(std::vector<ast::Statement>& out, const Value& node, std::string_view key,
                         const std::string& keyword, std::string_view what, Kind kind) {
        if (const Value* v = d_.find(node, key)) return b_.value(out, keyword, v, what, kind);
        const Value* v = d_.find(root_, key);
        once(out, v, keyword, [&](auto& o) { b_.value(o, keyword, v, what, kind); });
    }

    /// The node's value for `key`, or the cluster's.
    const Value* pick(const Value& node, std::string_view key) const {
        if (const Value* v = d_.find(node, key)) return v;
        return d_.find(root_, key);
    }

    void check_word(const std::string& s, const Value& v, const std::string& what) {
        if (s.empty() || s.find_first_of(" \t\r\n{}\"'#!") != std::string::npos)
            d_.error("HV004", d_.span(v),
                     diag::tick(what) + " must be one word (it becomes a keepalived name), not " + diag::tick(s));
    }

    Doc& d_;
    const Value& root_;
    StmtBuilder b_;
    ast::Arg cluster_, instance_name_, mode_;
    const Value* instance_value_ = nullptr;
    const Value* mode_value_ = nullptr;
    const Value* router_id_ = nullptr;
    std::vector<ast::Arg> subnets_;
    bool multicast_ = false;
    std::vector<Entry> scripts_;
    std::vector<NodeInfo> nodes_;
    std::size_t master_ = static_cast<std::size_t>(-1);
    /// Statements made of the cluster's values, by value and keyword (once()).
    std::map<std::pair<const Value*, std::string>, std::vector<ast::Statement>> shared_;
    std::set<const Value*> checked_;                        ///< the cluster's tables whose keys were checked
    std::optional<std::optional<bool>> cluster_nopreempt_;  ///< the cluster's `nopreempt`, once read
};

}  // namespace

bool read_file(const std::string& path, std::string& out, diag::DiagSink& sink) {
    // Only regular files are read by name, within the one input size limit
    // (stdin goes through the *_text readers).
    std::string why;
    if (source::read_regular_file(path, out, why)) return true;
    sink.report(diag::make("HV002", diag::Severity::Error, "cannot read `" + path + "`: " + why));
    return false;
}

std::vector<ast::Document> read_cluster(source::SourceMap& sm, const std::string& path, diag::DiagSink& sink) {
    std::string text;
    if (!read_file(path, text, sink)) return {};
    return read_cluster_text(sm, path, std::move(text), sink);
}

std::vector<ast::Document> read_cluster_text(source::SourceMap& sm, std::string name, std::string text,
                                             diag::DiagSink& sink) {
    return detail::read_document<std::vector<ast::Document>>(sm, std::move(name), std::move(text), sink,
                                                             [](Doc& doc) { return ClusterReader(doc).run(); });
}

}  // namespace havip::syntax::toml
