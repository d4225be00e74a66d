// SPDX-License-Identifier: MIT
#pragma once
/// The generic configuration tree both front ends produce: a statement is a
/// keyword, its arguments and, for blocks, its children. Nothing here knows
/// what a keyword means; that is the model's job.
#include <cstdint>
#include <string>
#include <vector>

#include "source/source_map.hpp"

namespace havip::ast {

struct Arg {
    std::string text;     ///< after unquoting, escapes and substitution
    source::Span span;    ///< where it came from in the original file
    bool quoted = false;  ///< written in quotes (a script string keeps its quotes' meaning)
};

/// A `# havip-lint: disable=HV203,HV204 -- reason` comment; it applies to the
/// statement (or whole block) that follows it.
struct Directive {
    std::vector<std::string> codes;
    std::string reason;
    source::Span span;  ///< the comment
};

struct Statement {
    std::string keyword;
    source::Span keyword_span;
    std::vector<Arg> args;
    bool is_block = false;              ///< had `{ ... }`
    std::vector<Statement> children;    ///< block contents
    source::Span span;                  ///< keyword through closing brace or end of line
    std::vector<Directive> directives;  ///< suppression comments just before it
    /// havip.toml: nonzero when made of a cluster-wide value, held (with its
    /// children) by every node of the cluster that does not set its own; one
    /// number per such statement. Lowering reports its findings once, for the cluster.
    std::uint32_t shared = 0;
};

/// A use of syntax that is not a keyword, so HV105 can check its first version.
/// `name` is the catalogue's spelling in its "(syntax)" block: "@", "@^",
/// "$NAME=", "${_ENV}", "${_PWD}", "~SEQ", "~SEQx", "~LST", "include", "includer"…
struct SyntaxUse {
    std::string name;
    source::Span span;
};

/// One parsed configuration (a keepalived.conf with its includes, or a havip.toml
/// mapped to keepalived-shaped statements).
struct Document {
    source::FileId root = source::kNoFile;
    std::string node_name;  ///< empty for a .conf (the caller uses the file stem)
    std::vector<Statement> statements;
    std::vector<SyntaxUse> syntax_uses;  ///< filled by the keepalived front end (empty for TOML)

    // havip.toml only: the cluster the node was declared in.
    Arg cluster;               ///< cluster name
    Arg mode;                  ///< "standing" | "non-standing" | empty
    std::vector<Arg> subnets;  ///< CIDRs
};

}  // namespace havip::ast
