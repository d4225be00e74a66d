// SPDX-License-Identifier: MIT
#pragma once
/// The typed model both front ends lower into: Fleet → Node → Instance.
/// Every field remembers the span it came from (Loc); spans take no part in
/// equality, so a dumped and re-parsed model compares equal to the original.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/ip.hpp"
#include "model/keyword_names.hpp"
#include "source/source_map.hpp"

namespace havip::model {

/// A span that never takes part in model equality.
struct Loc : source::Span {
    Loc() = default;
    Loc(source::Span s) : source::Span(s) {}  // NOLINT: implicit on purpose
    friend bool operator==(const Loc&, const Loc&) { return true; }
};

/// A value with the span it was written at; `set` is false for defaults.
template <class T>
struct Located {
    T value{};
    Loc span{};
    bool set = false;

    Located() = default;
    Located(T v) : value(std::move(v)) {}  // NOLINT: a default value
    void assign(T v, source::Span s) {
        value = std::move(v);
        span = s;
        set = true;
    }
    friend bool operator==(const Located&, const Located&) = default;
};

enum class State : std::uint8_t { Backup, Master };  ///< keepalived: anything else → BACKUP
enum class AuthType : std::uint8_t { None, Pass, Ah };
enum class Origin : std::uint8_t { Conf, Toml };
enum class Mode : std::uint8_t { Unknown, Standing, NonStanding };

struct Vip {
    Cidr addr;          ///< prefix -1 when none written (a /32 or /128 in practice)
    std::string dev;    ///< `dev eth1`, empty: the instance's interface
    std::string label;  ///< `label eth0:1`
    std::string scope;  ///< `scope global`…
    bool no_track = false;
    Loc span;
    friend bool operator==(const Vip&, const Vip&) = default;
};

struct Peer {
    IpAddr addr;
    std::optional<int> min_ttl, max_ttl;  ///< 2.1.0
    Loc span;
    friend bool operator==(const Peer&, const Peer&) = default;
};

enum class TrackKind : std::uint8_t { Interface, Script, File, Process, Bfd };

/// An entry of track_interface / track_script / track_file / track_process.
struct TrackRef {
    TrackKind kind = TrackKind::Script;
    std::string name;
    int weight = 0;  ///< 0: no weight (the tracked object failing → FAULT)
    bool has_weight = false;
    bool reverse = false;  ///< `weight -10 reverse` (2.0.18)
    Loc span;
    friend bool operator==(const TrackRef&, const TrackRef&) = default;
};

/// A command keepalived would run: the string as written and its argv split the
/// way keepalived splits it (quotes, escapes), optional `user [group]`.
/// The user (and group) a command runs as, when its line names one.
struct RunAs {
    std::string user, group;
    friend bool operator==(const RunAs&, const RunAs&) = default;
};

struct Command {
    std::string text;               ///< as written (unquoted once)
    std::vector<std::string> argv;  ///< split
    Loc span;
    /// Null when no user is written (nearly always): an instance carries seven
    /// commands and a fleet's nodes are all in memory at once, so the rare
    /// user and group are kept out of line, shared by copies.
    std::shared_ptr<const RunAs> run_as;

    bool empty() const { return argv.empty(); }
    std::string_view user() const { return run_as ? std::string_view(run_as->user) : std::string_view(); }
    std::string_view group() const { return run_as ? std::string_view(run_as->group) : std::string_view(); }
    /// Sets both; an empty user clears them.
    void set_run_as(std::string user, std::string group) {
        if (user.empty())
            run_as.reset();
        else
            run_as = std::make_shared<const RunAs>(RunAs{std::move(user), std::move(group)});
    }
    friend bool operator==(const Command& a, const Command& b) {
        return a.text == b.text && a.argv == b.argv && a.span == b.span && a.user() == b.user() &&
               a.group() == b.group();
    }
};

/// vrrp_script NAME { ... }
struct Script {
    std::string name;
    Command command;
    Located<std::uint32_t> interval_ms{1000};
    Located<std::uint32_t> timeout_ms{0};  ///< 0: keepalived's default (interval)
    Located<int> weight{0};
    bool reverse = false;
    Located<int> rise{1}, fall{1};
    bool init_fail = false;
    Loc span;
    Loc name_span;
    friend bool operator==(const Script&, const Script&) = default;
};

/// track_file NAME { file PATH; weight W [reverse]; init_file [VALUE] [overwrite] }
/// (vrrp_track_file is its older name): the integer in the file × weight is
/// added to the priority of the instances that track it.
struct TrackFile {
    std::string name;
    Located<std::string> path;
    Located<int> weight{1};  ///< keepalived's default 1; 0: a non-zero value means FAULT
    bool reverse = false;
    Located<bool> init_file{false};  ///< init_file: written at start when missing (or always: overwrite)
    long init_value = 0;
    bool init_overwrite = false;
    Loc span;
    Loc name_span;
    friend bool operator==(const TrackFile&, const TrackFile&) = default;
};

/// vrrp_track_process NAME { process NAME [PARAM...]; param_match [initial|partial];
/// weight W [reverse]; quorum N; quorum_max N; fork_delay / terminate_delay / delay
/// SECS; full_command }: OK while quorum <= matching processes <= quorum_max.
struct TrackProcess {
    enum class Match : std::uint8_t { Exact, Partial, Initial };
    std::string name;
    Located<std::string> process;     ///< the command name (first `process` argument)
    std::vector<std::string> params;  ///< the rest of `process`
    Located<bool> param_match{false};
    Match match = Match::Exact;
    bool full_command = false;
    Located<int> weight{1};  ///< keepalived's default 1; 0: not OK means FAULT
    bool reverse = false;
    Located<std::uint32_t> quorum{1};      ///< 0 only with quorum_max 0
    Located<std::uint32_t> quorum_max{0};  ///< unset: unlimited; 0: OK only while none runs
    std::uint32_t fork_delay_ms = 0, terminate_delay_ms = 0;
    Loc span;
    Loc name_span;
    /// Matched against /proc/PID/cmdline (else /proc/PID/comm).
    bool cmdline() const { return !params.empty() || param_match.set || full_command; }
    friend bool operator==(const TrackProcess&, const TrackProcess&) = default;
};

/// Gratuitous ARP / unsolicited NA settings (instance values fall back to global ones).
struct Garp {
    Located<std::uint32_t> master_delay_s{5};
    Located<std::uint32_t> master_repeat{5};
    Located<std::uint32_t> master_refresh_s{0};  ///< 0: no refresh
    Located<std::uint32_t> master_refresh_repeat{1};
    Located<std::uint32_t> lower_prio_delay_s{5};
    Located<std::uint32_t> lower_prio_repeat{5};
    friend bool operator==(const Garp&, const Garp&) = default;
};

/// One virtual_routes line, as keepalived reads it (`ip route add` words) and
/// as far as havipd runs it: `unsupported` names the first word it does not.
struct Route {
    std::string type;  ///< "" or unicast, blackhole, unreachable, prohibit, throw
    Cidr dst;          ///< `default`: the zero address with prefix 0; no prefix: a host route
    IpAddr src, via;   ///< preferred source, gateway (`via` or `gw`)
    std::string dev;   ///< `dev` or `oif`
    std::string scope;
    std::uint32_t table = 254, metric = 0;  ///< main; `metric`, `priority` or `preference`
    bool onlink = false, no_track = false, inet6 = false;
    std::vector<std::string> words;  ///< the line as written, its keyword first (the dump writes it back)
    std::string unsupported;         ///< what havipd does not run ("" = nothing)
    Loc unsupported_span;
    Loc span;
    friend bool operator==(const Route&, const Route&) = default;
};

/// One virtual_rules line (`ip rule add` words), same scheme.
struct Rule {
    Cidr from, to;  ///< address unset: all
    std::uint32_t table = 0;
    bool has_table = false;
    std::uint32_t preference = 16384;  ///< keepalived's default when none is written
    bool has_fwmark = false;
    std::uint32_t fwmark = 0, fwmask = 0xffffffff;
    std::string iif, oif;
    bool no_track = false, inet6 = false;
    std::vector<std::string> words;
    std::string unsupported;
    Loc unsupported_span;
    Loc span;
    friend bool operator==(const Rule&, const Rule&) = default;
};

/// One static_ipaddress line: the node's address, installed at start (a VIP's
/// words: dev, label, scope, no_track; `dev` required for havipd).
struct StaticAddress {
    Vip addr;
    std::vector<std::string> words;  ///< the line as written, the address first (the dump writes it back)
    std::string unsupported;         ///< what havipd does not run ("" = nothing)
    Loc unsupported_span;
    friend bool operator==(const StaticAddress&, const StaticAddress&) = default;
};

struct Instance {
    std::string name;
    Loc span;  ///< the whole block
    Loc name_span;

    Located<State> state{State::Backup};
    std::string state_text;  ///< as written (HV110 sees `master`)
    Located<int> vrid{0};
    Located<int> priority{100};
    Located<std::string> interface;
    Located<int> version{2};  ///< instance `version` or global vrrp_version
    Located<std::uint32_t> advert_int_us{1000000};
    std::string advert_int_text;  ///< as written ("1", "0.5")

    Located<IpAddr> unicast_src_ip;
    std::vector<Peer> peers;
    bool unicast_peer_block = false;  ///< `unicast_peer { }` was written
    Loc unicast_peer_span;
    Located<int> unicast_ttl{255};
    Located<IpAddr> mcast_src_ip;

    std::vector<Vip> vips;           ///< virtual_ipaddress
    std::vector<Vip> vips_excluded;  ///< virtual_ipaddress_excluded
    bool vip_block = false;
    Loc vip_span;

    Located<bool> nopreempt{false};
    Located<bool> preempt{true};                 ///< `preempt` keyword (pre-2.0 explicit)
    Located<std::uint32_t> preempt_delay_ms{0};  ///< keepalived takes fractions (0.5)

    Located<AuthType> auth_type{AuthType::None};
    std::string auth_type_text;
    Located<std::string> auth_pass;  ///< as written (may exceed 8 bytes)
    Loc auth_span;                   ///< the authentication block

    std::vector<TrackRef> tracks;  ///< all track_* entries in order
    Command notify_master, notify_backup, notify_fault, notify_stop, notify, notify_master_rx_lower_pri, notify_deleted;

    Garp garp;

    Located<bool> use_vmac{false};
    std::string vmac_name;
    Located<bool> vmac_xmit_base{false};
    Located<bool> accept{false};
    Located<bool> no_accept{false};
    Located<bool> strict{false};  ///< `strict_mode` or global vrrp_strict
    Located<bool> dont_track_primary{false};
    Located<bool> skip_check_adv_addr{false};
    Located<bool> smtp_alert{false};
    Located<bool> v3_checksum_as_v2{false};  ///< 2.2.8

    std::string sync_group;     ///< name of the vrrp_sync_group it is in
    std::vector<Route> routes;  ///< virtual_routes
    std::vector<Rule> rules;    ///< virtual_rules
    friend bool operator==(const Instance&, const Instance&) = default;
};

struct SyncGroup {
    std::string name;
    std::vector<std::string> members;
    std::vector<TrackRef> tracks;
    Command notify_master, notify_backup, notify_fault, notify_stop, notify;
    bool tracking_weight = false;  ///< sync_group_tracking_weight: members keep their track weights
    bool global_tracking = false;  ///< the deprecated global_tracking (same effect)
    Loc span;
    Loc name_span;
    friend bool operator==(const SyncGroup&, const SyncGroup&) = default;
};

struct GlobalDefs {
    Located<std::string> router_id;
    Located<std::string> script_user;
    Located<bool> enable_script_security{false};
    Located<int> vrrp_version{2};
    Located<bool> vrrp_strict{false};
    Located<bool> vrrp_skip_check_adv_addr{false};
    Located<bool> vrrp_check_unicast_src{false};
    Located<std::uint32_t> vrrp_startup_delay_ms{0};
    Garp vrrp_garp;  ///< vrrp_garp_master_* / vrrp_garp_lower_prio_*
    Located<std::uint32_t> vrrp_garp_interval_us{0};
    Located<std::uint32_t> vrrp_gna_interval_us{0};
    Located<std::uint32_t> vrrp_min_garp{0};
    Located<std::string> notify_fifo, vrrp_notify_fifo;  ///< the FIFO's path
    /// `notify_fifo PATH [user [group]]`: who owns a FIFO keepalived creates.
    std::string notify_fifo_user, notify_fifo_group, vrrp_notify_fifo_user, vrrp_notify_fifo_group;
    Command notify_fifo_script, vrrp_notify_fifo_script;  ///< run with the FIFO's path appended
    Located<std::string> vrrp_mcast_group4, vrrp_mcast_group6;
    Located<int> max_auto_priority{-1};
    friend bool operator==(const GlobalDefs&, const GlobalDefs&) = default;
};

/// Where a keyword was used, for version (HV105) and havipd-support (HV3xx) checks.
/// The names are interned (model/keyword_names): a use is 16 bytes.
struct KeywordUse {
    KeywordUse() = default;
    KeywordUse(std::string_view block, std::string_view keyword, source::Span s)
        : name(keyword_name_id(block, keyword)), span(s) {}
    std::uint32_t name = 0;  ///< keyword_name(name): the block and the keyword
    Loc span;
    /// "global_defs", "vrrp_instance", "virtual_server", "" for top level, "(syntax)"
    std::string_view block() const { return keyword_name(name).block; }
    std::string_view keyword() const { return keyword_name(name).keyword; }
    friend bool operator==(const KeywordUse&, const KeywordUse&) { return true; }
};

/// A `# havip-lint: disable=...` comment and the statement or block it covers.
struct Suppression {
    std::vector<std::string> codes;
    std::string reason;
    Loc comment;
    Loc scope;
    friend bool operator==(const Suppression&, const Suppression&) { return true; }
};

/// Cluster facts a havip.toml states directly (a .conf leaves them empty).
struct ClusterDecl {
    std::string name;
    Loc name_span;
    Located<Mode> mode{Mode::Unknown};
    std::vector<Located<Cidr>> subnets;
    friend bool operator==(const ClusterDecl&, const ClusterDecl&) = default;
};

/// What lowering saw of keepalived's parse order and repeats, for the rules that
/// mirror keepalived's own complaints (HV121–HV123, HV217, HV219). Derived from
/// the source, never written by a dump: takes no part in model equality.
struct ParseNotes {
    /// A second vrrp_instance / vrrp_script / vrrp_sync_group with a name already
    /// defined in the node; lowering keeps the first, as keepalived does.
    struct Duplicate {
        std::string kind;  ///< "vrrp_instance", "vrrp_script", "vrrp_sync_group"
        std::string name;
        Loc span, first;
    };
    /// A track_script / track_file / track_process entry naming nothing defined
    /// before it: keepalived resolves these while parsing and ignores the entry.
    struct Unresolved {
        std::string owner_kind;  ///< "vrrp_instance" or "vrrp_sync_group"
        std::string owner;
        TrackKind kind = TrackKind::Script;
        std::string name;
        Loc span;
    };
    /// The same notify keyword again in one instance or sync group: keepalived
    /// keeps the first and ignores this one.
    struct Repeat {
        std::string owner;
        std::string keyword;
        Loc span, first;
    };
    /// A virtual_server and the settings keepalived defaults when absent.
    struct VirtualServer {
        Loc span;
        bool protocol = false, method = false, scheduler = false;
        bool fwmark = false;  ///< `virtual_server fwmark N`: keepalived ignores `protocol`
        Loc protocol_span;
    };
    std::vector<Duplicate> duplicates;
    std::vector<Unresolved> unresolved;
    std::vector<Repeat> repeats;
    std::vector<VirtualServer> virtual_servers;
    /// An empty notification_email block (keepalived warns).
    std::vector<Loc> empty_email_blocks;
    /// The `gw` word of a virtual_routes / static_routes line (keepalived: use `via`).
    std::vector<Loc> route_gw;
    friend bool operator==(const ParseNotes&, const ParseNotes&) { return true; }
};

struct Node {
    std::string name;  ///< TOML node name or the .conf file's stem
    source::FileId file = source::kNoFile;
    Origin origin = Origin::Conf;
    std::string config_id;  ///< the `@id` this node was read with, if any
    ClusterDecl cluster;    ///< from havip.toml
    GlobalDefs globals;
    std::vector<Instance> instances;
    std::vector<Script> scripts;  ///< vrrp_script blocks
    std::vector<SyncGroup> sync_groups;
    std::vector<std::string> track_files, track_processes;  ///< names of vrrp_track_* blocks
    std::vector<TrackFile> track_file_defs;                 ///< track_file blocks with a file (the first of a name)
    std::vector<TrackProcess> track_process_defs;  ///< vrrp_track_process blocks with a process (the first of a name)
    std::vector<Route> static_routes;              ///< static_routes lines (the node's, installed at start)
    std::vector<Rule> static_rules;                ///< static_rules lines
    std::vector<StaticAddress> static_addresses;   ///< static_ipaddress lines
    std::vector<KeywordUse> keywords;              ///< every keyword seen, in order
    std::vector<Suppression> suppressions;
    ParseNotes parse;  ///< keyword order and repeats (keepalived.conf only)
    friend bool operator==(const Node&, const Node&) = default;

    const Script* script(std::string_view n) const;
    const TrackFile* track_file(std::string_view n) const;
    const TrackProcess* track_process(std::string_view n) const;
};

struct Fleet {
    std::vector<Node> nodes;  ///< one description per node name: what rules and emitters read
    /// Later descriptions of a node already in `nodes` (a pair's .conf files read
    /// with its havip.toml), in input order: HV120 reports them, nothing else reads them.
    std::vector<Node> twins;
};

}  // namespace havip::model
