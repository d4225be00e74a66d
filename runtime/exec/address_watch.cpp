// SPDX-License-Identifier: MIT
// Addresses removed behind havipd's back (an operator's `ip addr del`, a
// network agent, a DHCP client flushing the link): a master's VIPs and the
// node's static_ipaddress are put back, unless written `no_track`.
//
// keepalived 2.2.7 restores a deleted static address the same way. For a VIP
// it leaves master and takes the VIPs back a skew time later (unless the peer
// wins meanwhile); havipd puts the one VIP back in place and announces the
// instance's VIPs again, so nothing else moves: no notify, no transition,
// no priority-0 advert that would hand the VIPs to the peer.
//
// The kernel reports havipd's own removals too. Those are not put back: an
// instance that released its VIPs is no longer master, a VIP a reload dropped
// is no longer in the spec, and one a reload moved (delete, then add) is on
// the host again when its event arrives; the host's address list is read
// before anything is added.
#include <algorithm>

#include "exec/executor_impl.hpp"

namespace havip::exec {

using sys::Level;
using sys::Status;

namespace {

bool on_host(const std::vector<sys::AddrEntry>& addrs, int ifindex, const sys::IpAddr& a) {
    for (const auto& e : addrs)
        if (e.ifindex == ifindex && e.addr == a) return true;
    return false;
}

}  // namespace

bool Executor::Impl::watched_vip(const Inst& in, std::size_t i) const {
    return in.vips_on && in.fsm->state() == vrrp::State::Master && !in.spec.vips[i].no_track &&
           i < in.vip_ifindex.size();
}

bool Executor::Impl::watched_static(std::size_t i) const {
    return statics_on && i < static_addr_mine.size() && static_addr_mine[i] && !cfg.static_addresses[i].no_track;
}

void Executor::Impl::on_address_removed(const sys::AddrEvent& ev) {
    if (stopping) return;
    bool ours = false;
    for (const auto& in : insts)
        for (std::size_t i = 0; i < in->spec.vips.size() && !ours; ++i)
            ours = watched_vip(*in, i) && in->vip_ifindex[i] == ev.ifindex && in->spec.vips[i].addr == ev.addr;
    for (std::size_t i = 0; i < cfg.static_addresses.size() && !ours; ++i)
        ours = watched_static(i) && static_addr_ifindex[i] == ev.ifindex && cfg.static_addresses[i].addr == ev.addr;
    if (ours) restore_addresses(ev.ifindex);
}

void Executor::Impl::restore_addresses(int ifindex) {
    auto present = host.addresses(ifindex);
    if (!present) {
        host.log(Level::warning, "address_check_failed", {{"error", present.message()}});
        return;
    }
    bool restored = false;
    for (auto& in : insts) {
        vip_scratch.clear();
        std::vector<std::size_t> which;
        for (std::size_t i = 0; i < in->spec.vips.size(); ++i) {
            if (!watched_vip(*in, i) || (ifindex != 0 && in->vip_ifindex[i] != ifindex)) continue;
            if (on_host(*present, in->vip_ifindex[i], in->spec.vips[i].addr)) continue;
            vip_scratch.push_back(vip_change(in->spec.vips[i], in->vip_ifindex[i], true));
            which.push_back(i);
        }
        if (which.empty()) continue;
        const std::vector<Status> st = host.change_addresses(vip_scratch);
        for (std::size_t k = 0; k < which.size(); ++k) {
            const VipSpec& v = in->spec.vips[which[k]];
            const Status ok = k < st.size() ? st[k] : Status::error("no answer");
            if (!ok) {
                host.log(Level::error, "vip_restore_failed",
                         {{"instance", in->spec.vrrp.name}, {"vip", v.addr}, {"error", ok.message()}});
                continue;
            }
            ++in->counters.vips_restored;
            restored = true;
            host.log(Level::warning, "vip_restored",
                     {{"instance", in->spec.vrrp.name}, {"vip", v.addr}, {"why", "removed by something else"}});
        }
        // Neighbours may have dropped the entry with the address: announce again.
        tail.announce(in.get(), std::max<std::uint32_t>(1, in->spec.vrrp.garp.master_repeat));
    }
    if (restored) changed();  // the metrics' restore counts
    std::vector<std::size_t> statics;
    for (std::size_t i = 0; i < cfg.static_addresses.size(); ++i) {
        const VipSpec& a = cfg.static_addresses[i];
        if (!watched_static(i) || (ifindex != 0 && static_addr_ifindex[i] != ifindex)) continue;
        if (on_host(*present, static_addr_ifindex[i], a.addr)) continue;
        host.log(Level::warning, "static_restored",
                 {{"kind", "address"}, {"address", address_text(a)}, {"why", "removed by something else"}});
        statics.push_back(i);
    }
    if (!statics.empty()) change_static_addresses(cfg.static_addresses, static_addr_ifindex, statics, true);
}

}  // namespace havip::exec
