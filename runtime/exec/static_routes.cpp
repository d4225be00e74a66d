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

#include <fmt/format.h>

#include "exec/executor_impl.hpp"

namespace havip::exec {

using sys::Level;
using sys::Status;

// A line whose device the host lacks is skipped with an error line, as
// keepalived 2.2.7 skips it ("interface ... doesn't exist"), and the node runs;
// its index is kNoDevice, so it is not added, and a reload tries it again.
void Executor::Impl::resolve_statics(const NodeConfig& c, std::vector<int>& oif) {
    oif.clear();
    for (const auto& r : c.static_routes) {
        int idx = 0;
        if (!r.rule && !r.dev.empty()) {
            auto i = host.ifindex(r.dev);
            if (!i)
                host.log(Level::error, "static_skipped",
                         {{"kind", "route"}, {"dev", r.dev}, {"error", i.message()}, {"why", "no such device"}});
            idx = i ? *i : kNoDevice;
        }
        oif.push_back(idx);
    }
}

void Executor::Impl::change_statics(const std::vector<RouteSpec>& list, const std::vector<int>& oif,
                                    const std::vector<std::size_t>& which, bool add) {
    std::vector<std::size_t> on_device;  // a line without its device is not sent
    for (std::size_t i : which)
        if (oif[i] != kNoDevice) on_device.push_back(i);
    if (on_device.empty()) return;
    route_scratch.clear();
    for (std::size_t i : on_device) route_scratch.push_back(route_change(list[i], oif[i], add));
    const std::vector<Status> st = host.change_routes(route_scratch);
    for (std::size_t k = 0; k < on_device.size(); ++k) {
        const std::size_t i = on_device[k];
        const Status ok = k < st.size() ? st[k] : Status::error("no answer");
        const int err = ok.code();
        const std::string what = route_scratch[k].str();
        const char* kind = list[i].rule ? "rule" : "route";
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

/// The indexes of `list` that are routes (rule = false) or rules, as `pick` says.
template <class Pick>
std::vector<std::size_t> pick_statics(const std::vector<RouteSpec>& list, bool rules, Pick pick) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < list.size(); ++i)
        if (list[i].rule == rules && pick(i)) out.push_back(i);
    return out;
}

void Executor::Impl::resolve_static_addresses(const NodeConfig& c, std::vector<int>& ifindex) {
    ifindex.clear();
    for (const auto& a : c.static_addresses) {
        auto i = host.ifindex(a.dev);
        if (!i)
            host.log(Level::error, "static_skipped",
                     {{"kind", "address"},
                      {"address", a.addr.str()},
                      {"dev", a.dev},
                      {"error", i.message()},
                      {"why", "no such device"}});
        ifindex.push_back(i ? *i : kNoDevice);
    }
}

void Executor::Impl::change_static_addresses(const std::vector<VipSpec>& list, const std::vector<int>& ifindex,
                                             const std::vector<std::size_t>& which, bool add) {
    std::vector<std::size_t> on_device;  // an address without its device is not sent
    for (std::size_t i : which)
        if (ifindex[i] != kNoDevice) on_device.push_back(i);
    if (on_device.empty()) return;
    vip_scratch.clear();
    for (std::size_t i : on_device) vip_scratch.push_back(vip_change(list[i], ifindex[i], add));
    const std::vector<Status> st = host.change_addresses(vip_scratch);
    for (std::size_t k = 0; k < on_device.size(); ++k) {
        const std::size_t i = on_device[k];
        const Status ok = k < st.size() ? st[k] : Status::error("no answer");
        const int err = ok.code();
        const VipSpec& a = list[i];
        const std::string what = address_text(a);
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

std::string address_text(const VipSpec& a) {
    return fmt::format("{}/{} dev {}", a.addr.str(), a.prefix < 0 ? (a.addr.is_v4() ? 32 : 128) : a.prefix, a.dev);
}

void Executor::Impl::install_statics() {
    if (statics_on) return;
    statics_on = true;  // from here until the stop (a reload adds to an empty list too)
    static_mine.assign(cfg.static_routes.size(), false);
    static_addr_mine.assign(cfg.static_addresses.size(), false);
    resolve_static_addresses(cfg, static_addr_ifindex);
    std::vector<std::size_t> every(cfg.static_addresses.size());
    for (std::size_t i = 0; i < every.size(); ++i) every[i] = i;
    change_static_addresses(cfg.static_addresses, static_addr_ifindex, every, true);
    if (cfg.static_routes.empty()) return;
    resolve_statics(cfg, static_oif);
    auto all = [](std::size_t) { return true; };
    change_statics(cfg.static_routes, static_oif, pick_statics(cfg.static_routes, false, all), true);  // routes,
    change_statics(cfg.static_routes, static_oif, pick_statics(cfg.static_routes, true, all), true);   // then rules
}

void Executor::Impl::remove_statics() {
    if (!statics_on) return;
    statics_on = false;
    auto mine = [this](std::size_t i) { return static_mine[i]; };
    change_statics(cfg.static_routes, static_oif, pick_statics(cfg.static_routes, true, mine), false);
    change_statics(cfg.static_routes, static_oif, pick_statics(cfg.static_routes, false, mine), false);
    std::vector<std::size_t> addrs;
    for (std::size_t i = 0; i < cfg.static_addresses.size(); ++i)
        if (static_addr_mine[i]) addrs.push_back(i);
    change_static_addresses(cfg.static_addresses, static_addr_ifindex, addrs, false);
}

void Executor::Impl::update_static_addresses(const std::vector<VipSpec>& old) {
    std::vector<int> new_ifindex;
    resolve_static_addresses(cfg, new_ifindex);
    // A change of no_track alone keeps the address.
    auto find = [](const std::vector<VipSpec>& list, const std::vector<int>& idx, const VipSpec& a, int i) {
        for (std::size_t k = 0; k < list.size() && k < idx.size(); ++k)
            if (same_address(list[k], a) && list[k].dev == a.dev && idx[k] == i) return static_cast<long>(k);
        return -1L;
    };
    std::vector<bool> mine(cfg.static_addresses.size(), false);
    std::vector<std::size_t> fresh;
    for (std::size_t i = 0; i < cfg.static_addresses.size(); ++i) {
        if (const long k = find(old, static_addr_ifindex, cfg.static_addresses[i], new_ifindex[i]); k >= 0)
            mine[i] = static_addr_mine[static_cast<std::size_t>(k)];
        if (!mine[i]) fresh.push_back(i);  // new, or kept but not added (keepalived retries it)
    }
    std::vector<std::size_t> dropped;  // indexes of `old`, with the old devices and marks
    for (std::size_t i = 0; i < old.size(); ++i)
        if (static_addr_mine[i] && find(cfg.static_addresses, new_ifindex, old[i], static_addr_ifindex[i]) < 0)
            dropped.push_back(i);
    change_static_addresses(old, static_addr_ifindex, dropped, false);
    static_addr_ifindex = std::move(new_ifindex);
    static_addr_mine = std::move(mine);
    change_static_addresses(cfg.static_addresses, static_addr_ifindex, fresh, true);
}

void Executor::Impl::update_statics(const std::vector<RouteSpec>& old, const std::vector<VipSpec>& old_addresses) {
    if (!statics_on) return;  // not started yet: start() installs the new ones
    // keepalived's order: the dropped go (rules, routes, addresses), then the new
    // come (addresses, routes, rules); here per kind, addresses first.
    update_static_addresses(old_addresses);
    std::vector<int> new_oif;
    resolve_statics(cfg, new_oif);
    auto find = [](const std::vector<RouteSpec>& list, const std::vector<int>& oif, const RouteSpec& r, int o) {
        const sys::RouteChange c = route_change(r, o, true);
        for (std::size_t k = 0; k < list.size() && k < oif.size(); ++k)
            if (route_change(list[k], oif[k], true).same(c)) return static_cast<long>(k);
        return -1L;
    };
    // The new list's marks: a kept entry keeps its own, a new one is not set
    // yet; both a new one and one kept but never added are added (as keepalived).
    std::vector<bool> mine(cfg.static_routes.size(), false);
    for (std::size_t i = 0; i < cfg.static_routes.size(); ++i)
        if (const long k = find(old, static_oif, cfg.static_routes[i], new_oif[i]); k >= 0)
            mine[i] = static_mine[static_cast<std::size_t>(k)];
    // The dropped ones go first (rules, then routes), from the old list with its devices and marks.
    auto dropped = [&](std::size_t i) {
        return static_mine[i] && find(cfg.static_routes, new_oif, old[i], static_oif[i]) < 0;
    };
    change_statics(old, static_oif, pick_statics(old, true, dropped), false);
    change_statics(old, static_oif, pick_statics(old, false, dropped), false);
    static_oif = std::move(new_oif);
    static_mine = std::move(mine);
    auto unmarked = [this](std::size_t i) { return !static_mine[i]; };
    change_statics(cfg.static_routes, static_oif, pick_statics(cfg.static_routes, false, unmarked), true);
    change_statics(cfg.static_routes, static_oif, pick_statics(cfg.static_routes, true, unmarked), true);
}

}  // namespace havip::exec
