// SPDX-License-Identifier: MIT
#pragma once
/// `havip-compile --emit toml`: one havip.toml (man/havip.toml.5) for a cluster
/// given as its member instances, one per node — the inverse of the TOML front
/// end for what havip.toml can say.
#include <string>
#include <vector>

#include "model/model.hpp"

namespace havip::emit {

struct ClusterMember {
    const model::Node* node = nullptr;
    const model::Instance* instance = nullptr;
};

/// The cluster as havip.toml text. `subnet` may be empty. Settings that differ
/// between members and that havip.toml holds per node (interface, priority,
/// state) go to the [[node]] tables; the rest is taken from the first member.
std::string cluster_toml(const std::vector<ClusterMember>& members, const std::string& subnet);

}  // namespace havip::emit
