// SPDX-License-Identifier: MIT
#include "sim/plan_nodes.hpp"

#include "plan/loader.hpp"
#include "vrrp/from_plan.hpp"

namespace havip::sim {

base::Result<NodeSpec> node_from_plan(std::span<const std::byte> plan, const std::string& name, std::size_t n) {
    auto view = plan::PlanView::load(plan);
    if (!view) return base::Status::error(view.error().message);
    NodeSpec out;
    out.name = name;
    out.startup_delay = usec(view->node().startup_delay_ms) * 1000;
    for (std::size_t i = 0; i < view->instance_count(); ++i) {
        auto c = vrrp::from_plan(*view, i);
        if (c.source.is_unspecified()) {
            c.source = c.family == vrrp::Family::V4 ? vrrp::IpAddress::v4(192, 0, 2, std::uint8_t(n + 1))
                                                    : *vrrp::IpAddress::parse("2001:db8::" + std::to_string(n + 1));
        }
        out.instances.push_back(std::move(c));
    }
    for (std::size_t i = 0; i < view->sync_group_count(); ++i) {
        auto members = view->sync_group(i).members.to_vector();
        for (auto& c : out.instances)
            for (const auto& m : members)
                if (c.name == m) c.sync_group = true;
        out.sync_groups.push_back(std::move(members));
    }
    return out;
}

base::Result<NodeSpec> node_from_plan_file(const std::string& path, std::size_t n) {
    auto bytes = plan::read_plan_file(path);
    if (!bytes) return base::Status::error(bytes.error().message);
    const auto slash = path.find_last_of('/');
    std::string stem = path.substr(slash == std::string::npos ? 0 : slash + 1);
    if (const auto dot = stem.rfind('.'); dot != std::string::npos && dot > 0) stem.resize(dot);
    auto node = node_from_plan(*bytes, stem, n);
    if (!node) return base::Status::error(path + ": " + node.message());
    return node;
}

}  // namespace havip::sim
