// SPDX-License-Identifier: MIT
#pragma once
/// Include patterns: csh-style brace expansion, then glob(3) per alternative,
/// each alternative's matches sorted (as glob does), alternatives in written
/// order. A relative pattern is relative to the including file's directory.
#include <string>
#include <string_view>
#include <vector>

namespace havip::syntax::keepalived {

/// `a{b,c{d,e}}f` → abf, acdf, acef. Unbalanced braces are kept literally.
/// Stops at `limit` results (sets `truncated`).
std::vector<std::string> brace_expand(std::string_view pattern, std::size_t limit, bool& truncated);

struct IncludeMatch {
    std::vector<std::string> files;      ///< in include order
    std::vector<std::string> missing;    ///< alternatives without wildcards naming no file
    std::vector<std::string> unmatched;  ///< wildcard alternatives matching nothing
    std::vector<std::string> too_long;   ///< patterns longer than any path can be
    std::vector<std::string> refused;    ///< confined alternatives that could leave the directory
};

/// Resolves `pattern` written in a file whose directory is `dir` ("" = current).
/// `confined`: alternatives that are absolute, name `..` or could glob it are
/// refused instead of resolved (see Options::confine_includes).
IncludeMatch resolve_include(const std::string& dir, std::string_view pattern, bool confined = false);

/// The directory part of a path as written ("" when it has none).
std::string dir_of(const std::string& path);

}  // namespace havip::syntax::keepalived
