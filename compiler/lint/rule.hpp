// SPDX-License-Identifier: MIT
#pragma once
/// What a rule file sees: the fleet with its clusters and VPCs (Context), a way
/// to report (Emitter), and small shared helpers. Rules never print.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.hpp"
#include "diag/fix.hpp"
#include "lint/cluster.hpp"
#include "lint/fold.hpp"
#include "lint/lint.hpp"
#include "model/model.hpp"

namespace havip::lint {

/// The read-only world of one run.
class Context {
  public:
    Context(const model::Fleet& f, const source::SourceMap& s, const Options& o, const Topology& t)
        : fleet(f), sm(s), opt(o), topo(t) {}

    const model::Fleet& fleet;
    const source::SourceMap& sm;
    const Options& opt;
    const Topology& topo;
    /// Per node, per suppression: did it silence anything (set for "suppression" rules).
    const std::vector<std::vector<std::uint8_t>>* suppression_used = nullptr;
    /// The run's policy (set for "suppression" rules): a code it turns off cannot fire.
    const Policy* policy = nullptr;

    const model::Node& node(std::uint32_t n) const { return fleet.nodes[n]; }
    const model::Node& node(InstRef r) const { return fleet.nodes[r.node]; }
    const model::Instance& inst(InstRef r) const { return fleet.nodes[r.node].instances[r.inst]; }
    /// The oldest keepalived the node must run on: its inventory entry, else --target-keepalived.
    model::Version target(std::uint32_t node) const;
    const model::HostFacts* host(std::uint32_t node) const { return topo.hosts[node]; }
    std::string name_of(const Cluster& c) const { return cluster_name(fleet, c); }

    /// Calls f(InstRef, const Node&, const Instance&) for every instance in fleet order.
    template <class F>
    void each_instance(F&& f) const {
        for (std::uint32_t n = 0; n < fleet.nodes.size(); ++n) {
            const auto& node = fleet.nodes[n];
            for (std::uint32_t i = 0; i < node.instances.size(); ++i) f(InstRef{n, i}, node, node.instances[i]);
        }
    }
};

/// Collects one rule's findings, stamped with its code and default severity.
class Emitter {
  public:
    explicit Emitter(std::vector<diag::Diagnostic>& out, std::vector<std::pair<std::size_t, Fold>>* folds = nullptr)
        : out_(out), folds_(folds) {}
    void begin(const RuleMeta& m) { meta_ = &m; }
    /// A finding at the rule's default severity.
    diag::Builder make(std::string message) const;
    /// A finding whose severity depends on the case (HV101, HV105, HV205).
    diag::Builder make(diag::Severity sev, std::string message) const;
    void report(diag::Builder& b) { out_.push_back(std::move(b.d)); }
    void report(diag::Builder&& b) { out_.push_back(std::move(b.d)); }
    /// A per-instance (or per-cluster) finding that folds with the others of
    /// its code and `f.key` into one when several survive suppression.
    void report(diag::Builder& b, Fold f) {
        if (folds_) folds_->emplace_back(out_.size(), std::move(f));
        out_.push_back(std::move(b.d));
    }

  private:
    std::vector<diag::Diagnostic>& out_;
    std::vector<std::pair<std::size_t, Fold>>* folds_;
    const RuleMeta* meta_ = nullptr;
};

/// A rule with its metadata held as data; subclasses add check().
class RuleBase : public Rule {
  public:
    explicit RuleBase(RuleMeta m) : meta_(std::move(m)) {}
    const RuleMeta& meta() const override { return meta_; }

  private:
    RuleMeta meta_;
};

// ---- helpers shared by rule files -------------------------------------------

/// The guide's mode of a cluster: declared in havip.toml, else inferred from
/// its members (state MASTER and unequal priorities point to standing; equal
/// priorities and nopreempt to non-standing; a tie goes to standing when a
/// member says MASTER).
struct ModeInfo {
    model::Mode mode = model::Mode::Unknown;
    bool declared = false;
    source::Span declared_at;
    int masters = 0;  ///< members with `state MASTER`
    bool any_nopreempt = false;
    bool equal_priorities = true;
};
ModeInfo cluster_mode(const Context& cx, const Cluster& c);

/// `text` in backticks, the way messages quote values (diag::tick), and an address so.
using diag::tick;
std::string tick(const model::IpAddr& a);
std::string vstr(const model::Version& v);
/// "1" for 1 s, "0.5" for 500 ms (an advert interval in µs).
std::string seconds(std::uint32_t us);

/// The edits of a fix: every one of `edits` present, else none (a fix is whole or absent).
inline std::vector<diag::Edit> all_of(std::initializer_list<std::optional<diag::Edit>> edits) {
    std::vector<diag::Edit> out;
    for (const auto& e : edits) {
        if (!e) return {};
        out.push_back(*e);
    }
    return out;
}

/// `a` when valid, else `b`.
inline source::Span or_else(source::Span a, source::Span b) { return a.valid() ? a : b; }
/// Where to point at an instance as a whole: its name, else its block.
source::Span anchor(const model::Instance& i);
/// The span of a Located value when written, else `fallback`.
template <class T>
source::Span at_or(const model::Located<T>& v, source::Span fallback) {
    return v.set && v.span.valid() ? static_cast<source::Span>(v.span) : fallback;
}

/// The weight a track entry applies: its own, else its vrrp_script's (0: none → FAULT).
int track_weight(const model::Node& n, const model::TrackRef& t);
const model::Script* find_script(const model::Node& n, std::string_view name);

inline bool is_unicast(const model::Instance& i) { return !i.peers.empty(); }
/// The interface a VIP is bound to: its `dev`, else the instance's interface.
const std::string& vip_dev(const model::Instance& i, const model::Vip& v);
/// True for a VIP on the instance's own interface: a HAVIP of the cluster. A VIP
/// with `dev` another interface (Neutron's qg-… gateway ports) is an address
/// keepalived adds there, not a HAVIP of the cluster's subnet (HV103, HV104).
bool on_havip_interface(const model::Instance& i, const model::Vip& v);
/// True when the host facts list `a` on any interface.
bool host_has(const model::HostFacts* h, const model::IpAddr& a);
bool host_knows_addresses(const model::HostFacts* h);
/// Calls f(keyword, const Command&) for each notify command of an instance that is set
/// (a callback, not a list: rules call it for every instance of the fleet).
template <class F>
void each_notify(const model::Instance& i, F&& f) {
    const std::pair<const char*, const model::Command*> all[] = {
        {"notify_master", &i.notify_master},
        {"notify_backup", &i.notify_backup},
        {"notify_fault", &i.notify_fault},
        {"notify_stop", &i.notify_stop},
        {"notify", &i.notify},
        {"notify_master_rx_lower_pri", &i.notify_master_rx_lower_pri},
        {"notify_deleted", &i.notify_deleted},
    };
    for (const auto& [kw, c] : all)
        if (!c->empty()) f(kw, *c);
}

/// The Fold of a finding whose message does not name its instance (or cluster):
/// equal messages about `what` ("instances", "clusters") of one node fold into
/// "<message> (<n> <what> of node `x`: `a`, `b` …)". `extra` joins the key when
/// equal messages may still differ (another node named in a label).
Fold fold_in_node(const Context& cx, std::uint32_t node, std::string item, std::string_view message,
                  std::string_view what = "instances", std::string_view extra = {});

/// HV3xx: reports every keyword use `pick` selects as a feature havipd does not
/// execute (`what` names the feature, e.g. "LVS").
void report_unsupported(const Context& cx, Emitter& out, bool (*pick)(const model::KeywordUse&), std::string_view what);
/// The first segment of a block path ("virtual_server/real_server" → "virtual_server").
std::string_view top_block(std::string_view block);

}  // namespace havip::lint

/// Defines the accessor `fn()` that the registry calls for a rule class.
#define HAVIP_LINT_RULE(fn, Class)    \
    namespace havip::lint::rules {    \
    const ::havip::lint::Rule& fn() { \
        static const Class instance;  \
        return instance;              \
    }                                 \
    }
