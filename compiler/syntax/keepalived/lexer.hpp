// SPDX-License-Identifier: MIT
#pragma once
/// Splits one logical line (after includes, conditionals and substitution)
/// into tokens and feeds them to the tree builder.
#include "diag/diagnostic.hpp"
#include "syntax/keepalived/mapped_line.hpp"
#include "syntax/keepalived/tree.hpp"

namespace havip::syntax::keepalived {

/// Tokens of `line` go to `tree`, followed by a line end. A comment-only line
/// that is a `havip-lint:` suppression becomes a directive for the next statement.
void lex_line(const MappedLine& line, TreeBuilder& tree, diag::DiagSink& sink);

/// The parts of a `# havip-lint: disable=...` comment; false when malformed.
bool parse_directive(std::string_view comment, std::vector<std::string>& codes, std::string& reason);

}  // namespace havip::syntax::keepalived
