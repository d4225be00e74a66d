// SPDX-License-Identifier: MIT
// The advert path: decode + validate + state-machine step of one received
// advert (goal ≤ 200 ns), and encoding one advert.
#include <benchmark/benchmark.h>

#include <array>

#include "vrrp/fsm.hpp"
#include "vrrp/packet.hpp"

using namespace havip::vrrp;

namespace {

InstanceConfig make(int version, std::uint8_t prio, IpAddress self, IpAddress peer) {
    InstanceConfig c;
    c.vrid = 51;
    c.version = std::uint8_t(version);
    c.priority = prio;
    c.advert_interval = version == 2 ? 1'000'000 : 100'000;
    c.source = self;
    c.peers = {peer};
    c.vips = {IpAddress::v4(192, 0, 2, 100), IpAddress::v4(192, 0, 2, 101)};
    if (version == 2) {
        c.auth_type = AuthType::Pass;
        c.set_auth_pass("secret12");
    }
    return c;
}

void BM_DecodeValidateStep(benchmark::State& st) {
    const int version = int(st.range(0));
    const auto a = IpAddress::v4(192, 0, 2, 1), b = IpAddress::v4(192, 0, 2, 2);
    const InstanceConfig master = make(version, 100, a, b), backup = make(version, 90, b, a);
    std::array<std::byte, 64> buf{};
    const std::size_t n = encode(master, {100, master.wire_interval()}, b, buf);
    const auto msg = std::span<const std::byte>(buf.data(), n);
    const RxMeta meta{a, b, 255, false};
    Fsm f(backup);
    usec now = 0;
    f.step(now, Event::of(EventKind::Startup));
    for (auto _ : st) {
        now += master.advert_interval;
        const RxResult r = validate(msg, meta, backup);
        const ActionList acts = f.step(now, Event::advert(r.advert, meta.src));
        benchmark::DoNotOptimize(acts.size());
        benchmark::DoNotOptimize(f.next_deadline());
    }
    if (f.state() != State::Backup) st.SkipWithError("the backup did not stay backup");
}
BENCHMARK(BM_DecodeValidateStep)->Arg(2)->Arg(3);

void BM_Encode(benchmark::State& st) {
    const auto a = IpAddress::v4(192, 0, 2, 1), b = IpAddress::v4(192, 0, 2, 2);
    const InstanceConfig master = make(int(st.range(0)), 100, a, b);
    std::array<std::byte, 64> buf{};
    for (auto _ : st) {
        benchmark::DoNotOptimize(encode(master, {100, master.wire_interval()}, b, buf));
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_Encode)->Arg(2)->Arg(3);

// The master's side: its advert timer fires, it emits a SendAdvert.
void BM_MasterAdvertTimer(benchmark::State& st) {
    const InstanceConfig c = make(2, 255, IpAddress::v4(192, 0, 2, 1), IpAddress::v4(192, 0, 2, 2));
    Fsm f(c);
    f.step(0, Event::of(EventKind::Startup));
    for (auto _ : st) {
        const ActionList acts = f.poll_timers(f.next_deadline());
        benchmark::DoNotOptimize(acts.size());
    }
}
BENCHMARK(BM_MasterAdvertTimer);

}  // namespace

BENCHMARK_MAIN();
