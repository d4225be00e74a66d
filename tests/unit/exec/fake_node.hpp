// SPDX-License-Identifier: MIT
#pragma once
// What the executor tests share: a node is a fake host with eth0 and its
// address, and the executor on it; times are nanoseconds of the virtual clock.
#include <algorithm>
#include <memory>
#include <span>
#include <string>

#include "exec/executor.hpp"
#include "sys/fake_host.hpp"
#include "vrrp/packet.hpp"

namespace havip::test {

using daemon::InstanceSpec;
using daemon::NodeConfig;
using daemon::TrackSpec;
using daemon::VipSpec;
using sys::IpAddr;

constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kS = 1'000 * kMs;

inline IpAddr ip(const char* s) { return *IpAddr::parse(s); }
inline vrrp::IpAddress vip4(const char* s) { return vrrp::IpAddress::parse(s).value(); }

/// One node: a fake host with eth0 and its address, and the executor on it.
struct Node {
    sys::FakeHost host;
    int eth = 0;
    std::unique_ptr<exec::Executor> ex;
    bool stopped = false;

    Node(const char* name, const char* addr, std::uint8_t mac_last) : host(name) {
        eth = host.add_link("eth0", sys::MacAddr{{0x02, 0, 0, 0, 0, mac_last}});
        host.add_address(eth, ip(addr), 24);
        host.after_event([this] { return ex && ex->flush_tail(); });
    }
    sys::Status make(NodeConfig cfg, exec::Options o = {}) {
        o.state_dir = "/run/havipd";
        o.stopped = [this] { stopped = true; };
        auto e = exec::Executor::create(host, std::move(o), std::move(cfg));
        if (!e) return e.status();
        ex = std::move(e).value();
        return {};
    }
    void start() {
        ex->start();
        while (ex->flush_tail()) {
        }
    }
    vrrp::State state() const { return ex->instances().at(0).state; }
    int priority() const { return ex->instances().at(0).priority; }
    /// The time of the first transition to `to` (a "transition" log line), or -1.
    std::int64_t when(const char* to, std::int64_t after = 0) const {
        for (const auto& l : host.logs)
            if (l.event == "transition" && l.t >= after && l.fields.find(std::string("to=") + to) != std::string::npos)
                return l.t;
        return -1;
    }
    std::size_t adverts_between(std::int64_t a, std::int64_t b) const {
        return std::size_t(std::count_if(host.adverts.begin(), host.adverts.end(),
                                         [&](const auto& ad) { return ad.t >= a && ad.t < b; }));
    }
    std::size_t frames_between(std::int64_t a, std::int64_t b) const {
        return std::size_t(
            std::count_if(host.frames.begin(), host.frames.end(), [&](const auto& f) { return f.t >= a && f.t < b; }));
    }
    /// Priority of the last advert sent.
    int last_priority() const {
        const auto& m = host.adverts.back().msg;
        auto r = vrrp::parse(std::as_bytes(std::span(m)), vrrp::Family::V4);
        return r.ok() ? r.advert.priority : -1;
    }
};

}  // namespace havip::test
