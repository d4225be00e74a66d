// SPDX-License-Identifier: MIT
#pragma once
/// Lowering: a generic ast::Document (from either front end) into a typed
/// model::Node, driven by the keyword catalogue. Unknown keywords become HV003
/// (with "did you mean"), wrong arity/type/range HV004; everything that lowers
/// keeps the span it came from. Never throws.
#include <string>

#include "ast/ast.hpp"
#include "diag/diagnostic.hpp"
#include "model/model.hpp"
#include "source/source_map.hpp"

namespace havip::model {

/// Lowers one document into one node named `node_name` (the driver picks it:
/// the TOML node name or the .conf file's stem). Diagnostics go to `sink`.
Node lower(const ast::Document& doc, const source::SourceMap& sm, diag::DiagSink& sink, std::string node_name);

}  // namespace havip::model
