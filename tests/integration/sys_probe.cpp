// SPDX-License-Identifier: MIT
// havip-sys-probe: drives runtime/sys from shell tests inside network namespaces.
// Each subcommand does one thing and prints what it saw as key=value lines.
//
//   vrrp-send FAMILY IFNAME SRC DST HEXPAYLOAD [COUNT] [burst]
//       (burst: no pause between packets, and packet i carries i more bytes of value i)
//   vrrp-recv FAMILY IFNAME COUNT TIMEOUT_MS [join] [hold=MS] [rcvbuf=BYTES] [READYFILE]
//       (hold: sleep MS after READYFILE before reading, so packets queue up;
//       rcvbuf: the socket's receive buffer, as havipd asks for it)
//   addr-add IFNAME ADDR [PREFIX|-] [LABEL] | addr-del IFNAME ADDR | addr-list IFNAME
//   garp IFNAME VIP [MAC] | na IFNAME VIP6 [SRC6]
//   capture IFNAME arp|na COUNT TIMEOUT_MS [READYFILE]
//   link-watch IFNAME TIMEOUT_MS [READYFILE]     (exits after IFNAME loses carrier or goes down)
//   macvlan-add PARENT NAME VRID | link-del NAME | link-show NAME
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "sys/event_loop.hpp"
#include "sys/frames.hpp"
#include "sys/netlink.hpp"
#include "sys/packet_socket.hpp"
#include "sys/vrrp_socket.hpp"

using namespace havip::sys;

namespace {

int die(const std::string& m) {
    std::fprintf(stderr, "havip-sys-probe: %s\n", m.c_str());
    return 1;
}

std::vector<std::uint8_t> from_hex(const std::string& h) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < h.size(); i += 2)
        out.push_back(static_cast<std::uint8_t>(std::stoul(h.substr(i, 2), nullptr, 16)));
    return out;
}

std::string to_hex(std::span<const std::uint8_t> b) {
    std::string s;
    char x[3];
    for (auto c : b) {
        std::snprintf(x, sizeof x, "%02x", c);
        s += x;
    }
    return s;
}

void touch(const char* path) {
    if (!path) return;
    int fd = ::open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    if (fd >= 0) ::close(fd);
}

std::unique_ptr<Netlink> nl() {
    auto n = Netlink::open();
    if (!n) {
        std::fprintf(stderr, "havip-sys-probe: %s\n", n.message().c_str());
        std::exit(1);
    }
    return std::move(n).value();
}

int ifindex_of(const std::string& name) {
    auto i = nl()->ifindex(name);
    if (!i) {
        std::fprintf(stderr, "havip-sys-probe: %s\n", i.message().c_str());
        std::exit(1);
    }
    return *i;
}

IpAddr ip(const std::string& s) {
    auto a = IpAddr::parse(s);
    if (!a) {
        std::fprintf(stderr, "havip-sys-probe: bad address %s\n", s.c_str());
        std::exit(1);
    }
    return *a;
}

int vrrp_send(int argc, char** argv) {
    if (argc < 7) return die("vrrp-send FAMILY IFNAME SRC DST HEX [COUNT] [burst]");
    int family = std::atoi(argv[2]);
    int ifindex = ifindex_of(argv[3]);
    auto sock = VrrpSocket::open({.family = family});
    if (!sock) return die(sock.message());
    const auto payload = from_hex(argv[6]);
    int count = argc > 7 ? std::atoi(argv[7]) : 1;
    const bool burst = argc > 8 && std::strcmp(argv[8], "burst") == 0;
    for (int i = 0; i < count; ++i) {
        auto p = payload;
        if (burst) p.insert(p.end(), static_cast<std::size_t>(i), static_cast<std::uint8_t>(i));
        Status st = sock->send(ip(argv[5]), ip(argv[4]), ifindex, p);
        if (!st) return die(st.message());
        if (i + 1 < count && !burst) usleep(20000);
    }
    std::printf("sent=%d\n", count);
    return 0;
}

int vrrp_recv(int argc, char** argv) {
    if (argc < 6) return die("vrrp-recv FAMILY IFNAME COUNT TIMEOUT_MS [join] [hold=MS] [rcvbuf=BYTES] [READYFILE]");
    int family = std::atoi(argv[2]);
    int ifindex = ifindex_of(argv[3]);
    int want = std::atoi(argv[4]);
    int timeout = std::atoi(argv[5]);
    bool join = false;
    int hold_ms = 0, rcvbuf = 0;
    const char* ready = nullptr;
    for (int i = 6; i < argc; ++i) {
        if (std::strcmp(argv[i], "join") == 0)
            join = true;
        else if (std::strncmp(argv[i], "hold=", 5) == 0)
            hold_ms = std::atoi(argv[i] + 5);
        else if (std::strncmp(argv[i], "rcvbuf=", 7) == 0)
            rcvbuf = std::atoi(argv[i] + 7);
        else
            ready = argv[i];
    }
    auto sock = VrrpSocket::open({.family = family, .bind_device = argv[3], .rcvbuf = rcvbuf});
    if (!sock) return die(sock.message());
    if (join) {
        if (Status st = sock->join(ifindex); !st) return die(st.message());
    }
    auto loop = std::move(EventLoop::create()).value();
    int got = 0;
    Status err;
    Status w = loop->watch(sock->fd(), EventLoop::kIn, [&](std::uint32_t) {
        VrrpPacket p;
        for (;;) {
            auto r = sock->receive(p);
            if (!r) {
                err = r.status();
                loop->stop(1);
                return;
            }
            if (!*r) return;
            std::printf("src=%s dst=%s ttl=%d ifindex_ok=%d multicast=%d len=%zu payload=%s\n", p.src.str().c_str(),
                        p.dst.str().c_str(), p.ttl, p.ifindex == ifindex, p.multicast ? 1 : 0, p.payload.size(),
                        to_hex(p.payload).c_str());
            std::fflush(stdout);
            if (++got >= want) loop->stop(0);
        }
    });
    if (!w) return die(w.message());
    auto t = loop->add_timer([&] { loop->stop(2); });
    if (!t) return die(t.message());
    (void)loop->arm(*t, std::chrono::milliseconds(timeout));
    touch(ready);
    if (hold_ms > 0) usleep(static_cast<useconds_t>(hold_ms) * 1000);
    int rc = loop->run();
    if (!err.ok()) return die(err.message());
    if (join) (void)sock->leave(ifindex);
    std::printf("received=%d\n", got);
    return rc == 0 ? 0 : 3;
}

int addr_cmd(int argc, char** argv) {
    std::string cmd = argv[1];
    if (argc < 3) return die("addr-* IFNAME ...");
    auto n = nl();
    auto idx = n->ifindex(argv[2]);
    if (!idx) return die(idx.message());
    if (cmd == "addr-list") {
        auto l = n->addresses(*idx);
        if (!l) return die(l.message());
        for (auto& e : *l)
            std::printf("addr=%s/%d label=%s flags=%u\n", e.addr.str().c_str(), e.prefix,
                        e.label.empty() ? "-" : e.label.c_str(), e.flags);
        return 0;
    }
    if (argc < 4) return die("addr-add|addr-del|addr-batch IFNAME ...");
    if (cmd == "addr-batch") {
        // addr-batch IFNAME +ADDR[/P] -ADDR[/P] ...: one change_addresses call;
        // one "ok" or "error: ..." line per change, in order.
        std::vector<AddrChange> changes;
        for (int i = 3; i < argc; ++i) {
            std::string a = argv[i];
            if (a.size() < 2 || (a[0] != '+' && a[0] != '-')) return die("addr-batch: +ADDR[/P] or -ADDR[/P]");
            AddrChange c;
            c.add = a[0] == '+';
            c.ifindex = *idx;
            std::string addr = a.substr(1);
            if (auto slash = addr.find('/'); slash != std::string::npos) {
                c.prefix = std::atoi(addr.c_str() + slash + 1);
                addr.resize(slash);
            }
            c.addr = ip(addr.c_str());
            changes.push_back(std::move(c));
        }
        for (const Status& st : n->change_addresses(changes))
            std::printf("%s\n", st ? "ok" : ("error: " + st.message()).c_str());
        return 0;
    }
    if (cmd == "addr-add") {
        int prefix = argc > 4 && std::strcmp(argv[4], "-") != 0 ? std::atoi(argv[4]) : -1;
        Status st = n->add_address(*idx, ip(argv[3]), prefix, argc > 5 ? argv[5] : "");
        if (!st) return die(st.message());
    } else {
        Status st = n->del_address(*idx, ip(argv[3]), -1, false);
        if (!st) return die(st.message());
    }
    std::printf("ok\n");
    return 0;
}

int announce(int argc, char** argv) {
    std::string cmd = argv[1];
    if (argc < 4) return die("garp|na IFNAME ADDR [MAC|SRC6]");
    auto n = nl();
    auto li = n->link(std::string_view(argv[2]));
    if (!li) return die(li.message());
    auto ps = PacketSocket::open_sender();
    if (!ps) return die(ps.message());
    std::uint8_t frame[128];
    std::size_t len;
    if (cmd == "garp") {
        MacAddr mac = li->mac;
        if (argc > 4) mac = *MacAddr::parse(argv[4]);
        len = build_garp(frame, mac, ip(argv[3]));
    } else {
        IpAddr src = argc > 4 ? ip(argv[4]) : IpAddr{};
        len = build_unsolicited_na(frame, li->mac, ip(argv[3]), src);
    }
    if (!len) return die("could not build the frame");
    if (Status st = ps->send(li->ifindex, std::span<const std::uint8_t>(frame, len)); !st) return die(st.message());
    std::printf("sent=%zu mac=%s\n", len, li->mac.str().c_str());
    return 0;
}

int capture(int argc, char** argv) {
    if (argc < 6) return die("capture IFNAME arp|na COUNT TIMEOUT_MS [READYFILE]");
    int ifindex = ifindex_of(argv[2]);
    bool arp = std::strcmp(argv[3], "arp") == 0;
    int want = std::atoi(argv[4]);
    auto cap = PacketSocket::open_capture(ifindex);
    if (!cap) return die(cap.message());
    auto loop = std::move(EventLoop::create()).value();
    int got = 0;
    auto mac_at = [](const std::uint8_t* p) {
        MacAddr m;
        std::memcpy(m.bytes.data(), p, 6);
        return m.str();
    };
    Status w = loop->watch(cap->fd(), EventLoop::kIn, [&](std::uint32_t) {
        std::uint8_t b[2048];
        for (;;) {
            auto r = cap->receive(b);
            if (!r || *r == 0) return;
            std::size_t n = *r;
            if (n < 14) continue;
            std::uint16_t type = static_cast<std::uint16_t>(b[12] << 8 | b[13]);
            if (arp && type == 0x0806 && n >= 42) {
                std::printf("arp eth_dst=%s eth_src=%s op=%d sha=%s spa=%s tha=%s tpa=%s len=%zu\n", mac_at(b).c_str(),
                            mac_at(b + 6).c_str(), b[20] << 8 | b[21], mac_at(b + 22).c_str(),
                            IpAddr::from_bytes(b + 28, 4).str().c_str(), mac_at(b + 32).c_str(),
                            IpAddr::from_bytes(b + 38, 4).str().c_str(), n);
            } else if (!arp && type == 0x86dd && n >= 86 && b[20] == 58 && b[54] == 136) {
                auto src = IpAddr::from_bytes(b + 22, 6), dst = IpAddr::from_bytes(b + 38, 6);
                std::size_t plen = static_cast<std::size_t>(b[18] << 8 | b[19]);
                if (54 + plen > n) continue;
                bool csum_ok = icmpv6_checksum(src, dst, std::span<const std::uint8_t>(b + 54, plen)) == 0;
                std::printf(
                    "na eth_dst=%s eth_src=%s src=%s dst=%s hlim=%d target=%s flags=%02x opt=%d lladdr=%s csum=%s\n",
                    mac_at(b).c_str(), mac_at(b + 6).c_str(), src.str().c_str(), dst.str().c_str(), b[21],
                    IpAddr::from_bytes(b + 62, 6).str().c_str(), b[58], b[78], mac_at(b + 80).c_str(),
                    csum_ok ? "ok" : "bad");
            } else {
                continue;
            }
            std::fflush(stdout);
            if (++got >= want) loop->stop(0);
        }
    });
    if (!w) return die(w.message());
    auto t = loop->add_timer([&] { loop->stop(2); });
    (void)loop->arm(*t, std::chrono::milliseconds(std::atoi(argv[5])));
    touch(argc > 6 ? argv[6] : nullptr);
    int rc = loop->run();
    std::printf("captured=%d\n", got);
    return rc == 0 ? 0 : 3;
}

int link_watch(int argc, char** argv) {
    if (argc < 4) return die("link-watch IFNAME TIMEOUT_MS [READYFILE]");
    int ifindex = ifindex_of(argv[2]);
    auto loop = std::move(EventLoop::create()).value();
    auto mon = NetMonitor::open([&](const NetEvent& ev) {
        if (ev.ifindex != ifindex) return;
        if (ev.type != NetEvent::Type::LinkNew && ev.type != NetEvent::Type::LinkDel) return;
        std::printf("link name=%s up=%d running=%d deleted=%d\n", ev.name, ev.up, ev.running,
                    ev.type == NetEvent::Type::LinkDel);
        std::fflush(stdout);
        if (!ev.up || !ev.running || ev.type == NetEvent::Type::LinkDel) loop->stop(0);
    });
    if (!mon) return die(mon.message());
    Status st = (*mon)->attach(*loop, [&](const Status& e) { std::fprintf(stderr, "%s\n", e.message().c_str()); });
    if (!st) return die(st.message());
    auto t = loop->add_timer([&] { loop->stop(2); });
    (void)loop->arm(*t, std::chrono::milliseconds(std::atoi(argv[3])));
    touch(argc > 4 ? argv[4] : nullptr);
    int rc = loop->run();
    return rc == 0 ? 0 : 3;
}

int link_cmd(int argc, char** argv) {
    std::string cmd = argv[1];
    auto n = nl();
    if (cmd == "macvlan-add") {
        if (argc < 5) return die("macvlan-add PARENT NAME VRID");
        auto parent = n->ifindex(argv[2]);
        if (!parent) return die(parent.message());
        auto idx = n->create_macvlan(argv[3], *parent, MacAddr::vrrp(static_cast<std::uint8_t>(std::atoi(argv[4]))));
        if (!idx) return die(idx.message());
        std::printf("ifindex=%d\n", *idx);
        return 0;
    }
    if (argc < 3) return die("link-del|link-show NAME");
    auto li = n->link(std::string_view(argv[2]));
    if (!li) return die(li.message());
    if (cmd == "link-del") {
        if (Status st = n->delete_link(li->ifindex); !st) return die(st.message());
        std::printf("ok\n");
        return 0;
    }
    std::printf("name=%s kind=%s mac=%s up=%d running=%d parent_ok=%d\n", li->name.c_str(),
                li->kind.empty() ? "-" : li->kind.c_str(), li->mac.str().c_str(), li->up, li->running, li->parent != 0);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return die("usage: havip-sys-probe COMMAND ...");
    std::string c = argv[1];
    if (c == "vrrp-send") return vrrp_send(argc, argv);
    if (c == "vrrp-recv") return vrrp_recv(argc, argv);
    if (c.rfind("addr-", 0) == 0) return addr_cmd(argc, argv);
    if (c == "garp" || c == "na") return announce(argc, argv);
    if (c == "capture") return capture(argc, argv);
    if (c == "link-watch") return link_watch(argc, argv);
    if (c == "macvlan-add" || c == "link-del" || c == "link-show") return link_cmd(argc, argv);
    return die("unknown command " + c);
}
