// SPDX-License-Identifier: MIT
#pragma once
/// Builds the statement tree from a stream of tokens and line ends. A statement
/// is a keyword and its arguments up to the end of the line, a `{` or a `}`;
/// `{` makes the statement before it (on the same line or the line before) a
/// block. Recovery: a block that is still open when a top-level block keyword
/// (vrrp_instance, virtual_server, ...) opens a block is closed there with an
/// error, so one run reports every broken block.
#include <string>
#include <vector>

#include "ast/ast.hpp"
#include "diag/diagnostic.hpp"

namespace havip::syntax::keepalived {

class TreeBuilder {
  public:
    TreeBuilder(ast::Document& doc, diag::DiagSink& sink) : doc_(doc), sink_(sink) {}

    void word(std::string text, source::Span span, bool quoted);
    void open_brace(source::Span span);
    void close_brace(source::Span span);
    void end_line();
    void directive(ast::Directive d) { pending_.push_back(std::move(d)); }
    /// Records a use of a syntax feature (HV105 checks its first version); the
    /// first use of each feature in a document is enough.
    void syntax_use(std::string_view name, source::Span at) {
        for (const auto& u : doc_.syntax_uses)
            if (u.name == name) return;
        doc_.syntax_uses.push_back({std::string(name), at});
    }
    /// The end of the input: closes and reports blocks left open.
    void finish();

    /// True when the next word is an argument of a script keyword.
    bool script_args() const { return have_cur_ && cur_script_; }

  private:
    struct Frame {
        ast::Statement st;
        source::Span brace;
        bool anonymous = false;
    };
    void end_statement();
    void attach(ast::Statement st);
    void close_top(source::Span brace_end);

    ast::Document& doc_;
    diag::DiagSink& sink_;
    std::vector<Frame> open_;  // open blocks, outermost first
    ast::Statement cur_;       // statement being read on this line
    bool have_cur_ = false;
    bool cur_script_ = false;
    bool brace_candidate_ = false;   // last attached statement may still take a `{`
    std::size_t skipped_depth_ = 0;  // levels ignored past kMaxBlockDepth
    std::vector<ast::Directive> pending_;
};

/// Keywords that only appear at the top level; used for recovery.
bool is_top_level_block(std::string_view keyword);

}  // namespace havip::syntax::keepalived
