// SPDX-License-Identifier: MIT
#pragma once
/// Facts about the VPC and its hosts that no keepalived.conf states: which
/// subnets form a VPC, whether multicast is on, each node's ENIs and version.
/// Read from `--inventory vpc.toml` (and `--subnet`) by the driver.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/catalogue.hpp"
#include "model/ip.hpp"
#include "source/source_map.hpp"

namespace havip::model {

struct Vpc {
    std::string name;
    std::vector<Cidr> subnets;
    bool multicast = false;
    std::optional<int> havip_per_eni;  ///< HV104's limit in this VPC (default: the option, 5)
    source::Span span;
};

struct HostFacts {
    std::string name;                   ///< node name
    std::string vpc;                    ///< VPC name when the address does not decide
    std::optional<Version> keepalived;  ///< overrides the target version
    std::string default_route_interface;
    std::map<std::string, std::vector<Cidr>> interfaces;  ///< ENI → its addresses (with prefix)
    source::Span span;
};

struct Inventory {
    std::vector<Vpc> vpcs;  ///< empty: everything is one VPC
    std::vector<HostFacts> hosts;
    bool known = false;  ///< an inventory file was given

    const HostFacts* host(std::string_view node) const {
        for (const auto& h : hosts)
            if (h.name == node) return &h;
        return nullptr;
    }
};

}  // namespace havip::model
