// SPDX-License-Identifier: MIT
#pragma once
/// The keyword catalogue: data in schemas/keywords.tsv, embedded in the binary.
/// Lowering is driven by it (unknown keyword → HV003, bad arity/type/range → HV004)
/// and HV105 reads each keyword's first keepalived version from it.
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace havip::model {

struct Version {
    int major = 0, minor = 0, patch = 0;
    static std::optional<Version> parse(std::string_view text);  ///< "2.2.7"
    std::string str() const;
    friend auto operator<=>(const Version&, const Version&) = default;
};

/// How a keyword's statement is shaped.
enum class KeywordKind {
    Flag,        ///< no arguments (`nopreempt`)
    Value,       ///< arguments on the line (`priority 100`)
    Block,       ///< `name { keyword ... }`
    NamedBlock,  ///< `vrrp_instance NAME { ... }`
    List,        ///< block whose lines are data, not keywords (`virtual_ipaddress { ... }`)
};

struct KeywordSpec {
    std::string block;    ///< parent block path, e.g. "vrrp_instance", "vrrp_instance/authentication", "" for top level
    std::string keyword;
    KeywordKind kind = KeywordKind::Value;
    std::string args;     ///< argument shape, e.g. "int", "ip", "string...", "enum(MASTER|BACKUP)"
    std::string range;    ///< "1..255" or empty
    Version since;        ///< first keepalived version that accepts it
    std::string notes;
};

class Catalogue {
public:
    /// The embedded catalogue (parsed once).
    static const Catalogue& builtin();
    /// Parses TSV text; malformed lines are reported in `errors` (for the catalogue's own test).
    static Catalogue parse(std::string_view tsv, std::vector<std::string>* errors = nullptr);

    const KeywordSpec* find(std::string_view block, std::string_view keyword) const;
    std::vector<const KeywordSpec*> in_block(std::string_view block) const;
    /// Closest known keyword of `block` for "did you mean", or empty.
    std::string suggest(std::string_view block, std::string_view keyword) const;
    const std::vector<KeywordSpec>& all() const { return specs_; }

private:
    std::vector<KeywordSpec> specs_;
};

}  // namespace havip::model
