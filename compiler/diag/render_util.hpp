// SPDX-License-Identifier: MIT
#pragma once
/// Helpers shared by the renderers (not part of the public diag API): span
/// resolution with clamping, UTF-8 decoding, column conversions, the include
/// chain, rule lookup, and a small JSON value with a strict serializer.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/quote.hpp"
#include "diag/render.hpp"

namespace havip::diag::detail {

/// One decoded UTF-8 sequence (base/quote.hpp). Invalid or truncated
/// sequences, overlong forms, surrogates and values past U+10FFFF decode as
/// U+FFFD with length 1, so a decoder loop always advances and every byte is
/// accounted for.
using Decoded = base::Utf8;
using base::decode_utf8;
void append_utf8(std::string& out, char32_t cp);

/// Text made safe for a terminal or a line-oriented log: invalid UTF-8 becomes
/// U+FFFD; tab stays; a newline stays when `keep_newlines`, else becomes `\n`;
/// carriage return becomes `\r`; every other C0/C1 control and DEL becomes
/// `\u{1b}`-style text, so no escape sequence reaches the terminal.
std::string sanitize(std::string_view s, bool keep_newlines);
/// True for the code points sanitize() rewrites as text.
bool is_control(char32_t cp);

/// A span made safe to render: the file exists, offsets are clamped to the
/// file's size and end >= begin. `ok` is false for invalid spans.
struct Resolved {
    bool ok = false;
    source::FileId file = source::kNoFile;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    source::LineCol b;  ///< line and byte column of begin
    source::LineCol e;  ///< line and byte column of end (exclusive)
};
Resolved resolve(const source::SourceMap& sm, source::Span s);

/// 1-based column of byte column `byte_col` (1-based) on `line`, counted in
/// UTF-16 code units. Bytes past the end of the line count one unit each.
std::uint32_t utf16_column(std::string_view line, std::uint32_t byte_col);

/// The spans of the `include` statements that pulled `file` in, innermost
/// first. Cycles and invalid spans end the walk.
std::vector<source::Span> include_chain(const source::SourceMap& sm, source::FileId file);

/// The RuleInfo for `code`, or nullptr.
const RuleInfo* find_rule(std::span<const RuleInfo> rules, std::string_view code);

/// Counts of the diagnostics a renderer prints (severity Off is never printed).
struct Counts {
    std::size_t errors = 0, warnings = 0, infos = 0;
};
Counts count(std::span<const Diagnostic> ds);

/// JSON string literals are base::append_quoted (base/quote.hpp): valid JSON
/// (RFC 8259) whatever bytes come in.

/// A JSON value built by the JSON and SARIF renderers. Object members keep
/// insertion order so the output is deterministic.
class Json {
  public:
    enum class Kind { Null, Bool, Int, String, Array, Object };
    Json() = default;
    Json(std::nullptr_t) {}
    Json(bool b) : kind_(Kind::Bool), int_(b ? 1 : 0) {}
    Json(std::int64_t i) : kind_(Kind::Int), int_(i) {}
    Json(std::uint32_t i) : kind_(Kind::Int), int_(i) {}
    Json(std::uint64_t i) : kind_(Kind::Int), int_(static_cast<std::int64_t>(i)) {}
    Json(int i) : kind_(Kind::Int), int_(i) {}
    Json(std::string s) : kind_(Kind::String), str_(std::move(s)) {}
    Json(std::string_view s) : kind_(Kind::String), str_(s) {}
    Json(const char* s) : kind_(Kind::String), str_(s) {}

    static Json array() {
        Json j;
        j.kind_ = Kind::Array;
        return j;
    }
    static Json object() {
        Json j;
        j.kind_ = Kind::Object;
        return j;
    }

    Kind kind() const { return kind_; }
    /// Appends to an array.
    Json& push(Json v);
    /// Adds a member to an object (keys are not deduplicated: callers set each once).
    Json& set(std::string key, Json v);
    bool empty() const { return items_.empty(); }

    /// Pretty-printed with two-space indentation, like `json.dumps(indent=2)`.
    void write(std::string& out, int depth = 0) const;

  private:
    Kind kind_ = Kind::Null;
    std::int64_t int_ = 0;
    std::string str_;
    std::vector<std::string> keys_;  ///< objects only, parallel to items_
    std::vector<Json> items_;
};

}  // namespace havip::diag::detail
