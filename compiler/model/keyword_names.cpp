// SPDX-License-Identifier: MIT
#include "model/keyword_names.hpp"

#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "model/catalogue.hpp"

namespace havip::model {

namespace {

struct Hash {
    std::size_t operator()(const KeywordName& k) const noexcept {
        const std::hash<std::string_view> h;
        return h(k.block) * 31u ^ h(k.keyword);
    }
};
struct Equal {
    bool operator()(const KeywordName& a, const KeywordName& b) const noexcept {
        return a.block == b.block && a.keyword == b.keyword;
    }
};
using Index = std::unordered_map<KeywordName, std::uint32_t, Hash, Equal>;

/// The catalogue's pairs: built once, read-only afterwards (no lock needed).
struct Fixed {
    std::vector<KeywordName> names;
    Index index;
    Fixed() {
        const auto& all = Catalogue::builtin().all();
        names.reserve(all.size());
        index.reserve(all.size());
        for (const auto& s : all) {
            KeywordName k{s.block, s.keyword};
            if (index.emplace(k, static_cast<std::uint32_t>(names.size())).second) names.push_back(k);
        }
    }
};

const Fixed& fixed() {
    static const Fixed f;
    return f;
}

/// Pairs outside the catalogue, added as met; ids follow the catalogue's.
struct Extra {
    std::mutex mu;
    std::deque<std::pair<std::string, std::string>> store;  // stable addresses
    std::vector<KeywordName> names;
    Index index;
};

Extra& extra() {
    static Extra e;
    return e;
}

}  // namespace

std::uint32_t keyword_name_id(std::string_view block, std::string_view keyword) {
    const auto& f = fixed();
    if (auto it = f.index.find(KeywordName{block, keyword}); it != f.index.end()) return it->second;
    auto& e = extra();
    std::lock_guard lock(e.mu);
    if (auto it = e.index.find(KeywordName{block, keyword}); it != e.index.end()) return it->second;
    const auto& s = e.store.emplace_back(std::string(block), std::string(keyword));
    KeywordName k{s.first, s.second};
    const auto id = static_cast<std::uint32_t>(f.names.size() + e.names.size());
    e.names.push_back(k);
    e.index.emplace(k, id);
    return id;
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
