// SPDX-License-Identifier: MIT
// CRC-32C, slicing-by-8: eight 256-entry tables built at compile time, so a plan
// of a few hundred bytes is checked in well under a microsecond with no CPU
// feature detection (and the same code on every machine).
#include <array>
#include <cstdint>

#include "plan/format.hpp"

namespace havip::plan {
namespace {

constexpr std::uint32_t kPoly = 0x82F63B78u;  // Castagnoli, reflected

using Tables = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr Tables make_tables() {
    Tables t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ kPoly : c >> 1;
        t[0][i] = c;
    }
    for (std::uint32_t i = 0; i < 256; ++i)
        for (std::size_t s = 1; s < 8; ++s) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xff];
    return t;
}

constexpr Tables kTables = make_tables();

// Works on the un-inverted register; the public functions do the pre/post xor.
std::uint32_t update(std::uint32_t c, const std::byte* p, std::size_t n) {
    while (n >= 8) {
        const std::uint32_t lo = get_u32(p) ^ c;
        const std::uint32_t hi = get_u32(p + 4);
        c = kTables[7][lo & 0xff] ^ kTables[6][(lo >> 8) & 0xff] ^ kTables[5][(lo >> 16) & 0xff] ^
            kTables[4][lo >> 24] ^ kTables[3][hi & 0xff] ^ kTables[2][(hi >> 8) & 0xff] ^
            kTables[1][(hi >> 16) & 0xff] ^ kTables[0][hi >> 24];
        p += 8;
        n -= 8;
    }
    while (n--) c = (c >> 8) ^ kTables[0][(c ^ static_cast<std::uint8_t>(*p++)) & 0xff];
    return c;
}

}  // namespace

std::uint32_t crc32c_extend(std::uint32_t crc, std::span<const std::byte> data) {
    return ~update(~crc, data.data(), data.size());
}

std::uint32_t crc32c(std::span<const std::byte> data) { return crc32c_extend(0, data); }

std::uint32_t plan_checksum(std::span<const std::byte> plan) {
    if (plan.size() < kHeaderSize) return crc32c(plan);
    const std::uint32_t head = crc32c(plan.first(header::checksum));
    return crc32c_extend(head, plan.subspan(kHeaderSize));
}

}  // namespace havip::plan
