// SPDX-License-Identifier: MIT
#pragma once
/// The (block, keyword) pairs keyword uses name, each stored once per process:
/// a KeywordUse holds a 4-byte id instead of two strings (20,000 nodes record
/// about 700,000 uses). Every pair of the keyword catalogue has a fixed id and
/// is found without a lock; any other pair (syntax features) is added once,
/// under a lock. Names stay valid until the process ends. Thread-safe.
#include <cstdint>
#include <string_view>

namespace havip::model {

struct KeywordName {
    std::string_view block;  ///< "vrrp_instance", "global_defs", "" for top level, "(syntax)"
    std::string_view keyword;
};

/// The id of (block, keyword), added when new.
std::uint32_t keyword_name_id(std::string_view block, std::string_view keyword);
/// The pair of an id keyword_name_id returned.
KeywordName keyword_name(std::uint32_t id);

}  // namespace havip::model
