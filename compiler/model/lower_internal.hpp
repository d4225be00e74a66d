// SPDX-License-Identifier: MIT
#pragma once
/// Internals of lowering, shared by lower.cpp (statements, catalogue checks,
/// global_defs, top level) and lower_instance.cpp (vrrp_instance, vrrp_script,
/// vrrp_sync_group). Not part of the model's public interface.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "ast/ast.hpp"
#include "diag/diagnostic.hpp"
#include "model/argspec.hpp"
#include "model/catalogue.hpp"
#include "model/model.hpp"

namespace havip::model::detail {

/// "1", "0.5", "2.25": seconds as a decimal → microseconds; nullopt when not a
/// non-negative decimal or beyond `max_us`. Exact (no floating point).
std::optional<std::uint64_t> seconds_to_us(std::string_view text, std::uint64_t max_us = UINT64_MAX);
std::optional<long long> to_int(std::string_view text);
/// keepalived's booleans; an absent value means true.
std::optional<bool> to_bool(std::string_view text);
/// Splits a script string the way keepalived does: blanks separate words,
/// single and double quotes group (and are removed), a backslash escapes the
/// next character.
std::vector<std::string> split_command(std::string_view text);
bool iequals(std::string_view a, std::string_view b);
/// `addr/len` or `addr-range` where keepalived wants a plain address: the address
/// keepalived uses (it strips the rest); nullopt for a plain address or no address.
std::optional<IpAddr> plain_address(std::string_view text);

class Lowerer {
  public:
    Lowerer(const Catalogue& cat, diag::DiagSink& sink, Node& node) : cat_(cat), sink_(sink), node_(node) {}
    Lowerer(const Lowerer&) = delete;
    Lowerer& operator=(const Lowerer&) = delete;

    void document(const ast::Document& doc);

    // --- shared by the block lowerers ------------------------------------
    /// Looks `st` up in `block`, records the keyword use and checks shape,
    /// arity, types and range. Returns the spec when the statement is usable.
    const KeywordSpec* check(std::string_view block, const ast::Statement& st);
    // The steps of check, in order.
    void unknown_keyword(std::string_view block, const ast::Statement& st);
    bool block_shape_fits(const ast::Statement& st, const KeywordSpec& spec);
    argspec::Match match_args(const ast::Statement& st, const KeywordSpec& spec);
    void bad_args(const ast::Statement& st, const KeywordSpec& spec, const argspec::Match& m);
    bool out_of_range(const ast::Statement& st, const KeywordSpec& spec, const ast::Arg& a);
    /// Checks every statement of a block nobody lowers (LVS, BFD, garp_group…):
    /// keywords known, arguments fit, nested blocks checked the same way.
    void generic(const std::string& block, const std::vector<ast::Statement>& children);
    void suppressions(const ast::Statement& st);
    /// HV006: the words of `st` from `from` on are ignored by keepalived.
    void ignored_words(const ast::Statement& st, std::size_t from, std::string_view expected);
    /// HV007: an address with a prefix or range where a plain one is wanted.
    void plain_address_warning(std::string_view keyword, std::string_view text, source::Span at);

    void error(std::string code, source::Span at, std::string message, std::string label = {}, std::string help = {},
               diag::Severity sev = diag::Severity::Error);

    /// The statement's first argument (or an empty arg at the keyword).
    static const ast::Arg* first(const ast::Statement& st) { return st.args.empty() ? nullptr : &st.args.front(); }
    static source::Span arg_span(const ast::Statement& st) { return st.args.empty() ? st.span : st.args.front().span; }
    /// Value of a `keyword [BOOL]` statement (already shape-checked).
    static bool flag_value(const ast::Statement& st);
    std::optional<std::uint32_t> uint_arg(const ast::Statement& st);
    std::optional<std::uint32_t> seconds_arg_us(const ast::Statement& st, std::uint64_t max_us);
    Command command(const ast::Statement& st);

    // --- blocks -------------------------------------------------------------
    void global_defs(const ast::Statement& st);
    void fifo(const ast::Statement& c, Located<std::string>& path, std::string& user, std::string& group);
    /// global_defs' notify FIFOs, their scripts and the multicast groups; false for another statement.
    bool global_notify(const ast::Statement& c);
    void instance(const ast::Statement& st);
    void script(const ast::Statement& st);
    void track_file(const ast::Statement& st);
    void track_process(const ast::Statement& st);
    void track_process_option(TrackProcess& p, const ast::Statement& c);
    void quorum(TrackProcess& p, std::uint32_t v, const ast::Statement& c);
    void quorum_max(TrackProcess& p, std::uint32_t v, const ast::Statement& c);
    void sync_group(const ast::Statement& st);

    /// The original text, for fixes that edit it (none are written without it).
    const source::SourceMap* sm = nullptr;
    /// havip.toml: the shared statements (ast::Statement::shared) of the cluster
    /// whose findings were reported, by number, across its nodes; each is reported
    /// by the first node that holds it. Null: report everything (one document).
    std::unordered_set<std::uint32_t>* shared_reported = nullptr;
    /// The number SharedScope uses for the document's own cluster values (name, mode, subnets).
    static constexpr std::uint32_t kClusterValues = UINT32_MAX;

  private:
    void top(const ast::Statement& st);
    void cluster(const ast::Document& doc);
    bool global_garp(const ast::Statement& st, Garp& g, bool with_prefix);
    void instance_stmt(Instance& in, const ast::Statement& st);
    // The statements of instance_stmt by kind; each returns false for a statement not its own.
    /// Values: state, interface, vrid, priority, advert_int, source addresses, TTL, preempt_delay, use_vmac.
    bool instance_value(Instance& in, const ast::Statement& st);
    /// Lists and blocks: peers, VIPs, authentication, track_* lists, notify_* commands.
    bool instance_lists(Instance& in, const ast::Statement& st);
    /// Flags: a keyword alone, or with a boolean (strict_mode, smtp_alert...).
    bool instance_flag(Instance& in, const ast::Statement& st);
    void vip_list(Instance& in, const ast::Statement& st, bool excluded);
    void peer_list(Instance& in, const ast::Statement& st);
    void track_list(std::vector<TrackRef>& out, std::string_view block, std::string_view owner, TrackKind kind,
                    const ast::Statement& st);
    /// Sets a notify command unless one is set (keepalived keeps the first; the repeat is noted).
    void notify_once(const std::string& owner, Command& into, const ast::Statement& st);
    void authentication(Instance& in, const ast::Statement& st);
    void finish();
    // lower_keepalived.cpp: what keepalived 2.2.7 rejects or ignores while reading.
    /// Notes the deprecated `gw` of route lines (keepalived: "use via"); a word
    /// keepalived does not know; a route without `dev` (keepalived does not track it).
    void route_lines(const ast::Statement& st);
    /// An address line of `block` (virtual_ipaddress, _excluded, static_ipaddress):
    /// its address and options, checked against the catalogue's (HV004/HV006);
    /// nothing when it starts with no address.
    std::optional<Vip> address_line(const std::string& block, const ast::Statement& line);
    /// static_rules / virtual_rules: a from/to that is no address, a word
    /// keepalived does not know, no preference.
    void rule_lines(const ast::Statement& st);
    /// HV004 for a word keepalived does not know among a rule line's options,
    /// `pref`/`prio` included (keepalived skips the rule); true when found.
    bool rule_unknown_option(const std::vector<const ast::Arg*>& words);
    /// HV004 for a rule without an action, l3mdev with another, a goto not after the preference.
    bool rule_action(const std::vector<const ast::Arg*>& words);
    /// HV004 for a word keepalived does not know after a value in a route line; true when found.
    bool route_unknown_word(const std::vector<const ast::Arg*>& words);
    bool unknown_word(const ast::Arg& word, std::string_view kind, const std::string& near,
                      std::string_view keepalived_says);
    /// HV004 for a keyword with no value at the end of a route or rule line; true.
    bool missing_value(const ast::Arg& word, std::string_view what);
    // lower_routes.cpp: the lines themselves, for havipd and the dump.
    void route_list(Instance& in, const ast::Statement& st);
    void rule_list(Instance& in, const ast::Statement& st);
    void static_list(const ast::Statement& st);  ///< static_ipaddress / _routes / _rules into the node
    /// smtp_server given as a host name (resolved once) or in no form keepalived reads.
    void smtp_server(const ast::Statement& st);
    /// persistence_granularity not a netmask; MISC_CHECK without misc_path.
    void virtual_server_values(const ast::Statement& st);

    /// Passes findings on, except while a shared statement already reported
    /// for the cluster is lowered (see SharedScope).
    class Sink final : public diag::DiagSink {
      public:
        explicit Sink(diag::DiagSink& to) : to_(to) {}
        void report(diag::Diagnostic d) override {
            if (quiet_ == 0) to_.report(std::move(d));
        }
        int quiet_ = 0;

      private:
        diag::DiagSink& to_;
    };
    /// Held while one statement is lowered: quiet when it is shared and an
    /// earlier node of its cluster reported it.
    class SharedScope {
      public:
        SharedScope(Lowerer& l, const ast::Statement& st) : SharedScope(l, st.shared) {}
        SharedScope(Lowerer& l, std::uint32_t shared)
            : sink_(l.sink_), on_(shared != 0 && l.shared_reported && !l.shared_reported->insert(shared).second) {
            sink_.quiet_ += on_;
        }
        ~SharedScope() { sink_.quiet_ -= on_; }
        SharedScope(const SharedScope&) = delete;
        SharedScope& operator=(const SharedScope&) = delete;

      private:
        Sink& sink_;
        int on_;
    };

    const Catalogue& cat_;
    Sink sink_;
    Node& node_;
};

}  // namespace havip::model::detail
