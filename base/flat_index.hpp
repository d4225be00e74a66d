// SPDX-License-Identifier: MIT
#pragma once
/// An index of keys the caller keeps (in a vector, say) to their numbers:
/// open addressing in one array, no allocation per key, no pointer chasing.
/// A slot holds a key's hash and number; the caller hashes a key and says
/// whether the key numbered v is the one looked for (`same(v)`), which is
/// asked only when the full hashes agree. For the lookups made once per
/// statement of a fleet or once per instance of it, where a node-based map
/// costs an allocation per key and a cache miss per probe.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace havip::base {

/// FNV-1a, 64 bits: `h` (start with kFnvBasis) folded with `bytes`.
inline constexpr std::uint64_t kFnvBasis = 0xcbf29ce484222325ull;
inline std::uint64_t fnv1a(std::uint64_t h, std::span<const std::uint8_t> bytes) noexcept {
    for (std::uint8_t c : bytes) h = (h ^ c) * 1099511628211ull;
    return h;
}
inline std::uint64_t fnv1a(std::uint64_t h, std::string_view s) noexcept {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

class FlatIndex {
  public:
    static constexpr std::uint32_t kNone = 0xffffffffu;

    explicit FlatIndex(std::size_t keys = 0) { reserve(keys); }

    /// Room for `keys` keys without growing.
    void reserve(std::size_t keys) {
        if (2 * keys > slots_.size()) rebuild(std::bit_ceil(std::max<std::size_t>(16, 2 * keys)));
    }

    /// The number of the key with hash `h` for which same(number) holds, or kNone.
    template <class Same>
    std::uint32_t find(std::uint64_t h, Same&& same) const {
        if (slots_.empty()) return kNone;
        for (std::size_t i = home(h);; i = next(i)) {
            const Slot& s = slots_[i];
            if (s.value == kNone) return kNone;
            if (s.hash == h && same(s.value)) return s.value;
        }
    }

    /// Adds key `value` unless an equal one is in: the number there, else kNone.
    template <class Same>
    std::uint32_t insert(std::uint64_t h, std::uint32_t value, Same&& same) {
        Slot& s = slot(h, same);
        if (s.value != kNone) return s.value;
        s.value = value;
        return kNone;
    }

    /// Makes key `value` the number of its key: the number it replaces, or kNone.
    template <class Same>
    std::uint32_t replace(std::uint64_t h, std::uint32_t value, Same&& same) {
        Slot& s = slot(h, same);
        const std::uint32_t before = s.value;
        s.value = value;
        return before;
    }

  private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t value = kNone;
    };

    /// Fibonacci hashing: the high bits of the product pick the slot, whatever
    /// the hash's low bits look like.
    std::size_t home(std::uint64_t h) const { return static_cast<std::size_t>((h * 0x9e3779b97f4a7c15ull) >> shift_); }
    std::size_t next(std::size_t i) const { return (i + 1) & (slots_.size() - 1); }

    /// The slot of the key (h, same), or the empty one where it goes (hashed).
    template <class Same>
    Slot& slot(std::uint64_t h, Same& same) {
        if (2 * (count_ + 1) > slots_.size()) rebuild(std::max<std::size_t>(16, 2 * slots_.size()));
        for (std::size_t i = home(h);; i = next(i)) {
            Slot& s = slots_[i];
            if (s.value == kNone) {
                s.hash = h;
                ++count_;
                return s;
            }
            if (s.hash == h && same(s.value)) return s;
        }
    }

    void rebuild(std::size_t size) {
        std::vector<Slot> old(size);
        old.swap(slots_);
        shift_ = 64 - std::countr_zero(size);
        for (const auto& s : old)
            if (s.value != kNone)
                for (std::size_t i = home(s.hash);; i = next(i))
                    if (slots_[i].value == kNone) {
                        slots_[i] = s;
                        break;
                    }
    }

    std::vector<Slot> slots_;
    std::size_t count_ = 0;
    int shift_ = 64;
};

}  // namespace havip::base
