// SPDX-License-Identifier: MIT
#pragma once
/// The one quoting helper of havip: text as a double-quoted string literal
/// that is valid JSON (RFC 8259) and a valid TOML basic string, whatever bytes
/// come in, and that puts no control character on a terminal.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace havip::base {

/// One UTF-8 sequence at s[i] (i < s.size()).
struct Utf8 {
    char32_t cp = 0;        ///< the code point; U+FFFD when !valid
    std::uint32_t len = 1;  ///< bytes taken (1 for an invalid byte)
    bool valid = true;
};
/// Decodes strictly: overlong forms, surrogates, values past U+10FFFF and
/// truncated sequences are invalid (one byte at a time).
Utf8 decode_utf8(std::string_view s, std::size_t i);

/// Appends `s` in double quotes: `"` and `\` escaped, \n \r \t \b \f as
/// such, other C0 and C1 controls, DEL, U+2028 and U+2029 as \uXXXX, and
/// each invalid UTF-8 byte as \ufffd. Printable ASCII and valid UTF-8 are
/// kept as they are.
void append_quoted(std::string& out, std::string_view s);
/// The same, as a new string.
std::string quote(std::string_view s);

}  // namespace havip::base
