// SPDX-License-Identifier: MIT
#include "diag/render_util.hpp"

#include <algorithm>

namespace havip::diag::detail {

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xc0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xe0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    }
}

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7f && cp < 0xa0); }

std::string sanitize(std::string_view s, bool keep_newlines) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        auto d = decode_utf8(s, i);
        if (!d.valid) {
            append_utf8(out, 0xfffd);
        } else if (d.cp == '\t' || (d.cp == '\n' && keep_newlines)) {
            out += static_cast<char>(d.cp);
        } else if (d.cp == '\n') {
            out += "\\n";
        } else if (d.cp == '\r') {
            out += "\\r";
        } else if (is_control(d.cp)) {
            out += "\\u{";
            if (d.cp >= 0x10) out += kHex[(d.cp >> 4) & 0xf];
            out += kHex[d.cp & 0xf];
            out += '}';
        } else {
            out.append(s.substr(i, d.len));
        }
        i += d.len;
    }
    return out;
}

Resolved resolve(const source::SourceMap& sm, source::Span s) {
    Resolved r;
    if (!s.valid() || s.file >= sm.size()) return r;
    const auto size = static_cast<std::uint32_t>(sm.file(s.file).text.size());
    r.ok = true;
    r.file = s.file;
    r.begin = std::min(s.begin, size);
    r.end = std::min(std::max(s.begin, s.end), size);
    r.b = sm.line_col(s.file, r.begin);
    r.e = sm.line_col(s.file, r.end);
    return r;
}

std::uint32_t utf16_column(std::string_view line, std::uint32_t byte_col) {
    const std::size_t want = byte_col > 0 ? byte_col - 1 : 0;
    std::uint32_t units = 0;
    std::size_t i = 0;
    while (i < want && i < line.size()) {
        auto d = decode_utf8(line, i);
        // A sequence cut by the end of the wanted prefix still counts whole:
        // the column lands on the character that holds the byte.
        units += d.cp >= 0x10000 ? 2 : 1;
        i += d.len;
    }
    if (want > line.size()) units += static_cast<std::uint32_t>(want - line.size());
    return units + 1;
}

std::vector<source::Span> include_chain(const source::SourceMap& sm, source::FileId file) {
    std::vector<source::Span> chain;
    while (file < sm.size() && chain.size() < sm.size()) {
        const auto& inc = sm.file(file).included_from;
        if (!inc || !inc->valid() || inc->file >= sm.size()) break;
        chain.push_back(*inc);
        file = inc->file;
    }
    return chain;
}

const RuleInfo* find_rule(std::span<const RuleInfo> rules, std::string_view code) {
    for (const auto& r : rules)
        if (r.code == code) return &r;
    return nullptr;
}

Counts count(std::span<const Diagnostic> ds) {
    Counts c;
    for (const auto& d : ds) {
        switch (d.severity) {
            case Severity::Error:
                ++c.errors;
                break;
            case Severity::Warning:
                ++c.warnings;
                break;
            case Severity::Info:
                ++c.infos;
                break;
            case Severity::Off:
                break;
        }
    }
    return c;
}

Json& Json::push(Json v) {
    items_.push_back(std::move(v));
    return items_.back();
}

Json& Json::set(std::string key, Json v) {
    keys_.push_back(std::move(key));
    items_.push_back(std::move(v));
    return *this;
}

namespace {
void indent(std::string& out, int depth) {
    out += '\n';
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
}
}  // namespace

void Json::write(std::string& out, int depth) const {
    switch (kind_) {
        case Kind::Null:
            out += "null";
            return;
        case Kind::Bool:
            out += int_ ? "true" : "false";
            return;
        case Kind::Int:
            out += std::to_string(int_);
            return;
        case Kind::String:
            base::append_quoted(out, str_);
            return;
        case Kind::Array:
        case Kind::Object:
            break;
    }
    const bool obj = kind_ == Kind::Object;
    out += obj ? '{' : '[';
    for (std::size_t k = 0; k < items_.size(); ++k) {
        if (k) out += ',';
        indent(out, depth + 1);
        if (obj) {
            base::append_quoted(out, keys_[k]);
            out += ": ";
        }
        items_[k].write(out, depth + 1);
    }
    if (!items_.empty()) indent(out, depth);
    out += obj ? '}' : ']';
}

}  // namespace havip::diag::detail
