// SPDX-License-Identifier: MIT
#pragma once
/// The havip.toml front end: one file describes one cluster and all its nodes
/// (man/havip.toml.5). The reader maps it onto the statements the equivalent
/// keepalived.conf of each node would hold, so both front ends meet in one AST
/// and lower through the same code into equal models.
#include <string>
#include <vector>

#include "ast/ast.hpp"
#include "diag/diagnostic.hpp"
#include "source/source_map.hpp"

namespace havip::syntax::toml {

/// Reads a havip.toml; returns one ast::Document per [[node]], in file order, each
/// holding keepalived-shaped statements (global_defs { ... }, vrrp_script NAME { ... },
/// vrrp_instance NAME { state, interface, virtual_router_id, priority, advert_int,
/// unicast_src_ip, unicast_peer { ... }, virtual_ipaddress { ... }, authentication { ... },
/// nopreempt, ... }) exactly as the equivalent keepalived.conf would produce them, with
/// spans pointing at the TOML keys and values, plus Document::node_name, cluster, mode
/// and subnets. Errors become diagnostics: HV001 for TOML syntax (file:line:col),
/// HV004 for wrong types or values, HV003 for unknown keys (with "did you mean"),
/// HV002 when the file cannot be read. Never throws. A file with a syntax error
/// yields no documents; other errors still yield the documents that could be built.
std::vector<ast::Document> read_cluster(source::SourceMap& sm, const std::string& path, diag::DiagSink& sink);

/// As read_cluster, for text already in memory; `name` is the path shown in messages.
std::vector<ast::Document> read_cluster_text(source::SourceMap& sm, std::string name, std::string text,
                                             diag::DiagSink& sink);

/// Reads a whole file into `out`; false (and HV002 reported) when it cannot be read.
/// Shared by the cluster, inventory and policy readers.
bool read_file(const std::string& path, std::string& out, diag::DiagSink& sink);

}  // namespace havip::syntax::toml
