// SPDX-License-Identifier: MIT
#pragma once
/// Internal to syntax/toml: builds keepalived-shaped ast::Statements from TOML
/// values, with the keyword span on the TOML key and argument spans on the values.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ast/ast.hpp"
#include "syntax/toml/toml_doc.hpp"

namespace havip::syntax::toml::detail {

/// The TOML type a keepalived argument is read from.
enum class Kind { String, Int, Number, Scalar };

class StmtBuilder {
  public:
    explicit StmtBuilder(Doc& d) : d_(d) {}

    /// A new number for a statement made of a cluster-wide value (ast::Statement::shared).
    std::uint32_t next_shared() { return next_shared_++; }

    /// `keyword ARG` from a key = value; nothing when v is null or of the wrong
    /// kind (HV004 reported).
    void value(std::vector<ast::Statement>& out, std::string keyword, const Value* v, std::string_view what, Kind kind);
    /// `keyword` with no arguments, spanning the key = value that asked for it.
    ast::Statement flag(std::string keyword, const Value& v);
    /// A statement the file implies rather than states (`state BACKUP` from the
    /// mode): every span points at `at`.
    ast::Statement derived(std::string keyword, const Value& at, std::vector<std::string> args);
    /// A data line of a list block (`172.16.0.14` in unicast_peer { }).
    ast::Statement line(std::string text, const Value& at);
    /// A block statement named `keyword` whose lines come from the array `v`.
    ast::Statement array_block(std::string keyword, const Value& v);

    /// virtual_ipaddress { ... } from `vips`.
    void vips(std::vector<ast::Statement>& out, const Value& v);
    /// virtual_routes { ... } from `routes`, virtual_rules { ... } from `rules`:
    /// an array of strings, each one line as keepalived reads it.
    void word_lines(std::vector<ast::Statement>& out, const Value& v, std::string_view key, std::string keyword);
    /// authentication { auth_type ... auth_pass ... } from [auth].
    void auth(std::vector<ast::Statement>& out, const Value& table);
    /// garp_master_* / garp_lower_prio_* from [garp].
    void garp(std::vector<ast::Statement>& out, const Value& table);
    /// track_interface { ... } / track_script { ... } from an array of names or
    /// { name, weight, reverse } tables.
    void track_list(std::vector<ast::Statement>& out, std::string keyword, const Value& v, std::string_view what);
    /// notify_* "command" [user [group]] from a string or { command, user, group }.
    std::optional<ast::Statement> command(std::string keyword, const Value& v, std::string_view what);
    /// vrrp_script NAME { script ... interval ... } from [script.NAME].
    ast::Statement vrrp_script(const std::string& name, const Value& table);
    /// A block of keepalived keywords written as TOML keys ([global], [extra]):
    /// the cluster's table with the node's keys taking precedence. Null when empty.
    std::optional<ast::Statement> passthrough_block(std::string keyword, const Value* cluster, const Value* node,
                                                    std::string_view what);
    /// Gives each statement the `# havip-lint: disable=` comments above its key.
    void attach_directives(std::vector<ast::Statement>& statements);

    /// A string split on blanks into arguments, each with its own span when the
    /// TOML text allows.
    std::vector<ast::Arg> words(const Value& v, const std::string& s);

  private:
    std::optional<ast::Statement> passthrough(const std::string& key, const Value& v, std::string_view what);
    std::optional<ast::Statement> passthrough_value(const std::string& key, const Value& v, std::string_view what);
    void attach(std::vector<ast::Statement>& statements, std::vector<std::uint32_t>& used);

    Doc& d_;
    /// What passthrough() made of each value: a cluster's [global] or [extra]
    /// key merged into every node's block is read once.
    std::map<const Value*, std::optional<ast::Statement>> passthrough_once_;
    std::uint32_t next_shared_ = 1;
};

}  // namespace havip::syntax::toml::detail
