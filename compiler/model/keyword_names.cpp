// SPDX-License-Identifier: MIT
#include "model/keyword_names.hpp"

#include <deque>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "model/catalogue.hpp"
#include "model/pair_index.hpp"

namespace havip::model {

namespace {

/// Pairs and their index: the number of a pair is its place in `names`.
struct Names {
    std::vector<KeywordName> names;
    PairIndex index;
    std::uint32_t find(std::string_view block, std::string_view keyword) const {
        return index.find(block, keyword,
                          [&](std::uint32_t k) { return names[k].block == block && names[k].keyword == keyword; });
    }
    void add(KeywordName k) {
        index.add(k.block, k.keyword, static_cast<std::uint32_t>(names.size()));
        names.push_back(k);
    }
};

/// The catalogue's pairs: built once, read-only afterwards (no lock needed).
struct Fixed : Names {
    Fixed() {
        const auto& all = Catalogue::builtin().all();
        names.reserve(all.size());
        index.reserve(all.size());
        for (const auto& s : all)
            if (find(s.block, s.keyword) == PairIndex::kNone) add(KeywordName{s.block, s.keyword});
    }
};

const Fixed& fixed() {
    static const Fixed f;
    return f;
}

/// Pairs outside the catalogue, added as met; ids follow the catalogue's.
struct Extra : Names {
    std::mutex mu;
    std::deque<std::pair<std::string, std::string>> store;  // stable addresses
};

Extra& extra() {
    static Extra e;
    return e;
}

}  // namespace

std::uint32_t keyword_name_id(std::string_view block, std::string_view keyword) {
    const auto& f = fixed();
    if (auto id = f.find(block, keyword); id != PairIndex::kNone) return id;
    auto& e = extra();
    std::lock_guard lock(e.mu);
    const auto base = static_cast<std::uint32_t>(f.names.size());
    if (auto k = e.find(block, keyword); k != PairIndex::kNone) return base + k;
    const auto& s = e.store.emplace_back(std::string(block), std::string(keyword));
    e.add(KeywordName{s.first, s.second});
    return base + static_cast<std::uint32_t>(e.names.size() - 1);
}

KeywordName keyword_name(std::uint32_t id) {
    const auto& f = fixed();
    if (id < f.names.size()) return f.names[id];
    auto& e = extra();
    std::lock_guard lock(e.mu);
    const std::size_t k = id - f.names.size();
    return k < e.names.size() ? e.names[k] : KeywordName{};
}

}  // namespace havip::model
