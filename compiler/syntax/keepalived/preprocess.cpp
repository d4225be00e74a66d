// SPDX-License-Identifier: MIT
#include "syntax/keepalived/preprocess.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "source/read.hpp"
#include "syntax/keepalived/errors.hpp"
#include "syntax/keepalived/grammar.hpp"
#include "syntax/keepalived/include.hpp"
#include "syntax/keepalived/lexer.hpp"

namespace havip::syntax::keepalived {

namespace p = tao::pegtl;
namespace g = grammar;

namespace {

using Input = p::memory_input<p::tracking_mode::lazy, p::eol::lf_crlf, const char*>;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == '\0'; }

std::size_t skip_blanks(std::string_view s, std::size_t i = 0) {
    while (i < s.size() && is_blank(s[i])) ++i;
    return i;
}

std::string_view trim(std::string_view s) {
    std::size_t b = skip_blanks(s);
    std::size_t e = s.size();
    while (e > b && is_blank(s[e - 1])) --e;
    return s.substr(b, e - b);
}

/// Length of the match of `Rule` at the start of `s`, or npos.
template <typename Rule>
std::size_t match_len(std::string_view s) {
    Input in(s.data(), s.data() + s.size(), "");
    try {
        if (p::parse<Rule>(in)) return std::size_t(in.current() - s.data());
    } catch (...) {
    }
    return std::string_view::npos;
}

std::string absolute_dir(const std::string& path) {
    std::error_code ec;
    std::filesystem::path p = path.empty() ? std::filesystem::path(".") : std::filesystem::path(path);
    auto abs = std::filesystem::absolute(p, ec);
    if (ec) return dir_of(path);
    return abs.lexically_normal().parent_path().string();
}

std::string canonical(const std::string& path) {
    char buf[PATH_MAX];
    if (::realpath(path.c_str(), buf)) return buf;
    return path;
}

constexpr std::array<std::string_view, 6> kIncludes = {"include",  "includer", "includem",
                                                       "includew", "includeb", "includea"};

}  // namespace

bool read_whole_file(const std::string& path, std::string& out, std::string& why) {
    // The same bounds for the file named on the command line and for every include.
    return source::read_regular_file(path, out, why);
}

std::size_t comment_pos(std::string_view s) {
    bool dq = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\\') {
            ++i;
        } else if (c == '"') {
            dq = !dq;
        } else if (!dq && (c == '#' || c == '!')) {
            return i;
        }
    }
    return std::string_view::npos;
}

std::string Preprocessor::pwd_of(const FileCtx& ctx, const source::SourceMap& sm) {
    return absolute_dir(sm.file(ctx.id).path);
}

// ---- files and raw lines ----------------------------------------------------------

void Preprocessor::run(source::FileId root) {
    const auto& f = sm_.file(root);
    active_.push_back(Active{f.path, {}});
    read_file(FileCtx{root, dir_of(f.path), 0});
    active_.pop_back();
}

void Preprocessor::read_file(const FileCtx& ctx) {
    const std::string& text = sm_.file(ctx.id).text;
    if (const std::size_t nul = text.find('\0'); nul != std::string::npos) {
        auto at = std::uint32_t(nul);
        sink_.report(errors::nul_byte({ctx.id, at, at + 1}));
    }
    std::size_t pos = 0;
    while (pos < text.size() && !stopped_) {
        const std::size_t nl = text.find('\n', pos);
        std::size_t end = nl == std::string::npos ? text.size() : nl;
        std::size_t next = end + 1;
        std::size_t len = end - pos;
        if (len > kMaxLineBytes) {
            sink_.report(errors::line_too_long({ctx.id, std::uint32_t(pos), std::uint32_t(pos + 1)}, kMaxLineBytes));
            pos = next;
            continue;
        }
        std::string_view line(text.data() + pos, len);
        std::size_t f = skip_blanks(line);
        if (f < len) {
            char c = line[f];
            if (c == 'i' && try_include(line, std::uint32_t(pos), ctx)) {
                pos = next;
                continue;
            }
            if (c == '$' || c == '@') {
                std::size_t cut = comment_pos(line);
                std::string_view body = trim(line.substr(0, cut));
                if (!body.empty() && body.back() == '\\') {
                    std::size_t after = multiline_definition(text, pos, end, ctx);
                    if (after != std::string::npos) {
                        pos = after;
                        continue;
                    }
                }
            }
            logical(MappedLine(ctx.id, line, std::uint32_t(pos)), ctx, 0);
        }
        pos = next;
    }
}

bool Preprocessor::try_include(std::string_view line, std::uint32_t pos, const FileCtx& ctx) {
    std::size_t f = skip_blanks(line);
    std::size_t e = f;
    while (e < line.size() && !is_blank(line[e]) && line[e] != '#' && line[e] != '!') ++e;
    std::string_view kw = line.substr(f, e - f);
    if (std::find(kIncludes.begin(), kIncludes.end(), kw) == kIncludes.end()) return false;

    std::string_view rest = line.substr(e);
    rest = rest.substr(0, comment_pos(rest));
    std::size_t b = skip_blanks(rest);
    std::string pattern;
    std::size_t pend = b;
    if (b < rest.size() && rest[b] == '"') {
        std::size_t q = rest.find('"', b + 1);
        pend = q == std::string_view::npos ? rest.size() : q + 1;
        pattern.assign(rest.substr(b + 1, (q == std::string_view::npos ? rest.size() : q) - b - 1));
    } else {
        while (pend < rest.size() && !is_blank(rest[pend])) ++pend;
        pattern.assign(rest.substr(b, pend - b));
    }
    source::Span stmt{ctx.id, pos + std::uint32_t(f), pos + std::uint32_t(e + pend)};
    tree_.syntax_use(kw, {ctx.id, pos + std::uint32_t(f), pos + std::uint32_t(e)});
    if (pattern.empty()) {
        sink_.report(errors::include_no_pattern(stmt, kw));
        return true;
    }
    if (ctx.depth + 1 > opt_.max_include_depth) {
        sink_.report(errors::include_too_deep(stmt, opt_.max_include_depth));
        return true;
    }
    IncludeMatch m = resolve_include(ctx.dir, pattern, opt_.confine_includes);
    for (const auto& r : m.refused) sink_.report(errors::include_refused(stmt, r));
    for (const auto& t : m.too_long) sink_.report(errors::include_unreadable(stmt, t, "file name too long"));
    for (const auto& miss : m.missing) sink_.report(errors::include_missing(stmt, miss));
    for (const auto& un : m.unmatched) sink_.report(errors::include_no_match(stmt, un));
    for (const auto& path : m.files) {
        if (stopped_ || includes_stopped_) break;
        if (++included_ > kMaxIncludedFiles) {
            // Without cycles, includes still form a DAG that can read the same
            // files exponentially often.
            sink_.report(errors::include_budget(stmt, kMaxIncludedFiles));
            includes_stopped_ = true;
            break;
        }
        // A FIFO would block open() and a device never ends: only regular
        // files (and directories, which read_whole_file reports) are read.
        struct stat sb {};
        if (::stat(path.c_str(), &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) {
            sink_.report(errors::include_unreadable(stmt, path, "not a regular file"));
            continue;
        }
        std::string canon = canonical(path);
        bool cycle = false;
        for (auto& a : active_) {
            if (a.canon.empty()) a.canon = canonical(a.path);
            cycle = cycle || a.canon == canon;
        }
        if (cycle) {
            sink_.report(errors::include_cycle(stmt, path));
            continue;
        }
        std::string text, why;
        if (!(opt_.read_file ? opt_.read_file(path, text, why) : read_whole_file(path, text, why))) {
            sink_.report(errors::include_unreadable(stmt, path, why));
            continue;
        }
        source::FileId id = sm_.add(path, std::move(text), stmt);
        active_.push_back(Active{path, std::move(canon)});
        read_file(FileCtx{id, dir_of(path), ctx.depth + 1});
        active_.pop_back();
    }
    return true;
}

/// `$NAME= \` at [pos, end): gathers the continuation lines and defines NAME.
/// Returns the offset after the definition, or npos when the line is not one.
std::size_t Preprocessor::multiline_definition(const std::string& text, std::size_t pos, std::size_t end,
                                               const FileCtx& ctx) {
    std::string_view head(text.data() + pos, end - pos);
    head = head.substr(0, comment_pos(head));
    std::size_t at = skip_blanks(head);
    bool keep = true;
    if (at < head.size() && head[at] == '@') {
        std::size_t n = match_len<g::conditional>(head.substr(at));
        if (n == std::string_view::npos) return std::string::npos;  // logical() reports it
        std::string_view cond = trim(head.substr(at + 1, n - 1));
        bool negate = !cond.empty() && cond[0] == '^';
        keep = keep_conditional(negate ? cond.substr(1) : cond, negate);
        tree_.syntax_use(negate ? "@^" : "@", {ctx.id, std::uint32_t(pos + at), std::uint32_t(pos + at + n)});
        at += n;
    }
    std::size_t n = match_len<g::definition_head>(head.substr(at));
    if (n == std::string_view::npos) return std::string::npos;
    std::string_view name = trim(head.substr(at, n - 1));
    name.remove_prefix(1);  // `$`
    tree_.syntax_use("$NAME=", {ctx.id, std::uint32_t(pos + at), std::uint32_t(pos + at + n)});
    std::string value;
    std::string_view first = trim(head.substr(at + n));
    first.remove_suffix(1);  // the `\`
    first = trim(first);
    if (!first.empty()) value.append(first);

    std::size_t cur = end + 1;
    while (cur < text.size()) {
        const std::size_t nl = text.find('\n', cur);
        std::size_t e = nl == std::string::npos ? text.size() : nl;
        std::string_view line(text.data() + cur, e - cur);
        std::size_t next = e + 1;
        if (line.size() > kMaxLineBytes) {
            sink_.report(errors::line_too_long({ctx.id, std::uint32_t(cur), std::uint32_t(cur + 1)}, kMaxLineBytes));
            cur = next;
            continue;
        }
        std::string_view body = line.substr(0, comment_pos(line));
        std::string_view t = trim(body);
        cur = next;
        if (t.empty()) continue;  // blank or comment-only lines do not end a definition
        bool more = t.back() == '\\';
        if (more) t = trim(t.substr(0, t.size() - 1));
        // Keep the indentation: it does not matter, and the text stays as written.
        std::size_t lead = skip_blanks(body);
        if (!value.empty()) value += '\n';
        value.append(body.substr(0, lead)).append(t);
        if (!more) break;
    }
    if (keep) define(name, std::move(value));
    return cur;
}

// ---- logical lines -------------------------------------------------------------------

bool Preprocessor::keep_conditional(std::string_view id, bool negate) const {
    bool match = !opt_.config_id.empty() && id == opt_.config_id;
    return negate ? !match : match;
}

void Preprocessor::logical(const MappedLine& line, const FileCtx& ctx, unsigned depth) {
    // A line of the file starts afresh; once its expansion runs away (a
    // recursive parameter), the rest of what it would produce is dropped.
    if (depth == 0) abandon_line_ = false;
    if (stopped_ || abandon_line_) return;
    std::string_view t = line.text();
    std::size_t f = skip_blanks(t);
    if (f == t.size()) return;
    char c = t[f];
    bool dollar = std::memchr(t.data(), '$', t.size()) != nullptr;
    if (c == '#' || c == '!' || (c != '@' && c != '~' && !dollar)) {
        emit(line);
        return;
    }
    // Comments go before anything else looks at the line.
    std::size_t cut = comment_pos(t);
    if (cut != std::string_view::npos) {
        logical(line.slice(0, cut), ctx, depth);
        return;
    }

    if (c == '@') {
        std::size_t n = match_len<g::conditional>(t.substr(f));
        if (n == std::string_view::npos) {
            sink_.report(errors::bad_conditional(line.span(f, f + 1)));
            return;
        }
        std::string_view cond = trim(t.substr(f + 1, n - 1));
        bool negate = !cond.empty() && cond[0] == '^';
        tree_.syntax_use(negate ? "@^" : "@", line.span(f, f + n));
        if (!keep_conditional(negate ? cond.substr(1) : cond, negate)) return;
        logical(line.slice(f + n, t.size()), ctx, depth);
        return;
    }
    if (c == '$') {
        std::size_t n = match_len<g::definition_head>(t);
        if (n != std::string_view::npos) {
            std::string_view name = trim(t.substr(0, n - 1));
            name.remove_prefix(1);
            tree_.syntax_use("$NAME=", line.span(f, f + n));
            define(name, std::string(trim(t.substr(n))));
            return;
        }
    }
    if (c == '~' && match_len<g::gen_start>(t) != std::string_view::npos) {
        generator(line, f, ctx, depth);
        return;
    }
    if (dollar) {
        MappedLine out;
        if (substitute(line, ctx, out)) {
            if (depth >= kMaxExpansionDepth) {
                // Point at the reference that still expands, as written in the file.
                std::string_view lt = line.text();
                std::size_t d = lt.find('$');
                source::Span at = d == std::string_view::npos ? line.span_all() : line.span(d, d + 1);
                std::string ref(sm_.text(at));
                // A parameter whose value holds newlines doubles the lines at
                // each level: report once, and drop the rest of this line's output.
                std::uint64_t key = (std::uint64_t(at.file) << 32) ^ at.begin ^ (std::uint64_t(1) << 63);
                if (warned_.insert(key).second)
                    sink_.report(
                        errors::recursive_parameter(at, ref.empty() ? std::string_view("$") : ref, kMaxExpansionDepth));
                abandon_line_ = true;
                return;
            }
            std::string_view ot = out.text();
            std::size_t b = 0;
            for (;;) {
                std::size_t nl = ot.find('\n', b);
                std::size_t e = nl == std::string_view::npos ? ot.size() : nl;
                if (!count_generated(line.span_all())) return;
                logical(out.slice(b, e), ctx, depth + 1);
                if (nl == std::string_view::npos || stopped_ || abandon_line_) break;
                b = nl + 1;
            }
            return;
        }
    }
    emit(line);
}

bool Preprocessor::count_generated(source::Span at) {
    if (stopped_) return false;
    if (++generated_ > kMaxGeneratedLines) {
        sink_.report(errors::too_much_expansion(at, kMaxGeneratedLines));
        stopped_ = true;
        return false;
    }
    return true;
}

void Preprocessor::emit(const MappedLine& line) {
    if (!line.identity() && line.text().size() > kMaxLineBytes) {
        sink_.report(errors::line_too_long(line.span_all(), kMaxLineBytes));
        return;
    }
    lex_line(line, tree_, sink_);
}

void Preprocessor::warn_undefined(source::Span at, std::string_view ref) {
    // The same reference is seen again when a line is re-read after an
    // expansion; report it once.
    std::uint64_t key = (std::uint64_t(at.file) << 32) ^ at.begin ^ (std::uint64_t(ref.size()) << 58);
    if (warned_.insert(key).second) sink_.report(errors::undefined_parameter(at, ref));
}

}  // namespace havip::syntax::keepalived
