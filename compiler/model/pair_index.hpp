// SPDX-License-Identifier: MIT
#pragma once
/// A read-mostly index of (block, keyword) pairs to small numbers, for the
/// lookups lowering makes once per statement (a fleet of 20,000 nodes makes
/// about a million): one hash over both parts as they are (no key string
/// made), open addressing in one array (no node per entry), the full hash
/// compared before the strings. The caller keeps the pairs; the index keeps
/// their hashes and numbers.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <string_view>
#include <vector>

namespace havip::model {

class PairIndex {
  public:
    static constexpr std::uint32_t kNone = 0xffffffffu;

    /// FNV-1a over block, a separator no keyword holds, and keyword.
    static std::uint64_t hash(std::string_view block, std::string_view keyword) noexcept {
        std::uint64_t h = 1469598103934665603ull;
        auto mix = [&h](std::string_view s) {
            for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
        };
        mix(block);
        h = (h ^ '\n') * 1099511628211ull;
        mix(keyword);
        return h;
    }

    /// Makes room for `n` pairs without growing.
    void reserve(std::size_t n) {
        if (2 * n > slots_.size()) rebuild(std::bit_ceil(std::max<std::size_t>(16, 2 * n)));
    }

    /// The number of the pair equal to (block, keyword), or kNone. `same(v)`
    /// says whether the pair numbered v is that pair.
    template <class Same>
    std::uint32_t find(std::string_view block, std::string_view keyword, Same&& same) const {
        if (slots_.empty()) return kNone;
        const std::uint64_t h = hash(block, keyword);
        for (std::size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            const Slot& s = slots_[i];
            if (s.value == kNone) return kNone;
            if (s.hash == h && same(s.value)) return s.value;
        }
    }

    /// Adds pair number `value` (the caller has checked it is not in yet).
    void add(std::string_view block, std::string_view keyword, std::uint32_t value) {
        if (2 * (count_ + 1) > slots_.size()) rebuild(std::max<std::size_t>(16, 2 * slots_.size()));
        place(Slot{hash(block, keyword), value});
        ++count_;
    }

  private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t value = kNone;
    };
    void place(Slot s) {
        for (std::size_t i = s.hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1))
            if (slots_[i].value == kNone) {
                slots_[i] = s;
                return;
            }
    }
    void rebuild(std::size_t size) {
        std::vector<Slot> old(size);
        old.swap(slots_);
        for (const auto& s : old)
            if (s.value != kNone) place(s);
    }

    std::vector<Slot> slots_;
    std::size_t count_ = 0;
};

}  // namespace havip::model
