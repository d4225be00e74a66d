// SPDX-License-Identifier: MIT
// Fuzz target: any bytes through the VRRP decoder and validator, and whatever
// it accepts through a state machine. Byte 0 picks the receiving instance
// (v2 PASS / v3 IPv4 unicast / v3 IPv6 multicast) and the IP-level facts; the
// rest is the VRRP message. Never a crash, an out-of-bounds read or a hang.
#include <cstddef>
#include <cstdint>
#include <span>

#include "vrrp/fsm.hpp"
#include "vrrp/packet.hpp"

using namespace havip::vrrp;

namespace {

struct Instances {
    InstanceConfig v2, v3, v6;
    Instances() {
        v2.vrid = 51;
        v2.version = 2;
        v2.source = IpAddress::v4(192, 0, 2, 2);
        v2.peers = {IpAddress::v4(192, 0, 2, 1)};
        v2.vips = {IpAddress::v4(192, 0, 2, 100), IpAddress::v4(192, 0, 2, 101)};
        v2.auth_type = AuthType::Pass;
        v2.set_auth_pass("secret12");
        v3 = v2;
        v3.version = 3;
        v3.vrid = 52;
        v3.advert_interval = 100'000;
        v3.auth_type = AuthType::None;
        v3.vips = {IpAddress::v4(192, 0, 2, 110)};
        v6.vrid = 53;
        v6.version = 3;
        v6.family = Family::V6;
        v6.source = *IpAddress::parse("fe80::2");
        v6.multicast_group = kMulticastV6;
        v6.vips = {*IpAddress::parse("2001:db8::100")};
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Instances inst;
    if (size == 0) return 0;
    const std::uint8_t sel = data[0];
    const auto msg = std::as_bytes(std::span(data + 1, size - 1));
    const InstanceConfig& cfg = sel % 3 == 0 ? inst.v2 : sel % 3 == 1 ? inst.v3 : inst.v6;
    RxMeta m;
    m.src = cfg.family == Family::V4 ? IpAddress::v4(192, 0, 2, 1) : *IpAddress::parse("fe80::186c:f7ff:fe1e:282c");
    m.dst = cfg.unicast() ? cfg.source : cfg.multicast_group;
    m.multicast = !cfg.unicast();
    m.ttl = sel & 0x80 ? 64 : 255;
    (void)parse(msg, cfg.family);
    const RxResult r = validate(msg, m, cfg);
    if (r.ok()) {
        // Whatever was accepted is consistent with its own header.
        if (r.advert.length > msg.size() || r.advert.vrid != cfg.vrid) __builtin_trap();
        Fsm f(cfg);
        f.step(0, Event::of(EventKind::Startup));
        f.step(1, Event::advert(r.advert, m.src));
        f.poll_timers(f.next_deadline());
    }
    return 0;
}
