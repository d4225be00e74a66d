// SPDX-License-Identifier: MIT
#include "base/quote.hpp"

namespace havip::base {

Utf8 decode_utf8(std::string_view s, std::size_t i) {
    const auto c0 = static_cast<unsigned char>(s[i]);
    if (c0 < 0x80) return {c0, 1, true};
    std::uint32_t need = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (c0 >= 0xc2 && c0 <= 0xdf) {
        need = 1;
        cp = c0 & 0x1f;
        min = 0x80;
    } else if (c0 >= 0xe0 && c0 <= 0xef) {
        need = 2;
        cp = c0 & 0x0f;
        min = 0x800;
    } else if (c0 >= 0xf0 && c0 <= 0xf4) {
        need = 3;
        cp = c0 & 0x07;
        min = 0x10000;
    } else {
        return {0xfffd, 1, false};
    }
    if (i + need >= s.size()) return {0xfffd, 1, false};  // truncated
    for (std::uint32_t k = 1; k <= need; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xc0) != 0x80) return {0xfffd, 1, false};
        cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return {0xfffd, 1, false};
    return {cp, need + 1, true};
}

void append_quoted(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    std::size_t i = 0;
    while (i < s.size()) {
        // Fast path: a run of printable ASCII needing no escape goes in whole.
        std::size_t run = i;
        while (run < s.size() && s[run] >= 0x20 && s[run] < 0x7f && s[run] != '"' && s[run] != '\\') ++run;
        if (run > i) {
            out.append(s.substr(i, run - i));
            i = run;
            continue;
        }
        const Utf8 d = decode_utf8(s, i);
        const char32_t cp = d.cp;
        if (!d.valid)
            out += "\\ufffd";
        else if (cp == '"')
            out += "\\\"";
        else if (cp == '\\')
            out += "\\\\";
        else if (cp == '\n')
            out += "\\n";
        else if (cp == '\r')
            out += "\\r";
        else if (cp == '\t')
            out += "\\t";
        else if (cp == '\b')
            out += "\\b";
        else if (cp == '\f')
            out += "\\f";
        else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x2028 || cp == 0x2029) {
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xf];
        } else {
            out.append(s.substr(i, d.len));
        }
        i += d.len;
    }
    out += '"';
}

std::string quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    append_quoted(out, s);
    return out;
}

}  // namespace havip::base
