// SPDX-License-Identifier: MIT
#pragma once
/// The lint policy file `.havip-lint.toml` (found upward from the inputs):
/// ignored codes, severity overrides, failure threshold, target keepalived
/// version, subnets. Read into plain structs; the CLI applies them under its own
/// options (the command line wins).
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "source/source_map.hpp"
#include "syntax/toml/text.hpp"

namespace havip::syntax::toml {

/// `severity = { HV211 = "off" }`: one entry.
struct PolicySeverity {
    Text code;   ///< "HV211" (checked HVnnn)
    Text level;  ///< error | warning | info | off (checked)
};

/// `.havip-lint.toml`, found upward from the inputs; the command line wins over it.
struct Policy {
    source::FileId file = source::kNoFile;
    std::vector<Text> ignore;  ///< codes
    std::vector<PolicySeverity> severity;
    Text failure_threshold;      ///< error | warning | info, empty when not written
    Text target_keepalived;      ///< "2.2.7", empty when not written
    std::vector<Text> subnets;   ///< as --subnet
    std::optional<bool> werror;  ///< as --werror
    Text inventory;              ///< as --inventory, relative to the policy file's directory
};

/// Reads a policy file: nullopt on I/O (HV002) or TOML syntax (HV001) errors;
/// otherwise the valid entries, with HV003/HV004 for the rest.
std::optional<Policy> read_policy(source::SourceMap& sm, const std::string& path, diag::DiagSink& sink);
std::optional<Policy> read_policy_text(source::SourceMap& sm, std::string name, std::string text, diag::DiagSink& sink);

}  // namespace havip::syntax::toml
