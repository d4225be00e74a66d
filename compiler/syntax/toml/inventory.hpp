// SPDX-License-Identifier: MIT
#pragma once
/// The VPC inventory (`--inventory vpc.toml`, man/havip-inventory.5): VPCs with
/// their subnets and multicast setting, and facts about hosts (ENIs, addresses,
/// keepalived version). Read into plain structs of strings and spans; the driver
/// turns them into model facts (syntax never sees the model).
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "source/source_map.hpp"
#include "syntax/toml/text.hpp"

namespace havip::syntax::toml {

/// [[vpc]]: one VPC (a multicast domain); a node belongs to the VPC whose subnet
/// holds its address.
struct InventoryVpc {
    Text name;
    std::vector<Text> subnets;         ///< CIDRs with prefix (checked)
    bool multicast = false;            ///< multicast enabled on the VPC (by ticket)
    source::Span multicast_span;       ///< invalid when not written
    std::optional<int> havip_per_eni;  ///< HAVIPs per ENI before HV104 (the guide: 5)
    source::Span havip_per_eni_span;
    source::Span span;  ///< the [[vpc]] table
};

/// One ENI of a node and its addresses.
struct InventoryInterface {
    Text name;                    ///< "eth0"
    std::vector<Text> addresses;  ///< "10.0.0.11/24" (a bare address is allowed)
};

/// [[node]]: facts about one host, matched by node name.
struct InventoryNode {
    Text name;                                   ///< the TOML node name, or the .conf file's stem
    Text vpc;                                    ///< optional: the VPC's name when the address does not decide
    Text keepalived;                             ///< "2.2.7": overrides --target-keepalived (checked X.Y[.Z])
    Text default_route_interface;                ///< the ENI on the default route
    std::vector<InventoryInterface> interfaces;  ///< in file order
    source::Span span;                           ///< the [[node]] table
};

struct Inventory {
    source::FileId file = source::kNoFile;
    std::vector<InventoryVpc> vpcs;
    std::vector<InventoryNode> nodes;
};

/// Reads an inventory. nullopt when the file cannot be read (HV002) or is not
/// TOML (HV001); wrong keys (HV003) and values (HV004) are reported and left out,
/// and the rest is returned.
std::optional<Inventory> read_inventory(source::SourceMap& sm, const std::string& path, diag::DiagSink& sink);
std::optional<Inventory> read_inventory_text(source::SourceMap& sm, std::string name, std::string text,
                                             diag::DiagSink& sink);

}  // namespace havip::syntax::toml
