// SPDX-License-Identifier: MIT
#include "syntax/toml/toml_doc.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>

#include "base/ip.hpp"
#include "diag/spellcheck.hpp"

namespace havip::syntax::toml::detail {
namespace {

// toml11 recurses once per nesting level while parsing and while destroying a
// value; these bounds keep any input far away from the stack's end. Real files
// nest two or three levels.
constexpr int kMaxBrackets = 16;
constexpr int kMaxDots = 16;

bool is_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

/// toml11's messages start "[error] toml::parse_xxx: Text." — keep "text".
std::string clean_message(std::string_view first_line) {
    std::string_view m = first_line;
    if (m.rfind("[error]", 0) == 0) m.remove_prefix(7);
    m = trim(m);
    if (m.rfind("toml::", 0) == 0) {
        auto colon = m.find(": ");
        if (colon != std::string_view::npos) m.remove_prefix(colon + 2);
    }
    std::string out(trim(m));
    while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
    if (!out.empty() && std::isupper(static_cast<unsigned char>(out[0])) &&
        (out.size() < 2 || !std::isupper(static_cast<unsigned char>(out[1]))))
        out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
    if (out.empty()) out = "invalid TOML";
    return out;
}

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
        if (c == 0xe0) lo = 0xa0;
        else if (c == 0xed) hi = 0x9f;
        else if (c == 0xf0) lo = 0x90;
        else if (c == 0xf4) hi = 0x8f;
        if (c1 < lo || c1 > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if ((static_cast<unsigned char>(t[i + k]) & 0xc0) != 0x80) return i;
        i += len;
    }
    return std::string_view::npos;
}

}  // namespace

Doc::Doc(source::SourceMap& sm, source::FileId file, diag::DiagSink& sink)
    : sm_(sm), file_(file), sink_(sink), text_(&sm.file(file).text) {}

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
        error("HV001", {file_, b, b + 1}, "file is not valid UTF-8", "TOML files are UTF-8 text; save the file as UTF-8");
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
            bool multi = t.compare(i, 3, std::string(3, c)) == 0;
            i += multi ? 3 : 1;
            while (i < n) {
                if (c == '"' && t[i] == '\\') {
                    i += 2;
                    continue;
                }
                if (!multi && t[i] == '\n') break;
                if (t[i] == c && (!multi || t.compare(i, 3, std::string(3, c)) == 0)) {
                    i += multi ? 3 : 1;
                    break;
                }
                ++i;
            }
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
            case '\n': dots = 0; break;
            case '.':
                if (++dots > kMaxDots) return fail(i, "dotted keys", kMaxDots);
                break;
            default: break;
        }
        ++i;
    }
    return true;
}

void Doc::report_syntax_error(const std::string& what) {
    // toml11 3.7 renders "[error] msg\n --> file\n   |\n 2 | text\n   |   ^--- label";
    // the exception's own location is often the start of the statement, so the
    // annotated lines are the better source of line and column.
    std::vector<std::string> lines;
    {
        std::istringstream in(what);
        std::string l;
        while (std::getline(in, l)) lines.push_back(l);
    }
    struct Mark {
        std::uint32_t line, col, len;
        std::string label;
    };
    std::vector<Mark> marks;
    std::vector<std::string> hints;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view l = lines[i];
        if (l.rfind("Hint:", 0) == 0) {
            hints.emplace_back(trim(l.substr(5)));
            continue;
        }
        auto bar = l.find(" | ");
        if (bar == std::string_view::npos || i + 1 >= lines.size()) continue;
        auto num = trim(l.substr(0, bar));
        if (!is_digits(num) || num.size() > 9) continue;
        std::string_view m = lines[i + 1];
        auto mbar = m.find("| ");
        if (mbar == std::string_view::npos || !trim(m.substr(0, mbar)).empty()) continue;
        auto body = m.substr(mbar + 2);
        auto at = body.find_first_of("^~");
        if (at == std::string_view::npos) continue;
        std::uint32_t len = 1;
        if (body[at] == '~') len = static_cast<std::uint32_t>(body.find_first_not_of('~', at) == std::string_view::npos
                                                                 ? body.size() - at
                                                                 : body.find_first_not_of('~', at) - at);
        auto label_at = body.find_first_not_of("^~- ", at);
        std::string label = label_at == std::string_view::npos ? "" : std::string(trim(body.substr(label_at)));
        marks.push_back({static_cast<std::uint32_t>(std::stoul(std::string(num))),
                         static_cast<std::uint32_t>(at + 1), len, std::move(label)});
        ++i;
    }
    const auto& f = sm_.file(file_);
    auto to_span = [&](const Mark& mk) {
        auto n = static_cast<std::uint32_t>(f.text.size());
        if (mk.line == 0 || mk.line > f.line_starts.size()) return source::Span{file_, n, n};
        std::uint32_t b = std::min(n, f.line_starts[mk.line - 1] + mk.col - 1);
        std::uint32_t e = std::min(n, b + mk.len);
        return source::Span{file_, b, e};
    };
    auto d = diag::make("HV001", diag::Severity::Error,
                        clean_message(lines.empty() ? std::string_view{} : std::string_view(lines[0])));
    if (marks.empty()) {
        d.at({file_, 0, 0});
    } else {
        d.at(to_span(marks.back()), marks.back().label);
        for (std::size_t k = 0; k + 1 < marks.size(); ++k) d.also(to_span(marks[k]), marks[k].label);
    }
    for (auto& h : hints) d.note(h);
    report(std::move(d));
}

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
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ' ' ||
            c == '\t') {
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
        auto guess = closest(e.key, known);
        std::string msg = "unknown key `" + e.key + "` in " + std::string(where);
        auto b = diag::make("HV003", diag::Severity::Warning, msg).at(key_span(*e.value), "not a havip key here");
        if (!guess.empty()) b.help("did you mean `" + guess + "`?");
        report(std::move(b));
    }
}

const char* Doc::type_name(const Value& v) {
    switch (v.type()) {
        case ::toml::value_t::boolean: return "a boolean";
        case ::toml::value_t::integer: return "an integer";
        case ::toml::value_t::floating: return "a float";
        case ::toml::value_t::string: return "a string";
        case ::toml::value_t::offset_datetime:
        case ::toml::value_t::local_datetime:
        case ::toml::value_t::local_date:
        case ::toml::value_t::local_time: return "a date or time";
        case ::toml::value_t::array: return "an array";
        case ::toml::value_t::table: return "a table";
        default: return "empty";
    }
}

void Doc::report(diag::Diagnostic d) {
    auto s = d.primary_span();
    if (!reported_.emplace(d.code, s.begin, s.end, d.message).second) return;
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
    error("HV004", span(v), "`" + std::string(what) + "` must be a string, not " + type_name(v));
    return std::nullopt;
}

std::optional<std::int64_t> Doc::get_int(const Value& v, std::string_view what) {
    if (v.is_integer()) return v.as_integer();
    error("HV004", span(v), "`" + std::string(what) + "` must be an integer, not " + type_name(v));
    return std::nullopt;
}

std::optional<bool> Doc::get_bool(const Value& v, std::string_view what) {
    if (v.is_boolean()) return v.as_boolean();
    error("HV004", span(v), "`" + std::string(what) + "` must be true or false, not " + type_name(v));
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
    error("HV004", span(v), "`" + std::string(what) + "` must be a number, not " + type_name(v));
    return std::nullopt;
}

std::optional<std::string> Doc::get_scalar_text(const Value& v, std::string_view what) {
    if (v.is_string()) return v.as_string().str;
    if (v.is_boolean()) return std::string(v.as_boolean() ? "true" : "false");
    if (v.is_integer() || v.is_floating()) return get_number_text(v, what);
    error("HV004", span(v), "`" + std::string(what) + "` must be a string, number or boolean, not " + type_name(v));
    return std::nullopt;
}

bool Doc::expect_table(const Value& v, std::string_view what) {
    if (v.is_table()) return true;
    error("HV004", span(v), "`" + std::string(what) + "` must be a table, not " + type_name(v));
    return false;
}

bool Doc::expect_array(const Value& v, std::string_view what) {
    if (v.is_array()) return true;
    error("HV004", span(v), "`" + std::string(what) + "` must be an array, not " + type_name(v));
    return false;
}

void Doc::index_directives() {
    // A full-line comment `# havip-lint: disable=HV203,HV204 -- reason` applies to
    // the next line that holds a key or a table header (as in keepalived.conf).
    const auto& f = sm_.file(file_);
    std::vector<ast::Directive> pending;
    for (std::uint32_t line = 1; line <= f.line_starts.size(); ++line) {
        auto text = sm_.line_text(file_, line);
        auto t = trim(text);
        if (t.empty()) continue;
        if (t[0] != '#') {
            if (!pending.empty()) directives_[line] = std::move(pending);
            pending.clear();
            continue;
        }
        auto body = trim(t.substr(1));
        if (body.rfind("havip-lint:", 0) != 0) continue;
        auto col = static_cast<std::uint32_t>(t.data() - text.data());
        source::Span at{file_, f.line_starts[line - 1] + col,
                        f.line_starts[line - 1] + col + static_cast<std::uint32_t>(t.size())};
        auto malformed = [&] {
            error("HV001", at, "malformed `havip-lint:` comment", "write `# havip-lint: disable=HV203,HV204 -- reason`");
        };
        body = trim(body.substr(11));
        if (body.rfind("disable=", 0) != 0) {
            malformed();
            continue;
        }
        body.remove_prefix(8);
        ast::Directive d;
        auto dash = body.find("--");
        auto codes = trim(body.substr(0, dash));
        if (dash != std::string_view::npos) d.reason = std::string(trim(body.substr(dash + 2)));
        std::size_t p = 0;
        while (p <= codes.size()) {
            auto comma = codes.find(',', p);
            auto c = trim(codes.substr(p, comma == std::string_view::npos ? std::string_view::npos : comma - p));
            if (!c.empty()) d.codes.emplace_back(c);
            if (comma == std::string_view::npos) break;
            p = comma + 1;
        }
        // Codes (HV203) or slugs (garp-repeat): words joined by single dashes.
        bool codes_ok = !d.codes.empty() && std::all_of(d.codes.begin(), d.codes.end(), [](const std::string& c) {
            return std::isalnum(static_cast<unsigned char>(c.front())) &&
                   std::isalnum(static_cast<unsigned char>(c.back())) && c.find("--") == std::string::npos &&
                   std::all_of(c.begin(), c.end(), [](unsigned char ch) { return std::isalnum(ch) || ch == '-'; });
        });
        if (!codes_ok) {
            malformed();
            continue;
        }
        d.span = at;
        pending.push_back(std::move(d));
    }
}

std::vector<ast::Directive> Doc::directives_for(source::Span at) const {
    if (!at.valid() || directives_.empty()) return {};
    auto it = directives_.find(sm_.line_col(file_, at.begin).line);
    return it == directives_.end() ? std::vector<ast::Directive>{} : it->second;
}

namespace {
template <class Range>
std::string closest_in(std::string_view word, const Range& known) {
    std::string best;
    std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto& k : known) {
        std::string_view kv(k);
        auto d = diag::edit_distance(word, kv, best_d);
        // A prefix ("garp_master" for "garp_master_repeat") also counts as close.
        if (word.size() >= 4 && kv.rfind(word, 0) == 0) d = std::min<std::size_t>(d, 1);
        if (d < best_d && d < std::max(word.size(), kv.size())) {
            best_d = d;
            best = std::string(kv);
        }
    }
    return best;
}
}  // namespace

std::string closest(std::string_view word, std::initializer_list<std::string_view> known) {
    return closest_in(word, known);
}
std::string closest(std::string_view word, const std::vector<std::string>& known) {
    return closest_in(word, known);
}

bool is_ip(std::string_view text) { return base::IpAddr::parse(text).has_value(); }

bool is_cidr(std::string_view text, bool prefix_required) {
    auto slash = text.find('/');
    if (slash == std::string_view::npos) return !prefix_required && is_ip(text);
    auto addr = text.substr(0, slash), pfx = text.substr(slash + 1);
    if (!is_ip(addr) || !is_digits(pfx) || pfx.size() > 3) return false;
    int p = std::stoi(std::string(pfx));
    bool v6 = addr.find(':') != std::string_view::npos;
    return p <= (v6 ? 128 : 32);
}

bool is_version(std::string_view text) {
    int parts = 0;
    std::size_t p = 0;
    while (true) {
        auto dot = text.find('.', p);
        auto part = text.substr(p, dot == std::string_view::npos ? std::string_view::npos : dot - p);
        if (!is_digits(part) || part.size() > 4) return false;
        ++parts;
        if (dot == std::string_view::npos) break;
        p = dot + 1;
    }
    return parts >= 2 && parts <= 3;
}

}  // namespace havip::syntax::toml::detail
