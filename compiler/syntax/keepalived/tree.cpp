// SPDX-License-Identifier: MIT
#include "syntax/keepalived/tree.hpp"

#include <algorithm>
#include <array>

#include "syntax/keepalived/errors.hpp"
#include "syntax/keepalived/parser.hpp"

namespace havip::syntax::keepalived {

namespace {

void extend(source::Span& s, source::Span to) {
    // A statement's span stays inside one file: a block closed in an included
    // file keeps the span of its opening line.
    if (s.file == to.file && to.end > s.end) s.end = to.end;
}

}  // namespace

bool is_top_level_block(std::string_view k) {
    static constexpr std::array<std::string_view, 15> kTop = {
        "bfd_instance",  "garp_group",   "global_defs",        "linkbeat_interfaces", "static_ipaddress",
        "static_routes", "static_rules", "static_track_group", "virtual_server",      "virtual_server_group",
        "vrrp_instance", "vrrp_script",  "vrrp_sync_group",    "vrrp_track_file",     "vrrp_track_process"};
    return std::find(kTop.begin(), kTop.end(), k) != kTop.end();
}

bool is_script_keyword(std::string_view k) {
    if (k == "track_script" || k == "vrrp_script") return false;
    auto ends_with = [&](std::string_view suf) {
        return k.size() >= suf.size() && k.substr(k.size() - suf.size()) == suf;
    };
    return k.substr(0, 6) == "notify" || k == "script" || ends_with("_script") || k == "misc_path" ||
           k == "quorum_up" || k == "quorum_down";
}

void TreeBuilder::word(std::string text, source::Span span, bool quoted) {
    if (skipped_depth_ > 0) return;
    brace_candidate_ = false;
    if (!have_cur_) {
        cur_ = ast::Statement{};
        cur_.keyword = std::move(text);
        cur_.keyword_span = span;
        cur_.span = span;
        cur_.directives = std::move(pending_);
        pending_.clear();
        cur_script_ = is_script_keyword(cur_.keyword);
        have_cur_ = true;
        return;
    }
    extend(cur_.span, span);
    cur_.args.push_back(ast::Arg{std::move(text), span, quoted});
}

void TreeBuilder::attach(ast::Statement st) {
    if (open_.empty())
        doc_.statements.push_back(std::move(st));
    else
        open_.back().st.children.push_back(std::move(st));
}

void TreeBuilder::end_statement() {
    if (!have_cur_) return;
    have_cur_ = false;
    attach(std::move(cur_));
    brace_candidate_ = true;
}

void TreeBuilder::end_line() { end_statement(); }

void TreeBuilder::open_brace(source::Span span) {
    if (skipped_depth_ > 0) {
        ++skipped_depth_;
        return;
    }
    ast::Statement st;
    bool named = true;
    if (have_cur_) {
        st = std::move(cur_);
        have_cur_ = false;
    } else if (brace_candidate_) {
        // `{` on the line after its statement.
        auto& list = open_.empty() ? doc_.statements : open_.back().st.children;
        st = std::move(list.back());
        list.pop_back();
    } else {
        sink_.report(errors::open_without_keyword(span));
        st.keyword_span = span;
        st.span = span;
        named = false;
    }
    brace_candidate_ = false;

    if (open_.size() >= kMaxBlockDepth) {
        sink_.report(errors::too_deep(span, kMaxBlockDepth));
        if (named) attach(std::move(st));
        skipped_depth_ = 1;
        return;
    }
    if (named && !open_.empty() && is_top_level_block(st.keyword)) {
        const Frame& outer = open_.front();
        sink_.report(errors::missing_close_before(outer.brace, outer.anonymous ? "{" : outer.st.keyword,
                                                  st.keyword_span, st.keyword));
        while (!open_.empty()) close_top({});
    }
    st.is_block = true;
    extend(st.span, span);
    open_.push_back(Frame{std::move(st), span, !named});
}

void TreeBuilder::close_top(source::Span brace) {
    Frame f = std::move(open_.back());
    open_.pop_back();
    if (brace.valid()) extend(f.st.span, brace);
    if (f.anonymous) {
        // A `{` without a keyword (already reported): keep its contents, drop the braces.
        for (auto& c : f.st.children) attach(std::move(c));
        return;
    }
    attach(std::move(f.st));
}

void TreeBuilder::close_brace(source::Span span) {
    if (skipped_depth_ > 0) {
        --skipped_depth_;
        return;
    }
    end_statement();
    brace_candidate_ = false;
    if (open_.empty()) {
        sink_.report(errors::stray_close(span));
        return;
    }
    close_top(span);
}

void TreeBuilder::finish() {
    end_statement();
    if (!open_.empty()) {
        const Frame& outer = open_.front();
        sink_.report(errors::never_closed(outer.brace, outer.anonymous ? "{" : outer.st.keyword, open_.size()));
        while (!open_.empty()) close_top({});
    }
    skipped_depth_ = 0;
}

}  // namespace havip::syntax::keepalived
