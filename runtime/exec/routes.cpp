// SPDX-License-Identifier: MIT
// virtual_routes and virtual_rules: installed with the VIPs when an instance
// becomes master (after them), removed with them when it leaves (before them),
// through the tail like the VIPs, so the packet path never waits on netlink.
#include <cerrno>

#include "exec/executor_impl.hpp"

namespace havip::exec {

using sys::Level;
using sys::Status;

sys::RouteChange route_change(const RouteSpec& r, int oif, bool add) {
    sys::RouteChange c;
    c.add = add;
    c.rule = r.rule;
    c.family = r.family;
    c.dst = r.dst;
    c.dst_len = r.dst_len;
    c.src = r.src;
    c.src_len = r.src_len;
    c.via = r.via;
    c.oif = r.rule ? 0 : oif;
    if (r.rule) {
        c.iif_name = r.dev;
        c.oif_name = r.oif;
    }
    c.table = r.table;
    c.priority = r.priority;
    c.scope = r.scope;
    c.type = r.type;
    c.onlink = r.onlink;
    c.has_fwmark = r.has_fwmark;
    c.fwmark = r.fwmark;
    c.fwmask = r.fwmask;
    return c;
}

Status Executor::Impl::resolve_routes(Inst& in) {
    in.route_oif.clear();
    for (const auto& r : in.spec.routes) {
        int oif = 0;
        if (!r.rule && !r.dev.empty()) {
            auto idx = host.ifindex(r.dev);
            if (!idx) return Status::error("instance `" + in.spec.vrrp.name + "`: route dev: " + idx.message());
            oif = *idx;
        }
        in.route_oif.push_back(oif);
    }
    return {};
}

void Executor::Impl::set_routes(Inst& in, bool on) {
    if (in.spec.routes.empty()) return;
    route_scratch.clear();
    for (std::size_t i = 0; i < in.spec.routes.size(); ++i)
        route_scratch.push_back(route_change(in.spec.routes[i], in.route_oif[i], on));
    tail.routes(&in, on, route_scratch);
}

void Executor::Impl::update_routes(Inst& in, const std::vector<RouteSpec>& old, const std::vector<int>& old_oif) {
    auto find = [](const std::vector<sys::RouteChange>& in_list, const sys::RouteChange& c) {
        for (const auto& x : in_list)
            if (x.same(c)) return true;
        return false;
    };
    std::vector<sys::RouteChange> before, after;
    for (std::size_t i = 0; i < old.size(); ++i) before.push_back(route_change(old[i], old_oif[i], false));
    for (std::size_t i = 0; i < in.spec.routes.size(); ++i)
        after.push_back(route_change(in.spec.routes[i], in.route_oif[i], true));
    route_scratch.clear();
    for (const auto& c : before)
        if (!find(after, c)) route_scratch.push_back(c);
    if (!route_scratch.empty()) tail.routes(&in, false, route_scratch);
    route_scratch.clear();
    for (const auto& c : after)
        if (!find(before, c)) route_scratch.push_back(c);
    if (!route_scratch.empty()) tail.routes(&in, true, route_scratch);
}

void Executor::Impl::remove_stale_routes(Inst& in) {
    if (in.spec.routes.empty()) return;
    // Rules first, then routes: the reverse of their installation.
    route_scratch.clear();
    for (int pass = 0; pass < 2; ++pass)
        for (std::size_t i = 0; i < in.spec.routes.size(); ++i)
            if (in.spec.routes[i].rule == (pass == 0))
                route_scratch.push_back(route_change(in.spec.routes[i], in.route_oif[i], false));
    std::vector<Status> st = host.change_routes(route_scratch);
    for (std::size_t i = 0; i < route_scratch.size() && i < st.size(); ++i) {
        const int err = st[i].code();
        if (!st[i].ok() && (err == ESRCH || err == ENOENT)) continue;  // not there: nothing was left
        host.log(st[i].ok() ? Level::notice : Level::error, "stale_route_removed",
                 {{"instance", in.spec.vrrp.name},
                  {"route", route_scratch[i].str()},
                  {"ok", st[i].ok()},
                  {"error", st[i].ok() ? std::string() : st[i].message()}});
    }
}

void Executor::Impl::log_routes(const Tail::Item& it) {
    Inst& in = *it.in;
    int failed = 0;
    for (std::size_t i = 0; i < it.vip_status.size(); ++i) {
        if (it.vip_status[i]) continue;
        ++failed;
        host.log(Level::error, it.on ? "route_add_failed" : "route_remove_failed",
                 {{"instance", in.spec.vrrp.name}, {"error", it.vip_status[i].message()}});
    }
    host.log(Level::info, it.on ? "routes_added" : "routes_removed",
             {{"instance", in.spec.vrrp.name}, {"count", it.n}, {"failed", failed}});
}

}  // namespace havip::exec
