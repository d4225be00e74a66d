// SPDX-License-Identifier: MIT
#include "diag/fix.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>
#include <utility>

namespace havip::diag {
namespace {

bool edit_less(const Edit& a, const Edit& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    return a.span.end < b.span.end;  // an insertion before a replacement that starts there
}

/// A key that is equal for two fixes with the same edits (a finding of a shared
/// include, reported once per node that reads it).
std::string fix_key(const Fix& f) {
    std::string k;
    for (const auto& e : f.edits) {
        k += fmt::format("{}:{}:{}:{}:", e.span.file, e.span.begin, e.span.end, e.replacement.size());
        k += e.replacement;
    }
    return k;
}

/// The edits taken so far in one file, disjoint, ordered by (begin, end).
using Taken = std::set<std::pair<std::uint32_t, std::uint32_t>>;

bool conflicts(const Taken& taken, const Edit& e) {
    const Edit& probe_base = e;
    auto it = taken.lower_bound({e.span.begin, 0});
    auto check = [&](const std::pair<std::uint32_t, std::uint32_t>& t) {
        Edit other{{e.span.file, t.first, t.second}, {}};
        return overlap(probe_base, other);
    };
    if (it != taken.begin() && check(*std::prev(it))) return true;
    for (; it != taken.end() && (it->first < e.span.end || it->first == e.span.begin); ++it)
        if (check(*it)) return true;
    return false;
}

}  // namespace

bool overlap(const Edit& a, const Edit& b) {
    if (a.span.file != b.span.file) return false;
    if (a.span.begin < b.span.end && b.span.begin < a.span.end) return true;
    return a.span.begin == a.span.end && b.span.begin == b.span.end && a.span.begin == b.span.begin;
}

FixResult apply_fixes(const source::SourceMap& sm, std::span<const Diagnostic> ds, bool unsafe,
                      std::span<const source::FileId> same_file) {
    FixResult r;
    std::map<source::FileId, Taken> taken;
    std::map<source::FileId, std::vector<Edit>> edits;
    std::set<std::string> seen;
    for (const auto& d : ds) {
        if (!d.fix) continue;
        Fix f = *d.fix;
        for (auto& e : f.edits)
            if (e.span.file < same_file.size()) e.span.file = same_file[e.span.file];
        if (f.applicability == Applicability::MaybeIncorrect && !unsafe) {
            ++r.unsafe;
            continue;
        }
        // Every edit inside its file, and none overlapping another of the same fix.
        bool ok = !f.edits.empty();
        for (std::size_t i = 0; ok && i < f.edits.size(); ++i) {
            const auto& s = f.edits[i].span;
            ok = s.valid() && s.file < sm.size() && s.begin <= s.end && s.end <= sm.file(s.file).text.size();
            for (std::size_t j = 0; ok && j < i; ++j) ok = !overlap(f.edits[i], f.edits[j]);
        }
        if (!ok) {
            ++r.invalid;
            continue;
        }
        if (!seen.insert(fix_key(f)).second) continue;  // the same fix again: already taken or skipped
        bool clash = false;
        for (const auto& e : f.edits) clash = clash || conflicts(taken[e.span.file], e);
        if (clash) {
            ++r.overlapping;
            continue;
        }
        for (const auto& e : f.edits) {
            taken[e.span.file].insert({e.span.begin, e.span.end});
            edits[e.span.file].push_back(e);
        }
        ++r.applied;
        ++r.applied_by_code[d.code];
    }
    for (auto& [file, es] : edits) {
        std::sort(es.begin(), es.end(), edit_less);
        FileFix ff;
        ff.file = file;
        ff.text = apply_edits(sm.file(file).text, es);
        ff.edits = std::move(es);
        if (ff.text != sm.file(file).text) r.files.push_back(std::move(ff));
    }
    return r;
}

std::string apply_edits(std::string_view text, std::span<const Edit> edits) {
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    for (const auto& e : edits) {
        out.append(text.substr(at, e.span.begin - at));
        out += e.replacement;
        at = e.span.end;
    }
    out.append(text.substr(at));
    return out;
}

namespace {

/// Lines of a text: starts of each line; a last line may lack its newline.
struct Lines {
    std::string_view text;
    std::vector<std::size_t> starts;

    explicit Lines(std::string_view t) : text(t) {
        if (!t.empty()) starts.push_back(0);
        for (std::size_t i = 0; i < t.size(); ++i)
            if (t[i] == '\n' && i + 1 < t.size()) starts.push_back(i + 1);
    }
    std::size_t count() const { return starts.size(); }
    std::size_t start(std::size_t k) const { return k < starts.size() ? starts[k] : text.size(); }
    std::string_view line(std::size_t k) const { return text.substr(start(k), start(k + 1) - start(k)); }
    /// The line holding byte `off`; count() for the end of a text that ends with a newline.
    std::size_t index_at(std::size_t off) const {
        if (off >= text.size() && (text.empty() || text.back() == '\n')) return count();
        return static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), off) - starts.begin()) - 1;
    }
};

std::vector<std::string_view> split_lines(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t at = 0;
    while (at < s.size()) {
        auto nl = s.find('\n', at);
        std::size_t end = nl == std::string_view::npos ? s.size() : nl + 1;
        out.push_back(s.substr(at, end - at));
        at = end;
    }
    return out;
}

/// A run of whole old lines [first, last) and what the edits make of them.
struct Region {
    std::size_t first = 0, last = 0;
    std::vector<Edit> edits;
    std::vector<std::string_view> old_lines;
    std::string new_text;
    std::vector<std::string_view> new_lines;
};

void emit_line(std::string& out, char mark, std::string_view line) {
    out += mark;
    out += line;
    if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

std::string range(std::size_t start0, std::size_t n) {
    if (n == 1) return std::to_string(start0 + 1);
    return fmt::format("{},{}", n == 0 ? start0 : start0 + 1, n);
}

}  // namespace

std::string unified_diff(std::string_view path, std::string_view text, std::span<const Edit> edits,
                         std::size_t context) {
    const Lines L(text);
    // Each edit covers whole lines; an insertion of whole lines at a line start covers none.
    std::vector<Region> regions;
    for (const auto& e : edits) {
        Region g;
        const std::size_t b = e.span.begin, en = e.span.end;
        g.first = L.index_at(b);
        if (en > b) {
            const std::size_t le = L.index_at(en);
            g.last = L.start(le) == en ? le : le + 1;
        } else {
            const bool whole = b == L.start(g.first) && (e.replacement.empty() || e.replacement.back() == '\n');
            g.last = whole ? g.first : std::min(g.first + 1, L.count());
        }
        g.edits.push_back(e);
        if (!regions.empty() && g.first <= regions.back().last) {
            auto& p = regions.back();
            p.last = std::max(p.last, g.last);
            p.edits.push_back(e);
        } else {
            regions.push_back(std::move(g));
        }
    }
    // The new text of each region; one that no longer ends in a newline
    // before the end of the file takes in the next line (and any region there).
    for (std::size_t k = 0; k < regions.size(); ++k) {
        auto& g = regions[k];
        for (;;) {
            const std::size_t B = L.start(g.first), E = L.start(g.last);
            std::vector<Edit> local;
            for (auto e : g.edits) {
                e.span.begin -= static_cast<std::uint32_t>(B);
                e.span.end -= static_cast<std::uint32_t>(B);
                local.push_back(std::move(e));
            }
            g.new_text = apply_edits(text.substr(B, E - B), local);
            const bool open = !g.new_text.empty() && g.new_text.back() != '\n';
            if (!(open && g.last < L.count())) break;
            ++g.last;
            while (k + 1 < regions.size() && regions[k + 1].first < g.last) {
                g.last = std::max(g.last, regions[k + 1].last);
                for (auto& e : regions[k + 1].edits) g.edits.push_back(std::move(e));
                regions.erase(regions.begin() + static_cast<std::ptrdiff_t>(k + 1));
            }
        }
        for (std::size_t i = g.first; i < g.last; ++i) g.old_lines.push_back(L.line(i));
        g.new_lines = split_lines(g.new_text);
    }
    std::string out;
    std::ptrdiff_t delta = 0;  // new line numbers minus old ones, before the current hunk
    std::size_t k = 0;
    while (k < regions.size()) {
        if (regions[k].old_lines == regions[k].new_lines) {
            ++k;
            continue;
        }
        std::size_t j = k + 1;  // regions [k, j) make one hunk
        while (j < regions.size() && regions[j].first - regions[j - 1].last <= 2 * context) ++j;
        const std::size_t s = regions[k].first >= context ? regions[k].first - context : 0;
        const std::size_t t = std::min(L.count(), regions[j - 1].last + context);
        std::string body;
        std::size_t old_n = 0, new_n = 0, at = s;
        std::ptrdiff_t hunk_delta = 0;
        for (std::size_t m = k; m < j; ++m) {
            const auto& g = regions[m];
            for (; at < g.first; ++at, ++old_n, ++new_n) emit_line(body, ' ', L.line(at));
            for (auto l : g.old_lines) emit_line(body, '-', l);
            for (auto l : g.new_lines) emit_line(body, '+', l);
            old_n += g.old_lines.size();
            new_n += g.new_lines.size();
            hunk_delta +=
                static_cast<std::ptrdiff_t>(g.new_lines.size()) - static_cast<std::ptrdiff_t>(g.old_lines.size());
            at = g.last;
        }
        for (; at < t; ++at, ++old_n, ++new_n) emit_line(body, ' ', L.line(at));
        const auto new_s = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(s) + delta);
        out += fmt::format("@@ -{} +{} @@\n", range(s, old_n), range(new_s, new_n));
        out += body;
        delta += hunk_delta;
        k = j;
    }
    if (out.empty()) return out;
    return fmt::format("--- a/{}\n+++ b/{}\n", path, path) + out;
}

// ---- building edits ---------------------------------------------------------

namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }

std::string_view file_text(const source::SourceMap& sm, source::Span s) {
    if (!s.valid() || s.file >= sm.size()) return {};
    return sm.file(s.file).text;
}

bool in_file(const source::SourceMap& sm, source::Span s) {
    return s.valid() && s.file < sm.size() && s.begin <= s.end && s.end <= sm.file(s.file).text.size();
}

std::size_t line_begin(std::string_view t, std::size_t off) {
    while (off > 0 && t[off - 1] != '\n') --off;
    return off;
}

/// The offset of the newline that ends the line holding `off` (t.size() on the last line);
/// a CR before it is part of the newline.
std::size_t line_end(std::string_view t, std::size_t off) {
    auto nl = t.find('\n', off);
    if (nl == std::string_view::npos) return t.size();
    if (nl > off && t[nl - 1] == '\r') return nl - 1;
    return nl;
}

std::size_t after_newline(std::string_view t, std::size_t eol) {
    if (eol < t.size() && t[eol] == '\r') ++eol;
    if (eol < t.size() && t[eol] == '\n') ++eol;
    return eol;
}

}  // namespace

std::optional<Edit> replace_exact(const source::SourceMap& sm, source::Span span, std::string_view expect,
                                  std::string replacement) {
    if (!in_file(sm, span) || file_text(sm, span).substr(span.begin, span.end - span.begin) != expect) return {};
    return Edit{span, std::move(replacement)};
}

std::optional<Edit> replace_value(const source::SourceMap& sm, source::Span stmt, std::string_view keyword,
                                  std::string_view value, std::string replacement) {
    if (!in_file(sm, stmt) || value.empty()) return {};
    const auto text = file_text(sm, stmt).substr(stmt.begin, stmt.end - stmt.begin);
    if (text.size() <= keyword.size() + value.size() || text.substr(0, keyword.size()) != keyword) return {};
    std::size_t k = keyword.size();
    if (!blank(text[k])) return {};
    while (k < text.size() && blank(text[k])) ++k;
    if (text.substr(k) != value) return {};
    return Edit{{stmt.file, stmt.begin + static_cast<std::uint32_t>(k), stmt.end}, std::move(replacement)};
}

source::Span whole_lines(const source::SourceMap& sm, source::Span span) {
    if (!in_file(sm, span) || span.end == span.begin) return {};
    const auto t = file_text(sm, span);
    const std::size_t b = line_begin(t, span.begin);
    for (std::size_t i = b; i < span.begin; ++i)
        if (!blank(t[i])) return {};
    const std::size_t eol = line_end(t, span.end);
    for (std::size_t i = span.end; i < eol; ++i)
        if (!blank(t[i])) return {};
    return {span.file, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(after_newline(t, eol))};
}

std::optional<Edit> delete_lines(const source::SourceMap& sm, source::Span span) {
    if (!in_file(sm, span) || span.end == span.begin) return {};
    if (auto w = whole_lines(sm, span); w.valid()) return Edit{w, {}};
    const auto t = file_text(sm, span);
    const std::size_t b = line_begin(t, span.begin);
    std::size_t p = span.begin;
    while (p > b && blank(t[p - 1])) --p;
    const bool after_brace = p > b && (t[p - 1] == '{' || t[p - 1] == '}');
    const bool line_start = p == b;
    std::size_t e = span.end;
    while (e < t.size() && blank(t[e])) ++e;
    const std::size_t eol = line_end(t, span.end);
    const bool comment_after = e < eol && (t[e] == '#' || t[e] == '!');
    // `  kw 0  # why` keeps `  # why`; `{ kw 0 }` keeps `{ }`.
    if (line_start && comment_after) return Edit{{span.file, span.begin, static_cast<std::uint32_t>(e)}, {}};
    if (after_brace && (e == eol || t[e] == '}' || comment_after))
        return Edit{{span.file, span.begin, static_cast<std::uint32_t>(e)}, {}};
    return {};
}

std::string_view indent_at(const source::SourceMap& sm, source::FileId file, std::uint32_t offset) {
    if (file >= sm.size()) return {};
    const std::string_view t = sm.file(file).text;
    if (offset > t.size()) return {};
    const std::size_t b = line_begin(t, offset);
    std::size_t e = b;
    while (e < t.size() && blank(t[e])) ++e;
    return t.substr(b, e - b);
}

std::string_view newline_at(const source::SourceMap& sm, source::FileId file, std::uint32_t offset) {
    if (file >= sm.size()) return "\n";
    const std::string_view t = sm.file(file).text;
    if (offset > t.size()) return "\n";
    const std::size_t eol = line_end(t, offset);
    return eol < t.size() && t[eol] == '\r' ? std::string_view("\r\n") : std::string_view("\n");
}

}  // namespace havip::diag
