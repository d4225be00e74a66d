// SPDX-License-Identifier: MIT
// A TOML file through toml11: parsing (after the pre-lexer), spans of values,
// typed getters that report instead of throwing, and reporting once.
#include "syntax/toml/toml_doc.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>

#include "diag/spellcheck.hpp"
#include "syntax/toml/lex_util.hpp"

namespace havip::syntax::toml::detail {

Doc::Doc(source::SourceMap& sm, source::FileId file, diag::DiagSink& sink)
    : sm_(sm), file_(file), sink_(sink), text_(&sm.file(file).text) {}

bool Doc::parse() {
    if (!scan_limits()) return false;
    try {
        std::istringstream in(*text_);
        root_ = ::toml::parse(in, sm_.file(file_).path);
    } catch (const ::toml::syntax_error& e) {
        report_syntax_error(e.what());
        return false;
    } catch (const std::exception& e) {
        error("HV001", {file_, 0, 0}, std::string("cannot read TOML: ") + e.what());
        return false;
    } catch (...) {
        error("HV001", {file_, 0, 0}, "cannot read TOML");
        return false;
    }
    collect_headers(root_, 0);
    std::sort(headers_.begin(), headers_.end());
    headers_.erase(std::unique(headers_.begin(), headers_.end()), headers_.end());
    index_directives();
    return true;
}

void Doc::collect_headers(const Value& v, int depth) {
    if (depth > 2 * kMaxBrackets * kMaxDots) return;
    if (v.is_table()) {
        if (depth > 0 && raw(v).substr(0, 1) == "[") headers_.push_back(offset(v));
        for (const auto& [k, c] : v.as_table()) collect_headers(c, depth + 1);
    } else if (v.is_array()) {
        for (const auto& c : v.as_array()) collect_headers(c, depth + 1);
    }
}

std::uint32_t Doc::offset(const Value& v) const {
    const auto* reg = dynamic_cast<const ::toml::detail::region*>(::toml::detail::get_region(v));
    if (!reg || !reg->source()) return 0;
    auto off = reg->first() - reg->source()->cbegin();
    return static_cast<std::uint32_t>(std::clamp<std::ptrdiff_t>(off, 0, static_cast<std::ptrdiff_t>(text_->size())));
}

source::Span Doc::span(const Value& v) const {
    const auto* reg = dynamic_cast<const ::toml::detail::region*>(::toml::detail::get_region(v));
    if (!reg || !reg->source()) return {file_, 0, 0};
    auto n = static_cast<std::ptrdiff_t>(text_->size());
    auto b = std::clamp<std::ptrdiff_t>(reg->first() - reg->source()->cbegin(), 0, n);
    auto e = std::clamp<std::ptrdiff_t>(reg->last() - reg->source()->cbegin(), b, n);
    return {file_, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e)};
}

std::string_view Doc::raw(const Value& v) const { return sm_.text(span(v)); }

source::Span Doc::key_span(const Value& v) const {
    auto s = span(v);
    const std::string& t = *text_;
    if (s.begin < t.size() && t[s.begin] == '[' && v.is_table()) return s;
    std::int64_t i = static_cast<std::int64_t>(s.begin) - 1;
    while (i >= 0 && (t[i] == ' ' || t[i] == '\t')) --i;
    if (i < 0 || t[i] != '=') return s;
    --i;
    while (i >= 0 && (t[i] == ' ' || t[i] == '\t')) --i;
    std::int64_t e = i + 1;
    while (i >= 0) {
        char c = t[i];
        if (c == '"' || c == '\'') {  // a quoted key: back to its opening quote
            std::int64_t j = i - 1;
            while (j >= 0 && t[j] != c && t[j] != '\n') --j;
            if (j < 0 || t[j] != c) break;
            i = j - 1;
            continue;
        }
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ' ' || c == '\t') {
            --i;
            continue;
        }
        break;
    }
    std::int64_t b = i + 1;
    while (b < e && (t[b] == ' ' || t[b] == '\t')) ++b;
    if (b >= e) return s;
    return {file_, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e)};
}

source::Span Doc::stmt_span(const Value& v) const {
    auto k = key_span(v), s = span(v);
    return {file_, std::min(k.begin, s.begin), std::max(k.end, s.end)};
}

source::Span Doc::extent(const Value& v) const {
    auto s = span(v);
    if (!(v.is_table() && s.begin < text_->size() && (*text_)[s.begin] == '[')) return s;
    auto it = std::upper_bound(headers_.begin(), headers_.end(), s.begin);
    std::uint32_t e = it == headers_.end() ? static_cast<std::uint32_t>(text_->size()) : *it;
    while (e > s.end && std::isspace(static_cast<unsigned char>((*text_)[e - 1]))) --e;
    return {file_, s.begin, std::max(e, s.end)};
}

source::Span Doc::string_part(const Value& v, std::size_t b, std::size_t e) const {
    auto s = span(v);
    if (!v.is_string()) return s;
    auto r = raw(v);
    const std::string& str = v.as_string().str;
    if (r.size() == str.size() + 2 && r.substr(1, str.size()) == str && e <= str.size() && b <= e)
        return {file_, static_cast<std::uint32_t>(s.begin + 1 + b), static_cast<std::uint32_t>(s.begin + 1 + e)};
    return s;
}

std::vector<Entry> Doc::entries(const Value& table) const {
    std::vector<Entry> out;
    if (!table.is_table()) return out;
    for (const auto& [k, v] : table.as_table()) out.push_back({k, &v});
    std::sort(out.begin(), out.end(), [&](const Entry& a, const Entry& b) {
        auto oa = offset(*a.value), ob = offset(*b.value);
        return oa != ob ? oa < ob : a.key < b.key;
    });
    return out;
}

const Value* Doc::find(const Value& table, std::string_view key) const {
    if (!table.is_table()) return nullptr;
    const auto& t = table.as_table();
    auto it = t.find(std::string(key));
    return it == t.end() ? nullptr : &it->second;
}

void Doc::check_keys(const Value& table, std::initializer_list<std::string_view> known, std::string_view where) {
    for (const auto& e : entries(table)) {
        if (std::find(known.begin(), known.end(), e.key) != known.end()) continue;
        auto guess = diag::closest(e.key, known);
        std::string msg = "unknown key `" + e.key + "` in " + std::string(where);
        auto b = diag::make("HV003", diag::Severity::Warning, msg).at(key_span(*e.value), "not a havip key here");
        if (!guess.empty()) b.help("did you mean `" + guess + "`?");
        report(std::move(b));
    }
}

const char* Doc::type_name(const Value& v) {
    switch (v.type()) {
        case ::toml::value_t::boolean:
            return "a boolean";
        case ::toml::value_t::integer:
            return "an integer";
        case ::toml::value_t::floating:
            return "a float";
        case ::toml::value_t::string:
            return "a string";
        case ::toml::value_t::offset_datetime:
        case ::toml::value_t::local_datetime:
        case ::toml::value_t::local_date:
        case ::toml::value_t::local_time:
            return "a date or time";
        case ::toml::value_t::array:
            return "an array";
        case ::toml::value_t::table:
            return "a table";
        default:
            return "empty";
    }
}

void Doc::report(diag::Diagnostic d) {
    if (d.severity == diag::Severity::Error) ++errors_;
    sink_.report(std::move(d));
}

void Doc::error(std::string code, source::Span at, std::string message, std::string help) {
    auto b = diag::make(std::move(code), diag::Severity::Error, std::move(message));
    b.at(at);
    if (!help.empty()) b.help(std::move(help));
    report(std::move(b));
}

void Doc::warning(std::string code, source::Span at, std::string message, std::string help) {
    auto b = diag::make(std::move(code), diag::Severity::Warning, std::move(message));
    b.at(at);
    if (!help.empty()) b.help(std::move(help));
    report(std::move(b));
}

std::optional<std::string> Doc::get_string(const Value& v, std::string_view what) {
    if (v.is_string()) return v.as_string().str;
    error("HV004", span(v), diag::tick(what) + " must be a string, not " + type_name(v));
    return std::nullopt;
}

std::optional<std::int64_t> Doc::get_int(const Value& v, std::string_view what) {
    if (v.is_integer()) return v.as_integer();
    error("HV004", span(v), diag::tick(what) + " must be an integer, not " + type_name(v));
    return std::nullopt;
}

std::optional<bool> Doc::get_bool(const Value& v, std::string_view what) {
    if (v.is_boolean()) return v.as_boolean();
    error("HV004", span(v), diag::tick(what) + " must be true or false, not " + type_name(v));
    return std::nullopt;
}

std::optional<std::string> Doc::get_number_text(const Value& v, std::string_view what) {
    auto r = std::string(raw(v));
    if (!r.empty() && r[0] == '+') r.erase(0, 1);
    if (v.is_integer()) {
        // As written when plain decimal (keeps an out-of-range value visible to the
        // range checks instead of whatever toml11 made of it).
        std::string_view digits = r;
        if (!digits.empty() && digits[0] == '-') digits.remove_prefix(1);
        if (is_digits(digits)) return r;
        return std::to_string(v.as_integer());
    }
    if (v.is_floating()) {
        auto dot = r.find('.');
        std::string_view ip = std::string_view(r).substr(0, dot);
        if (!ip.empty() && ip[0] == '-') ip.remove_prefix(1);
        if (dot != std::string::npos && is_digits(ip) && is_digits(std::string_view(r).substr(dot + 1))) return r;
        char buf[64];
        std::snprintf(buf, sizeof buf, "%g", v.as_floating());
        return std::string(buf);
    }
    error("HV004", span(v), diag::tick(what) + " must be a number, not " + type_name(v));
    return std::nullopt;
}

std::optional<std::string> Doc::get_scalar_text(const Value& v, std::string_view what) {
    if (v.is_string()) return v.as_string().str;
    if (v.is_boolean()) return std::string(v.as_boolean() ? "true" : "false");
    if (v.is_integer() || v.is_floating()) return get_number_text(v, what);
    error("HV004", span(v), diag::tick(what) + " must be a string, number or boolean, not " + type_name(v));
    return std::nullopt;
}

bool Doc::expect_table(const Value& v, std::string_view what) {
    if (v.is_table()) return true;
    error("HV004", span(v), diag::tick(what) + " must be a table, not " + type_name(v));
    return false;
}

bool Doc::expect_array(const Value& v, std::string_view what) {
    if (v.is_array()) return true;
    error("HV004", span(v), diag::tick(what) + " must be an array, not " + type_name(v));
    return false;
}

}  // namespace havip::syntax::toml::detail
