// SPDX-License-Identifier: MIT
#pragma once
/// The catalogue's argument-shape mini-language (documented at the top of
/// schemas/keywords.tsv): compiled once per keyword, then matched against a
/// statement's words. Matching simulates all paths at once (a set of positions),
/// so any number of words is handled in linear time without recursion.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace havip::model::argspec {

enum class Type { Int, UInt, Float, Bool, Ip, Cidr, String, Name, Script, Star };

struct Item {
    enum class Kind { Type, Literal, Enum, Group } kind = Kind::Type;
    Type type = Type::String;
    std::vector<std::string> words;  ///< Literal (one) and Enum (several)
    std::vector<Item> group;         ///< Group: `[ ... ]`
    bool optional = false;           ///< `T?` or `[ ... ]`
    bool repeat = false;             ///< `T...`
    bool ranged = false;             ///< the first numeric item of its alternative: the range applies to it
};

using Seq = std::vector<Item>;

struct Spec {
    std::vector<Seq> alternatives;  ///< empty: no arguments allowed
};

/// Compiles a shape; on error returns nullopt and describes the problem.
std::optional<Spec> compile(std::string_view text, std::string* error = nullptr);

/// How a list of words fits a shape.
struct Match {
    bool ok = false;
    /// Failure: the index of the offending word (== words.size() when one is missing)
    /// and what was expected there (empty: nothing more was expected).
    std::size_t fail_at = 0;
    std::string expected;
    /// Success: the word matched by the ranged item, if any.
    std::optional<std::size_t> ranged_word;
};

Match match(const Spec& spec, const std::vector<std::string_view>& words);

/// Word classifiers shared with lowering.
bool is_int(std::string_view w);
bool is_uint(std::string_view w);
bool is_float(std::string_view w);  ///< non-negative decimal: digits, optional fraction
bool is_bool(std::string_view w);   ///< on|off|true|false|yes|no
bool accepts(Type t, std::string_view w);
/// "an IP address", "a non-negative integer"…
std::string describe(Type t);

}  // namespace havip::model::argspec
