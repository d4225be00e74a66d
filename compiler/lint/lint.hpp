// SPDX-License-Identifier: MIT
#pragma once
/// havip-lint's engine: the rule registry, the runner (clusters, VPCs, every
/// rule, suppressions, policy) and the --explain pages. It reads only the
/// model; the front ends report HV0xx themselves.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.hpp"
#include "diag/render.hpp"
#include "model/catalogue.hpp"
#include "model/inventory.hpp"
#include "model/model.hpp"
#include "source/source_map.hpp"

namespace havip::lint {

/// What the rules need to know beyond the configs themselves.
struct Options {
    model::Version target_keepalived{1, 2, 24};  ///< --target-keepalived (inventory nodes override)
    std::vector<model::Cidr> subnets;            ///< --subnet
    model::Inventory inventory;                  ///< --inventory
    int havip_per_eni_limit = 5;                 ///< HV104
    bool havipd_target = false;                  ///< HV3xx on (compile --target havipd, lint --havipd)
    bool check_scripts_on_host = false;          ///< HV206 also stats script files on this host
    unsigned jobs = 1;                           ///< threads the rules run on (findings are the same for any number)
};

/// --ignore, --severity, .havip-lint.toml, --werror, --failure-threshold.
struct Policy {
    std::map<std::string, diag::Severity> severity;  ///< code (or slug) → level; Off = ignore
    bool werror = false;
    diag::Severity failure_threshold = diag::Severity::Error;
};

/// What a rule reads (the "Scope:" line of its --explain page).
enum class Scope : std::uint8_t {
    Input,         ///< "input": a front end's own finding (HV0xx), not a rule
    Node,          ///< "node": one node at a time
    CrossNode,     ///< "X-node": the members of a cluster together
    CrossCluster,  ///< "X-cluster": the clusters of a VPC (or the fleet) together
    Suppression,   ///< "suppression": the inline suppressions, after every other rule ran
};
/// "input", "node", "X-node", "X-cluster", "suppression".
std::string_view scope_name(Scope s);

/// Which runs a rule belongs to.
enum class Audience : std::uint8_t {
    Any,     ///< every run
    Havipd,  ///< only when havipd is the target (compile --target havipd, lint --havipd): HV3xx
};

/// One rule's identity. Codes are a public contract: never reused or renumbered.
struct RuleMeta {
    std::string code;                                 ///< "HV101"
    std::string slug;                                 ///< "duplicate-vrid"
    std::string summary;                              ///< one line, lowercase
    diag::Severity severity = diag::Severity::Error;  ///< default (a finding may state its own)
    Scope scope = Scope::Node;
    Audience audience = Audience::Any;
};

class Context;
class Emitter;

/// A rule sees the whole fleet (through Context) and reports through Emitter.
class Rule {
  public:
    virtual ~Rule();
    virtual const RuleMeta& meta() const = 0;
    virtual void check(const Context& cx, Emitter& out) const = 0;
};

/// Every rule, sorted by code (HV1xx–HV3xx and the HV9xx suppression checks).
const std::vector<const Rule*>& registry();

/// The rule with `code` (in any case: `hv203`) or `slug`, or null.
const Rule* find_rule(std::string_view code_or_slug);

/// Metadata of every code the tools can emit (HV0xx front-end codes included),
/// for --list-rules, JSON and SARIF; `help` is the --explain page.
std::vector<diag::RuleInfo> rule_infos();

/// The --explain page of a code (markdown), embedded in the binary.
std::optional<std::string_view> explain(std::string_view code);

/// True for codes (or their slugs) that no suppression or policy can silence (HV0xx errors).
bool unsuppressible(std::string_view code);

/// Runs every rule over the fleet, applies suppressions (reporting those that
/// suppress nothing) and the policy; appends to `out`, sorted by file/position.
/// Rules read fleet.nodes, one description per node name: a fleet built by hand
/// goes through driver::set_twins_aside first, as the driver's load does.
void run(const model::Fleet& fleet, const source::SourceMap& sm, const Options& opt, const Policy& policy,
         diag::DiagSink& out);

}  // namespace havip::lint
