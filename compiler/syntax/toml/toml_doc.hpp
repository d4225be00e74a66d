// SPDX-License-Identifier: MIT
#pragma once
/// Internal to syntax/toml (toml11's one home): a parsed TOML file whose values
/// know their byte spans, with typed access that reports diagnostics (HV001
/// syntax, HV003 unknown key, HV004 wrong type or value) instead of throwing.
/// The cluster, inventory and policy readers are written against this.
#include <toml.hpp>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ast/ast.hpp"
#include "diag/diagnostic.hpp"
#include "source/source_map.hpp"

namespace havip::syntax::toml::detail {

using Value = ::toml::value;

/// One key of a table, in source order.
struct Entry {
    std::string key;
    const Value* value = nullptr;
};

/// A TOML file being read: the toml11 tree plus the mapping back to bytes.
class Doc {
  public:
    Doc(source::SourceMap& sm, source::FileId file, diag::DiagSink& sink);

    /// Parses the file's text. On a syntax error reports HV001 at the line and
    /// column toml11 names and returns false. Never throws.
    bool parse();

    const Value& root() const { return root_; }
    source::FileId file() const { return file_; }
    const source::SourceMap& sources() const { return sm_; }
    diag::DiagSink& sink() { return sink_; }
    /// True once any error was reported through this Doc.
    bool failed() const { return errors_ > 0; }

    /// Bytes of a value: its text, or for a `[table]` its header.
    source::Span span(const Value& v) const;
    /// The key written before `=` for v (`priority` in `priority = 50`), or span(v)
    /// when v has no key of its own on its line (array elements, table headers).
    source::Span key_span(const Value& v) const;
    /// From the key through the end of the value.
    source::Span stmt_span(const Value& v) const;
    /// For a `[table]` or `[[table]]`: from its header to the next header; else span(v).
    source::Span extent(const Value& v) const;
    /// The source text of a value as written.
    std::string_view raw(const Value& v) const;
    /// Sub-span of bytes [b, e) of a string value's contents when the written text
    /// maps 1:1 to the value (no escapes); the whole value's span otherwise.
    source::Span string_part(const Value& v, std::size_t b, std::size_t e) const;

    /// The table's keys in the order they appear in the file.
    std::vector<Entry> entries(const Value& table) const;
    /// The value of `key` in `table`, or null (also when table is not a table).
    const Value* find(const Value& table, std::string_view key) const;

    /// Reports HV003 (with diag::closest's "did you mean") for each key of `table` not in `known`.
    void check_keys(const Value& table, std::initializer_list<std::string_view> known, std::string_view where);

    /// "a string", "an integer", ... for messages.
    static const char* type_name(const Value& v);

    /// Typed reads: on a wrong type, HV004 at the value ("`what` must be ...") and nullopt.
    std::optional<std::string> get_string(const Value& v, std::string_view what);
    std::optional<std::int64_t> get_int(const Value& v, std::string_view what);
    std::optional<bool> get_bool(const Value& v, std::string_view what);
    /// A number as keepalived would read it: decimal text of an integer, or the
    /// float as written ("0.5"); HV004 for other types.
    std::optional<std::string> get_number_text(const Value& v, std::string_view what);
    /// Any scalar as keepalived argument text (bool → "true"/"false").
    std::optional<std::string> get_scalar_text(const Value& v, std::string_view what);
    /// True when v is a table; HV004 otherwise.
    bool expect_table(const Value& v, std::string_view what);
    /// True when v is an array; HV004 otherwise.
    bool expect_array(const Value& v, std::string_view what);

    /// Reports a diagnostic (an error counts towards failed()).
    void report(diag::Diagnostic d);
    /// Reports an error/warning (code, message at span, optional help).
    void error(std::string code, source::Span at, std::string message, std::string help = {});
    void warning(std::string code, source::Span at, std::string message, std::string help = {});

    /// `# havip-lint: disable=...` comments that precede the line holding `at`.
    std::vector<ast::Directive> directives_for(source::Span at) const;

  private:
    // toml11 recurses once per nesting level while parsing and while destroying a
    // value; these bounds keep any input far away from the stack's end. Real files
    // nest two or three levels.
    static constexpr int kMaxBrackets = 16;
    static constexpr int kMaxDots = 16;

    /// The pre-lexer (toml_prelex.cpp): HV001 for text that is not UTF-8 or nests
    /// deeper than the bounds above, before toml11 sees it.
    bool scan_limits();
    /// HV001 from toml11's rendered error text (toml_error_text.cpp).
    void report_syntax_error(const std::string& what);
    /// The `# havip-lint:` comments, by the line they apply to (toml_directives.cpp).
    void index_directives();
    std::uint32_t offset(const Value& v) const;
    void collect_headers(const Value& v, int depth);

    source::SourceMap& sm_;
    source::FileId file_;
    diag::DiagSink& sink_;
    Value root_;
    const std::string* text_ = nullptr;
    std::vector<std::uint32_t> headers_;  ///< offsets of every `[table]` / `[[table]]` header
    std::map<std::uint32_t, std::vector<ast::Directive>> directives_;  ///< line → directives before it
    int errors_ = 0;
};

/// Adds `text` to the source map as `name`, parses it and hands the document to
/// `read`; a file that does not parse gives R{}. Nothing below is meant to throw:
/// if something does, it stops here as an HV001, so the input only ever earns a
/// diagnostic (the readers' library boundary).
template <class R, class F>
R read_document(source::SourceMap& sm, std::string name, std::string text, diag::DiagSink& sink, F&& read) {
    try {
        auto id = sm.add(std::move(name), std::move(text));
        Doc doc(sm, id, sink);
        if (!doc.parse()) return R{};
        return read(doc);
    } catch (const std::exception& e) {
        sink.report(diag::make("HV001", diag::Severity::Error, std::string("cannot read TOML: ") + e.what()));
    } catch (...) {
        sink.report(diag::make("HV001", diag::Severity::Error, "cannot read TOML"));
    }
    return R{};
}

}  // namespace havip::syntax::toml::detail
