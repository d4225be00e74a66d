// SPDX-License-Identifier: MIT
#pragma once
/// The keyword catalogue: data in schemas/keywords.tsv, embedded in the binary.
/// Lowering is driven by it (unknown keyword → HV003, bad arity/type/range → HV004)
/// and HV105 reads each keyword's first keepalived version from it.
#include <compare>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/flat_index.hpp"

namespace havip::model {

namespace argspec {
struct Spec;
}

struct Version {
    int major = 0, minor = 0, patch = 0;
    static std::optional<Version> parse(std::string_view text);  ///< "2.2.7" (also "2.2" → 2.2.0)
    std::string str() const;
    /// 0.0.0 stands for "first version not established" ("?" in the catalogue).
    bool known() const { return major != 0 || minor != 0 || patch != 0; }
    friend auto operator<=>(const Version&, const Version&) = default;
};

/// How a keyword's statement is shaped.
enum class KeywordKind {
    Flag,        ///< no arguments (`nopreempt`)
    Value,       ///< arguments on the line (`priority 100`)
    Block,       ///< `name { keyword ... }`
    NamedBlock,  ///< `vrrp_instance NAME { ... }`
    List,        ///< block whose lines are data, not keywords (`virtual_ipaddress { ... }`)
    Option,      ///< a word inside a data line or argument list (`dev` in a VIP line, `reverse` after a weight)
    Syntax,      ///< not a keyword: a syntax feature (`include`, `~SEQ`) or command-line option, kept for its version
};

const char* to_string(KeywordKind k);  ///< the catalogue's spelling: "flag", "named_block", …

struct KeywordSpec {
    std::string block;  ///< parent block path, e.g. "vrrp_instance", "vrrp_instance/authentication", "" for top level
    std::string keyword;
    KeywordKind kind = KeywordKind::Value;
    std::string args;   ///< argument shape, e.g. "int", "ip", "string...", "enum(MASTER|BACKUP)"
    std::string range;  ///< "1..255" or empty
    Version since;      ///< first keepalived version that accepts it (0.0.0: not established)
    std::string notes;

    /// True for kinds that are statements of a block (flag, value, block, named_block, list).
    bool is_statement() const { return kind != KeywordKind::Option && kind != KeywordKind::Syntax; }
    /// True for kinds whose statement takes `{ ... }`.
    bool takes_block() const {
        return kind == KeywordKind::Block || kind == KeywordKind::NamedBlock || kind == KeywordKind::List;
    }
};

/// The numeric range of a keyword's first numeric argument.
struct Range {
    double min = 0, max = 0;
    static std::optional<Range> parse(std::string_view text);  ///< "1..255", "-253..253", "0.01..255"
    bool contains(double v) const { return v >= min && v <= max; }
};

/// The hash a (block, keyword) pair is indexed by (here and in keyword_names).
inline std::uint64_t keyword_pair_hash(std::string_view block, std::string_view keyword) {
    return base::fnv1a(base::fnv1a(base::fnv1a(base::kFnvBasis, block), "\n"), keyword);
}

class Catalogue {
  public:
    /// The embedded catalogue (parsed once).
    static const Catalogue& builtin();
    /// Parses TSV text; malformed lines are reported in `errors` (for the catalogue's own test).
    static Catalogue parse(std::string_view tsv, std::vector<std::string>* errors = nullptr);

    const KeywordSpec* find(std::string_view block, std::string_view keyword) const;
    std::vector<const KeywordSpec*> in_block(std::string_view block) const;
    /// Closest known keyword of `block` for "did you mean", or empty. Statement
    /// keywords are suggested for statements; with `options`, option words instead.
    std::string suggest(std::string_view block, std::string_view keyword, bool options = false) const;
    /// Every block path in which `keyword` is a statement (for "valid in `global_defs`" notes).
    std::vector<std::string> blocks_of(std::string_view keyword) const;
    const std::vector<KeywordSpec>& all() const { return specs_; }

    /// The compiled argument shape of a spec of this catalogue (never null).
    const argspec::Spec& shape(const KeywordSpec& spec) const;
    /// The parsed range of a spec of this catalogue, if it has one.
    const std::optional<Range>& range(const KeywordSpec& spec) const;

  private:
    std::size_t index_of(const KeywordSpec& spec) const;
    std::uint32_t find_index(std::string_view block, std::string_view keyword) const;

    std::vector<KeywordSpec> specs_;
    std::vector<std::shared_ptr<const argspec::Spec>> shapes_;  // parallel to specs_
    std::vector<std::optional<Range>> ranges_;                  // parallel to specs_
    base::FlatIndex by_key_;                                    // (block, keyword) → index into specs_
};

}  // namespace havip::model
