// SPDX-License-Identifier: MIT
#include "syntax/keepalived/lexer.hpp"

#include <string>

#include "syntax/keepalived/errors.hpp"
#include "syntax/keepalived/grammar.hpp"

namespace havip::syntax::keepalived {

namespace {

namespace p = tao::pegtl;
namespace g = grammar;

struct LexState {
    const MappedLine& line;
    const char* base;  // first byte of the line text
    TreeBuilder& tree;
    diag::DiagSink& sink;
    std::string buf;  // text of the word being read
    bool quoted = false;
    bool unterminated = false;
    bool any_token = false;

    std::size_t off(const char* p) const { return std::size_t(p - base); }
};

/// Single quotes group only while reading the arguments of a script keyword.
struct script_mode {
    using rule_t = script_mode;
    using subs_t = p::empty_list;
    template <p::apply_mode, p::rewind_mode, template <typename...> class, template <typename...> class,
              typename ParseInput, typename State>
    static bool match(ParseInput&, State& st) {
        return st.tree.script_args();
    }
};

using word = g::word_t<script_mode>;
using line_rule = g::line_t<script_mode>;

template <typename Rule>
struct action : p::nothing<Rule> {};

template <>
struct action<g::bare_part> {
    template <typename In>
    static void apply(const In& in, LexState& st) {
        st.buf.append(in.begin(), in.size());
    }
};
template <>
struct action<g::ref_part> : action<g::bare_part> {};
template <>
struct action<g::other_char> : action<g::bare_part> {};

template <>
struct action<g::escaped> {
    template <typename In>
    static void apply(const In& in, LexState& st) {
        char c = in.begin()[1];
        // `\#` and `\!` are how a comment character is written; other escapes
        // are kept for the script splitter and the model.
        if (c == '#' || c == '!')
            st.buf += c;
        else
            st.buf.append(in.begin(), in.size());
    }
};

template <>
struct action<g::dq_body> {
    template <typename In>
    static void apply(const In& in, LexState& st) {
        st.buf.append(in.begin(), in.size());
        st.quoted = true;
    }
};
template <>
struct action<g::dq_unterminated> {
    template <typename In>
    static void apply(const In&, LexState& st) {
        st.unterminated = true;
    }
};
template <>
struct action<g::dq_part> {
    template <typename In>
    static void apply(const In& in, LexState& st) {
        st.quoted = true;
        if (st.unterminated) {
            auto b = st.off(in.begin());
            st.sink.report(errors::unterminated_quote(st.line.span(b, b + 1), '"'));
            st.unterminated = false;
        }
    }
};

template <>
struct action<g::sq_unterminated> : action<g::dq_unterminated> {};
template <>
struct action<g::sq_part_t<script_mode>> {
    template <typename In>
    static void apply(const In& in, LexState& st) {
        // Kept with its quotes: the script splitter gives them their meaning.
        st.buf.append(in.begin(), in.size());
        st.quoted = true;
        if (st.unterminated) {
            auto b = st.off(in.begin());
            st.sink.report(errors::unterminated_quote(st.line.span(b, b + 1), '\''));
            st.unterminated = false;
        }
    }
};

template <>
struct action<word> {
    template <typename In>
    static void apply(const In& in, LexState& st) {
        auto b = st.off(in.begin());
        st.tree.word(std::move(st.buf), st.line.span(b, b + in.size()), st.quoted);
        st.buf.clear();
        st.quoted = false;
        st.any_token = true;
    }
};

template <>
struct action<g::lbrace> {
    template <typename In>
    static void apply(const In& in, LexState& st) {
        auto b = st.off(in.begin());
        st.tree.open_brace(st.line.span(b, b + 1));
        st.any_token = true;
    }
};
template <>
struct action<g::rbrace> {
    template <typename In>
    static void apply(const In& in, LexState& st) {
        auto b = st.off(in.begin());
        st.tree.close_brace(st.line.span(b, b + 1));
        st.any_token = true;
    }
};

template <>
struct action<g::comment> {
    template <typename In>
    static void apply(const In& in, LexState& st) {
        if (st.any_token) return;
        std::string_view text(in.begin(), in.size());
        // Only a comment that starts with the marker is a directive; prose that
        // mentions havip-lint is a comment like any other.
        std::string_view body = text.substr(1);
        while (!body.empty() && (body.front() == ' ' || body.front() == '\t')) body.remove_prefix(1);
        if (body.substr(0, 11) != "havip-lint:") return;
        auto b = st.off(in.begin());
        source::Span span = st.line.span(b, b + in.size());
        ast::Directive d;
        d.span = span;
        if (parse_directive(text, d.codes, d.reason))
            st.tree.directive(std::move(d));
        else
            st.sink.report(errors::bad_directive(span));
    }
};

// ---- directives -----------------------------------------------------------------
struct DirectiveState {
    std::vector<std::string>& codes;
    std::string& reason;
};
template <typename Rule>
struct directive_action : p::nothing<Rule> {};
template <>
struct directive_action<g::directive_code> {
    template <typename In>
    static void apply(const In& in, DirectiveState& st) {
        st.codes.emplace_back(in.begin(), in.size());
    }
};
template <>
struct directive_action<g::directive_reason> {
    template <typename In>
    static void apply(const In& in, DirectiveState& st) {
        std::string_view r(in.begin(), in.size());
        while (!r.empty() && (r.back() == ' ' || r.back() == '\t' || r.back() == '\r')) r.remove_suffix(1);
        st.reason.assign(r);
    }
};

}  // namespace

bool parse_directive(std::string_view comment, std::vector<std::string>& codes, std::string& reason) {
    codes.clear();
    reason.clear();
    p::memory_input<p::tracking_mode::lazy, p::eol::lf_crlf, const char*> in(comment.data(),
                                                                             comment.data() + comment.size(), "");
    DirectiveState st{codes, reason};
    bool ok = false;
    try {
        ok = p::parse<g::directive, directive_action>(in, st);
    } catch (...) {
        ok = false;
    }
    if (!ok) codes.clear();
    return ok && !codes.empty();
}

void lex_line(const MappedLine& line, TreeBuilder& tree, diag::DiagSink& sink) {
    std::string_view text = line.text();
    LexState st{line, text.data(), tree, sink, {}, false, false, false};
    p::memory_input<p::tracking_mode::lazy, p::eol::lf_crlf, const char*> in(text.data(), text.data() + text.size(),
                                                                             "");
    try {
        (void)p::parse<line_rule, action>(in, st);
    } catch (const std::exception&) {
        // The line grammar has no `must`; only allocation can throw here, and a
        // partial line is all we lose.
    }
    tree.end_line();
}

}  // namespace havip::syntax::keepalived
