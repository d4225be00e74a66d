// SPDX-License-Identifier: MIT
// Fuzz target: any bytes through the verifying plan loader, twice: as given
// (magic, version, size and checksum checks), and re-sealed with the correct
// total size and checksum so mutations reach the section table and every
// record check behind the CRC. Whatever loads is read through every accessor
// and disassembled. Never a crash, an out-of-bounds read or a hang.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "../unit/plan/plan_walk.hpp"
#include "plan/loader.hpp"

using namespace havip::plan;

namespace {

void check(std::span<const std::byte> b) {
    const auto r = PlanView::load(b);
    if (!r.ok()) {
        // A refusal always says why, and points inside the input.
        if (r.error().message.empty() || r.error().offset > b.size()) __builtin_trap();
        return;
    }
    const auto& v = *r;
    if (havip::plan_test::describe(v).empty()) __builtin_trap();
    if (disassemble(v).empty()) __builtin_trap();
    // Out-of-range indexes give empty records, not reads past the buffer.
    (void)v.instance(v.instance_count());
    (void)v.vip(v.vip_count());
    (void)v.peer(v.peer_count());
    (void)v.track(v.track_count());
    (void)v.script(v.script_count());
    (void)v.command(v.command_count());
    (void)v.find_instance("");
    (void)v.find_script("\xff");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > (1u << 16)) return 0;  // plans are small; keep runs fast
    const std::span<const std::byte> in(reinterpret_cast<const std::byte*>(data), size);
    check(in);
    if (size >= kHeaderSize) {
        std::vector<std::byte> sealed(in.begin(), in.end());
        put_u32(sealed.data() + header::total_size, static_cast<std::uint32_t>(size));
        put_u32(sealed.data() + header::checksum, plan_checksum(sealed));
        check(sealed);
    }
    return 0;
}
