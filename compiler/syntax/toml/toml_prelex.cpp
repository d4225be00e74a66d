// SPDX-License-Identifier: MIT
// The pre-lexer: what a TOML file must pass before toml11 sees its bytes
// (valid UTF-8, bounded nesting).
#include <algorithm>
#include <string>

#include "syntax/toml/toml_doc.hpp"

namespace havip::syntax::toml::detail {
namespace {

/// Offset of the first byte that breaks UTF-8 (overlong forms, surrogates and
/// code points past U+10FFFF included), or npos.
std::size_t first_invalid_utf8(std::string_view t) {
    std::size_t i = 0, n = t.size();
    while (i < n) {
        auto c = static_cast<unsigned char>(t[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
        if (len == 0 || i + len > n) return i;
        auto c1 = static_cast<unsigned char>(t[i + 1]);
        unsigned lo = 0x80, hi = 0xbf;
        if (c == 0xe0)
            lo = 0xa0;
        else if (c == 0xed)
            hi = 0x9f;
        else if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f;
        if (c1 < lo || c1 > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if ((static_cast<unsigned char>(t[i + k]) & 0xc0) != 0x80) return i;
        i += len;
    }
    return std::string_view::npos;
}

/// The offset just past the string that opens at `i` (quote `c`, one of `"` or
/// `'`, single or triple); an unterminated single-line string stops at its line's end.
std::size_t skip_string(const std::string& t, std::size_t i) {
    const std::size_t n = t.size();
    const char c = t[i];
    const bool multi = t.compare(i, 3, std::string(3, c)) == 0;
    i += multi ? 3 : 1;
    while (i < n) {
        if (c == '"' && t[i] == '\\') {
            i += 2;
            continue;
        }
        if (!multi && t[i] == '\n') break;
        if (t[i] == c && (!multi || t.compare(i, 3, std::string(3, c)) == 0)) return i + (multi ? 3 : 1);
        ++i;
    }
    return i;
}

}  // namespace

bool Doc::scan_limits() {
    // A small lexer that knows strings and comments, enough to count nesting
    // before toml11 sees the bytes.
    const std::string& t = *text_;
    int depth = 0, dots = 0;
    std::size_t i = 0, n = t.size();
    // TOML is UTF-8, and toml11 3.7 reads past the end of a literal string that
    // holds an invalid byte: refuse such files before it sees them.
    if (std::size_t bad = first_invalid_utf8(t); bad != std::string_view::npos) {
        auto b = static_cast<std::uint32_t>(bad);
        error("HV001", {file_, b, b + 1}, "file is not valid UTF-8",
              "TOML files are UTF-8 text; save the file as UTF-8");
        return false;
    }
    auto fail = [&](std::size_t at, const char* what, int limit) {
        auto b = static_cast<std::uint32_t>(std::min(at, n));
        error("HV001", {file_, b, static_cast<std::uint32_t>(std::min(at + 1, n))},
              std::string(what) + " nested deeper than " + std::to_string(limit) + " levels",
              "a havip TOML file needs two or three levels");
        return false;
    };
    while (i < n) {
        char c = t[i];
        if (c == '#') {
            while (i < n && t[i] != '\n') ++i;
            continue;
        }
        if (c == '"' || c == '\'') {
            i = skip_string(t, i);
            continue;
        }
        switch (c) {
            case '[':
            case '{':
                if (++depth > kMaxBrackets) return fail(i, "arrays and tables", kMaxBrackets);
                dots = 0;
                break;
            case ']':
            case '}':
                depth = std::max(0, depth - 1);
                dots = 0;
                break;
            case '=':
            case ',':
            case '\n':
                dots = 0;
                break;
            case '.':
                if (++dots > kMaxDots) return fail(i, "dotted keys", kMaxDots);
                break;
            default:
                break;
        }
        ++i;
    }
    return true;
}

}  // namespace havip::syntax::toml::detail
