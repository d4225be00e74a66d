// SPDX-License-Identifier: MIT
#include "model/keyword_names.hpp"

#include <deque>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "model/catalogue.hpp"
#include "base/flat_index.hpp"

namespace havip::model {

namespace {

/// Pairs and their index: the number of a pair is its place in `names`.
struct Names {
    std::vector<KeywordName> names;
    base::FlatIndex index;
    std::uint32_t find(std::string_view block, std::string_view keyword) const {
        return index.find(keyword_pair_hash(block, keyword),
                          [&](std::uint32_t k) { return names[k].block == block && names[k].keyword == keyword; });
    }
    /// Adds the pair unless it is in already.
    void add(KeywordName n) {
        auto same = [&](std::uint32_t k) { return names[k].block == n.block && names[k].keyword == n.keyword; };
        if (index.insert(keyword_pair_hash(n.block, n.keyword), static_cast<std::uint32_t>(names.size()), same) ==
            base::FlatIndex::kNone)
            names.push_back(n);
    }
};

/// The catalogue's pairs: built once, read-only afterwards (no lock needed).
struct Fixed : Names {
    Fixed() {
        const auto& all = Catalogue::builtin().all();
        names.reserve(all.size());
        index.reserve(all.size());
        for (const auto& s : all) add(KeywordName{s.block, s.keyword});
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
    if (auto id = f.find(block, keyword); id != base::FlatIndex::kNone) return id;
    auto& e = extra();
    std::lock_guard lock(e.mu);
    const auto fixed_count = static_cast<std::uint32_t>(f.names.size());
    if (auto k = e.find(block, keyword); k != base::FlatIndex::kNone) return fixed_count + k;
    const auto& s = e.store.emplace_back(std::string(block), std::string(keyword));
    e.add(KeywordName{s.first, s.second});
    return fixed_count + static_cast<std::uint32_t>(e.names.size() - 1);
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
