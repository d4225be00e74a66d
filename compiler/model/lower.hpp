// SPDX-License-Identifier: MIT
#pragma once
/// Lowering: a generic ast::Document (from either front end) into a typed
/// model::Node, driven by the keyword catalogue. Unknown keywords become HV003
/// (with "did you mean"), wrong arity/type/range HV004; everything that lowers
/// keeps the span it came from. Never throws.
#include <string>
#include <vector>

#include "ast/ast.hpp"
#include "diag/diagnostic.hpp"
#include "model/model.hpp"
#include "source/source_map.hpp"

namespace havip::model {

/// Lowers one document into one node named `node_name` (the driver picks it:
/// the TOML node name or the .conf file's stem). Diagnostics go to `sink`.
Node lower(const ast::Document& doc, const source::SourceMap& sm, diag::DiagSink& sink, std::string node_name);

/// Lowers the documents of one havip.toml (one per [[node]], named by
/// Document::node_name). A statement the nodes share (ast::Statement::shared)
/// reports its findings with the first node that holds it, once for the
/// cluster; the later nodes take the same statement into their model without
/// reporting it again.
std::vector<Node> lower_cluster(const std::vector<ast::Document>& docs, const source::SourceMap& sm,
                                diag::DiagSink& sink);

}  // namespace havip::model
