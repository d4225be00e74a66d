// SPDX-License-Identifier: MIT
// static_ipaddress, static_routes and static_rules: the node's own addresses,
// routes and rules, which no instance's state moves. As keepalived 2.2.7:
// installed once when the daemon starts (before any instance runs, before
// vrrp_startup_delay), addresses, then routes, then rules; removed when it
// stops (after the instances released their VIPs) in the reverse order; a
// reload removes the dropped ones and adds the new. One already there when
// havipd adds it (a killed run's) is taken as installed and removed at stop,
// as keepalived does; one that could not be added is not removed.
#include <cerrno>

#include "exec/executor_impl.hpp"

namespace havip::exec {

using sys::Level;
using sys::Status;

Status Executor::Impl::resolve_statics(const NodeConfig& c, std::vector<int>& oif) {
    oif.clear();
    for (const auto& r : c.static_routes) {
        int idx = 0;
        if (!r.rule && !r.dev.empty()) {
            auto i = host.ifindex(r.dev);
            if (!i) return Status::error("static route dev: " + i.message());
            idx = *i;
        }
        oif.push_back(idx);
    }
    return {};
}

void Executor::Impl::change_statics(const std::vector<std::size_t>& which, bool add) {
    if (which.empty()) return;
    route_scratch.clear();
    for (std::size_t i : which) route_scratch.push_back(route_change(cfg.static_routes[i], static_oif[i], add));
    const std::vector<Status> st = host.change_routes(route_scratch);
    for (std::size_t k = 0; k < which.size(); ++k) {
        const std::size_t i = which[k];
        const Status ok = k < st.size() ? st[k] : Status::error("no answer");
        const int err = ok.code();
        const std::string what = route_scratch[k].str();
        const char* kind = cfg.static_routes[i].rule ? "rule" : "route";
        if (add) {
            // Already there (a killed run's): installed all the same, as keepalived takes it.
            static_mine[i] = ok.ok() || err == EEXIST;
            if (static_mine[i])
                host.log(Level::info, "static_added", {{"kind", kind}, {"route", what}, {"present", err == EEXIST}});
            else
                host.log(Level::error, "static_add_failed", {{"kind", kind}, {"route", what}, {"error", ok.message()}});
            continue;
        }
        static_mine[i] = false;
        if (ok.ok() || err == ESRCH || err == ENOENT)
            host.log(Level::info, "static_removed", {{"kind", kind}, {"route", what}, {"present", ok.ok()}});
        else
            host.log(Level::error, "static_remove_failed", {{"kind", kind}, {"route", what}, {"error", ok.message()}});
    }
}

/// The indexes of cfg.static_routes that are routes (rule = false) or rules, as `pick` says.
template <class Pick>
std::vector<std::size_t> pick_statics(const NodeConfig& c, bool rules, Pick pick) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < c.static_routes.size(); ++i)
        if (c.static_routes[i].rule == rules && pick(i)) out.push_back(i);
    return out;
}

Status Executor::Impl::resolve_static_addresses(const NodeConfig& c, std::vector<int>& ifindex) {
    ifindex.clear();
    for (const auto& a : c.static_addresses) {
        auto i = host.ifindex(a.dev);
        if (!i) return Status::error("static address " + a.addr.str() + ": " + i.message());
        ifindex.push_back(*i);
    }
    return {};
}

void Executor::Impl::change_static_addresses(const std::vector<std::size_t>& which, bool add) {
    if (which.empty()) return;
    vip_scratch.clear();
    for (std::size_t i : which) vip_scratch.push_back(vip_change(cfg.static_addresses[i], static_addr_ifindex[i], add));
    const std::vector<Status> st = host.change_addresses(vip_scratch);
    for (std::size_t k = 0; k < which.size(); ++k) {
        const std::size_t i = which[k];
        const Status ok = k < st.size() ? st[k] : Status::error("no answer");
        const int err = ok.code();
        const VipSpec& a = cfg.static_addresses[i];
        const std::string what = a.addr.str() + "/" +
                                 std::to_string(a.prefix < 0 ? (a.addr.is_v4() ? 32 : 128) : a.prefix) + " dev " +
                                 a.dev;
        if (add) {
            static_addr_mine[i] = ok.ok() || err == EEXIST;
            if (static_addr_mine[i])
                host.log(Level::info, "static_added",
                         {{"kind", "address"}, {"address", what}, {"present", err == EEXIST}});
            else
                host.log(Level::error, "static_add_failed",
                         {{"kind", "address"}, {"address", what}, {"error", ok.message()}});
            continue;
        }
        static_addr_mine[i] = false;
        if (ok.ok() || err == EADDRNOTAVAIL || err == ENODEV)
            host.log(Level::info, "static_removed", {{"kind", "address"}, {"address", what}, {"present", ok.ok()}});
        else
            host.log(Level::error, "static_remove_failed",
                     {{"kind", "address"}, {"address", what}, {"error", ok.message()}});
    }
}

void Executor::Impl::install_statics() {
    if (statics_on) return;
    statics_on = true;  // from here until the stop (a reload adds to an empty list too)
    static_mine.assign(cfg.static_routes.size(), false);
    static_addr_mine.assign(cfg.static_addresses.size(), false);
    if (Status st = resolve_static_addresses(cfg, static_addr_ifindex); !st) {
        static_addr_ifindex.assign(cfg.static_addresses.size(), 0);
        host.log(Level::error, "static_add_failed", {{"error", st.message()}});
    } else {
        std::vector<std::size_t> all(cfg.static_addresses.size());
        for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
        change_static_addresses(all, true);
    }
    if (cfg.static_routes.empty()) return;
    if (Status st = resolve_statics(cfg, static_oif); !st) {
        static_oif.assign(cfg.static_routes.size(), 0);
        host.log(Level::error, "static_add_failed", {{"error", st.message()}});
        return;
    }
    auto all = [](std::size_t) { return true; };
    change_statics(pick_statics(cfg, false, all), true);  // routes, then rules
    change_statics(pick_statics(cfg, true, all), true);
}

void Executor::Impl::remove_statics() {
    if (!statics_on) return;
    statics_on = false;
    auto mine = [this](std::size_t i) { return static_mine[i]; };
    change_statics(pick_statics(cfg, true, mine), false);
    change_statics(pick_statics(cfg, false, mine), false);
    std::vector<std::size_t> addrs;
    for (std::size_t i = 0; i < cfg.static_addresses.size(); ++i)
        if (static_addr_mine[i]) addrs.push_back(i);
    change_static_addresses(addrs, false);
}

void Executor::Impl::update_static_addresses(const std::vector<VipSpec>& old) {
    std::vector<int> new_ifindex;
    if (Status st = resolve_static_addresses(cfg, new_ifindex); !st) {  // validate_config checked the devices
        host.log(Level::error, "static_add_failed", {{"error", st.message()}});
        new_ifindex.assign(cfg.static_addresses.size(), 0);
    }
    auto find = [](const std::vector<VipSpec>& list, const std::vector<int>& idx, const VipSpec& a, int i) {
        for (std::size_t k = 0; k < list.size() && k < idx.size(); ++k)
            if (list[k] == a && idx[k] == i) return static_cast<long>(k);
        return -1L;
    };
    std::vector<bool> mine(cfg.static_addresses.size(), false);
    std::vector<std::size_t> fresh;
    for (std::size_t i = 0; i < cfg.static_addresses.size(); ++i) {
        if (const long k = find(old, static_addr_ifindex, cfg.static_addresses[i], new_ifindex[i]); k >= 0)
            mine[i] = static_addr_mine[static_cast<std::size_t>(k)];
        if (!mine[i]) fresh.push_back(i);  // new, or kept but not added (keepalived retries it)
    }
    std::vector<VipSpec> next = std::move(cfg.static_addresses);
    cfg.static_addresses = old;
    std::vector<std::size_t> dropped;
    for (std::size_t i = 0; i < old.size(); ++i)
        if (static_addr_mine[i] && find(next, new_ifindex, old[i], static_addr_ifindex[i]) < 0) dropped.push_back(i);
    change_static_addresses(dropped, false);
    cfg.static_addresses = std::move(next);
    static_addr_ifindex = std::move(new_ifindex);
    static_addr_mine = std::move(mine);
    change_static_addresses(fresh, true);
}

void Executor::Impl::update_statics(const std::vector<RouteSpec>& old, const std::vector<VipSpec>& old_addresses) {
    if (!statics_on) return;  // not started yet: start() installs the new ones
    // keepalived's order: the dropped go (rules, routes, addresses), then the new
    // come (addresses, routes, rules); here per kind, addresses first.
    update_static_addresses(old_addresses);
    std::vector<int> new_oif;
    if (Status st = resolve_statics(cfg, new_oif); !st) {  // validate_config checked the devices
        host.log(Level::error, "static_add_failed", {{"error", st.message()}});
        new_oif.assign(cfg.static_routes.size(), 0);
    }
    auto find = [](const std::vector<RouteSpec>& list, const std::vector<int>& oif, const RouteSpec& r, int o) {
        const sys::RouteChange c = route_change(r, o, true);
        for (std::size_t k = 0; k < list.size() && k < oif.size(); ++k)
            if (route_change(list[k], oif[k], true).same(c)) return static_cast<long>(k);
        return -1L;
    };
    // The new list's marks: a kept entry keeps its own, a new one is not set
    // yet; both a new one and one kept but never added are added (as keepalived).
    std::vector<bool> mine(cfg.static_routes.size(), false), fresh(cfg.static_routes.size(), true);
    for (std::size_t i = 0; i < cfg.static_routes.size(); ++i) {
        if (const long k = find(old, static_oif, cfg.static_routes[i], new_oif[i]); k >= 0)
            mine[i] = static_mine[static_cast<std::size_t>(k)];
        fresh[i] = !mine[i];
    }
    // The dropped ones go first (rules, then routes), read from the old list.
    std::vector<RouteSpec> next = std::move(cfg.static_routes);
    cfg.static_routes = old;
    auto dropped = [&](std::size_t i) {
        return static_mine[i] && find(next, new_oif, cfg.static_routes[i], static_oif[i]) < 0;
    };
    change_statics(pick_statics(cfg, true, dropped), false);
    change_statics(pick_statics(cfg, false, dropped), false);
    cfg.static_routes = std::move(next);
    static_oif = std::move(new_oif);
    static_mine = std::move(mine);
    auto is_new = [&fresh](std::size_t i) { return fresh[i]; };
    change_statics(pick_statics(cfg, false, is_new), true);
    change_statics(pick_statics(cfg, true, is_new), true);
}

}  // namespace havip::exec
