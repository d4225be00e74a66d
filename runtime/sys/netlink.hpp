// SPDX-License-Identifier: MIT
#pragma once
/// rtnetlink through libnl3 (libnl-3, libnl-route-3): addresses, links, macvlan
/// VMAC interfaces, and a monitor for link/address events. libnl's headers stay in
/// the netlink*.cpp files; everything here is plain values and Status messages.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sys/addr.hpp"
#include "sys/netlink_batch.hpp"
#include "sys/result.hpp"

namespace havip::sys {

class EventLoop;

/// One address as the kernel lists it.
struct AddrEntry {
    int ifindex = 0;
    IpAddr addr;
    int prefix = 0;
    std::string label;        ///< IPv4 label ("eth0:1"); empty for IPv6
    std::uint32_t flags = 0;  ///< IFA_F_*
    int scope = 0;            ///< RT_SCOPE_*
};

/// One interface.
struct LinkInfo {
    int ifindex = 0;
    std::string name;
    std::string kind;  ///< "macvlan", "veth", ... (empty for plain devices)
    MacAddr mac;
    bool up = false;       ///< IFF_UP: administratively up
    bool running = false;  ///< IFF_RUNNING: operationally up (carrier)
    unsigned mtu = 0;
    int parent = 0;  ///< lower device (macvlan, veth peer index), 0 if none
};

class Netlink {
  public:
    /// Connects a NETLINK_ROUTE socket (needs CAP_NET_ADMIN for changes).
    static Result<std::unique_ptr<Netlink>> open();
    ~Netlink();
    Netlink(const Netlink&) = delete;
    Netlink& operator=(const Netlink&) = delete;

    /// Adds `addr`/`prefix` to ifindex (prefix < 0: /32 or /128). IPv6 addresses
    /// are added with IFA_F_NODAD so they answer at once. An address already
    /// present is not an error when ok_if_present.
    Status add_address(int ifindex, const IpAddr& addr, int prefix = -1, std::string_view label = {},
                       bool ok_if_present = true);
    /// Removes addr from ifindex. prefix < 0: whatever prefix it has. An address
    /// that is not there is not an error when ok_if_absent.
    Status del_address(int ifindex, const IpAddr& addr, int prefix = -1, bool ok_if_absent = true);
    /// Applies every change in order as one batch: the requests go out back to
    /// back (a few sendmsg calls for hundreds of VIPs), then their acks are
    /// matched; one Status per change, in order (see addr_change_status).
    std::vector<Status> change_addresses(std::span<const AddrChange> changes);
    /// Addresses on ifindex (0: every interface), of family 4/6 (0: both).
    Result<std::vector<AddrEntry>> addresses(int ifindex = 0, int family = 0);

    Result<int> ifindex(std::string_view name);
    Result<LinkInfo> link(int ifindex);
    Result<LinkInfo> link(std::string_view name);
    Result<std::vector<LinkInfo>> links();
    Status set_link_up(int ifindex, bool up);

    /// Creates a macvlan `name` on `parent` in private mode with `mac` (the VRRP
    /// virtual MAC), brings it up when asked, and returns its ifindex.
    Result<int> create_macvlan(std::string_view name, int parent, const MacAddr& mac, bool up = true);
    Status delete_link(int ifindex);

  private:
    struct Impl;
    explicit Netlink(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// A link or address change the kernel announced.
struct NetEvent {
    enum class Type : std::uint8_t { LinkNew, LinkDel, AddrNew, AddrDel };
    Type type = Type::LinkNew;
    int ifindex = 0;
    char name[16] = {};    ///< interface name (link events)
    bool up = false;       ///< IFF_UP
    bool running = false;  ///< IFF_RUNNING (carrier)
    IpAddr addr;           ///< address events
    int prefix = 0;
};

/// Subscribes to RTNLGRP_LINK (and, if asked, the IPv4/IPv6 address groups) on
/// its own netlink socket. Events are parsed without building libnl objects.
class NetMonitor {
  public:
    using Handler = std::function<void(const NetEvent&)>;
    /// Calls handler for every event; lost events (socket overrun) are reported
    /// as an error from dispatch() so the caller can re-read the state.
    static Result<std::unique_ptr<NetMonitor>> open(Handler handler, bool addresses = false);
    ~NetMonitor();
    NetMonitor(const NetMonitor&) = delete;
    NetMonitor& operator=(const NetMonitor&) = delete;

    int fd() const;
    /// Reads every pending message. Non-blocking.
    Status dispatch();
    /// Watches fd() on loop; errors from dispatch go to on_error.
    Status attach(EventLoop& loop, std::function<void(const Status&)> on_error);

  private:
    struct Impl;
    explicit NetMonitor(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace havip::sys
