// SPDX-License-Identifier: MIT
// Lowering, part 1: catalogue checks for every statement (HV003, HV004 and the
// HV001 shape errors a tree cannot catch), the top level, global_defs, and the
// blocks havip only checks (LVS, BFD, track files and processes…).
#include "model/lower.hpp"

#include <fmt/format.h>

#include "diag/fix.hpp"
#include "model/argspec.hpp"
#include "model/lower_internal.hpp"

namespace havip::model {
namespace detail {
namespace {

using diag::tick;

std::string block_name(std::string_view block) { return block.empty() ? std::string("the top level") : tick(block); }

}  // namespace

void Lowerer::error(std::string code, source::Span at, std::string message, std::string label, std::string help,
                    diag::Severity sev) {
    auto b = diag::make(std::move(code), sev, std::move(message));
    b.at(at, std::move(label));
    if (!help.empty()) b.help(std::move(help));
    sink_.report(std::move(b));
}

bool Lowerer::flag_value(const ast::Statement& st) {
    if (st.args.empty()) return true;
    return to_bool(st.args.front().text).value_or(true);
}

std::optional<std::uint32_t> Lowerer::uint_arg(const ast::Statement& st) {
    if (st.args.empty()) return std::nullopt;
    auto v = to_int(st.args.front().text);
    if (!v || *v < 0 || *v > UINT32_MAX) return std::nullopt;
    return static_cast<std::uint32_t>(*v);
}

std::optional<std::uint32_t> Lowerer::seconds_arg_us(const ast::Statement& st, std::uint64_t max_us) {
    if (st.args.empty()) return std::nullopt;
    auto v = seconds_to_us(st.args.front().text, max_us);
    if (!v) {
        error("HV004", st.args.front().span,
              fmt::format("`{}` value `{}` is not a duration keepalived accepts", st.keyword, st.args.front().text),
              "seconds expected", "write seconds as a decimal number, e.g. `1` or `0.5`");
        return std::nullopt;
    }
    return static_cast<std::uint32_t>(*v);
}

void Lowerer::ignored_words(const ast::Statement& st, std::size_t from, std::string_view expected) {
    const auto& a = st.args[from];
    const auto& last = st.args.back();
    source::Span words = a.span;
    if (last.span.file == a.span.file && last.span.end > a.span.begin) words.end = last.span.end;
    std::string text;
    for (std::size_t k = from; k < st.args.size(); ++k) text += (text.empty() ? "" : " ") + st.args[k].text;
    if (text.size() > 40) text = text.substr(0, 37) + "...";
    auto b = diag::make("HV006", diag::Severity::Warning,
                        fmt::format("keepalived ignores `{}` after {}", text, tick(st.keyword)));
    b.at(words, "ignored");
    if (!expected.empty())
        b.note(fmt::format("{} could take {} here; keepalived reads no further", tick(st.keyword), expected));
    b.note(
        "keepalived has no `//` comments: only `#` and `!` start one, so a `{` or `}` in this text still opens or "
        "closes a block");
    b.help("remove the words, or make them a comment with `#`");
    sink_.report(std::move(b));
}

void Lowerer::plain_address_warning(std::string_view keyword, std::string_view text, source::Span at) {
    auto ip = plain_address(text);
    const std::string plain = ip ? ip->str() : std::string(text);
    auto b = diag::make("HV007", diag::Severity::Warning,
                        fmt::format("{} takes a plain address, not `{}`", tick(keyword), text));
    b.at(at, fmt::format("read as `{}`", plain));
    b.note("keepalived drops a `/prefix` or `-range` here and uses the address alone");
    b.help(fmt::format("write `{}`", plain));
    // Certain: keepalived already uses the plain address and drops the rest.
    if (sm && ip && at.valid() && !sm->file(at.file).path.ends_with(".toml"))
        if (auto e = diag::replace_exact(*sm, at, text, plain))
            b.fix(fmt::format("write `{}`", plain), diag::Applicability::MachineApplicable, {*e});
    sink_.report(std::move(b));
}

const KeywordSpec* Lowerer::check(std::string_view block, const ast::Statement& st) {
    suppressions(st);
    const KeywordSpec* spec = cat_.find(block, st.keyword);
    if (!spec || !spec->is_statement()) {
        unknown_keyword(block, st);
        return nullptr;
    }
    node_.keywords.push_back(KeywordUse{block, st.keyword, st.keyword_span});
    if (!block_shape_fits(st, *spec)) return nullptr;
    const auto m = match_args(st, *spec);
    if (!m.ok) {
        bad_args(st, *spec, m);
        return nullptr;
    }
    if (m.ranged_word && *m.ranged_word < st.args.size() && out_of_range(st, *spec, st.args[*m.ranged_word]))
        return nullptr;
    return spec;
}

/// HV003 (and HV001 for its block): a keyword keepalived does not know in `block`.
void Lowerer::unknown_keyword(std::string_view block, const ast::Statement& st) {
    auto b = diag::make("HV003", diag::Severity::Warning,
                        fmt::format("unknown keyword {} in {}", tick(st.keyword), block_name(block)));
    b.at(st.keyword_span, "keepalived does not know this keyword here");
    auto elsewhere = cat_.blocks_of(st.keyword);
    if (!elsewhere.empty()) {
        std::string where;
        for (const auto& e : elsewhere) where += (where.empty() ? "" : ", ") + block_name(e);
        b.note(fmt::format("{} is valid in {}", tick(st.keyword), where));
        b.help(fmt::format("move it to {}", block_name(elsewhere.front())));
    } else if (auto s = cat_.suggest(block, st.keyword); !s.empty()) {
        b.help(fmt::format("did you mean {}?", tick(s)));
        // A guess at the spelling meant (only where the keyword is written as such).
        if (sm && !sm->file(st.keyword_span.file).path.ends_with(".toml"))
            if (auto e = diag::replace_exact(*sm, st.keyword_span, st.keyword, s))
                b.fix(fmt::format("write {}", tick(s)), diag::Applicability::MaybeIncorrect, {*e});
    }
    sink_.report(std::move(b));
    // keepalived skips only the keyword: it ignores the `{` ("Unexpected '{' - ignoring"),
    // reads the lines inside as lines of this block, and the `}` then closes this block.
    if (st.is_block && !block.empty())
        error("HV001", st.keyword_span,
              fmt::format("keepalived ignores the block of the unknown keyword {}, and its `}}` closes {}",
                          tick(st.keyword), block_name(block)),
              "the rest of this block is read one level up",
              fmt::format("fix the keyword's name, or remove it with its block; keepalived reads every line "
                          "after it as if {} had ended here",
                          block_name(block)));
}

/// HV001: a block keyword without its block, or a value keyword with one.
bool Lowerer::block_shape_fits(const ast::Statement& st, const KeywordSpec& spec) {
    if (spec.takes_block() && !st.is_block) {
        error("HV001", st.span, fmt::format("{} expects a block", tick(st.keyword)), "no `{ ... }` follows",
              fmt::format("write `{} {}{{ ... }}`", st.keyword, spec.kind == KeywordKind::NamedBlock ? "NAME " : ""));
        return false;
    }
    if (!spec.takes_block() && st.is_block) {
        error("HV001", st.span, fmt::format("{} takes no block", tick(st.keyword)), "a value keyword, not a block",
              fmt::format("write its arguments on the line: `{} {}`", st.keyword, spec.args));
        return false;
    }
    return true;
}

/// The arguments against the keyword's shape, after what keepalived forgives:
/// a plain address written with `/len` or `-range` (HV007), words after the
/// arguments it takes (HV006).
argspec::Match Lowerer::match_args(const ast::Statement& st, const KeywordSpec& spec) {
    std::vector<std::string_view> words;
    words.reserve(st.args.size());
    for (const auto& a : st.args) words.push_back(a.text);
    const auto& shape = cat_.shape(spec);
    auto m = argspec::match(shape, words);
    // keepalived strips `/len` and `-range` from a plain address and uses it (HV007).
    std::vector<std::string> bare;
    bare.reserve(words.size());
    for (std::size_t tries = 0; !m.ok && m.fail_at < words.size() && tries < words.size(); ++tries) {
        if (m.expected.find(argspec::describe(argspec::Type::Ip)) == std::string::npos) break;
        auto ip = plain_address(words[m.fail_at]);
        if (!ip) break;
        plain_address_warning(st.keyword, st.args[m.fail_at].text, st.args[m.fail_at].span);
        bare.push_back(ip->str());
        words[m.fail_at] = bare.back();
        m = argspec::match(shape, words);
    }
    // keepalived reads the arguments it takes and ignores the words after them (HV006).
    if (!m.ok && m.fail_at < words.size()) {
        std::vector<std::string_view> head(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(m.fail_at));
        auto hm = argspec::match(shape, head);
        if (hm.ok) {
            ignored_words(st, m.fail_at, m.expected);
            m = hm;
        }
    }
    return m;
}

/// HV004: arguments that do not fit (too many, a wrong type, one missing).
void Lowerer::bad_args(const ast::Statement& st, const KeywordSpec& spec, const argspec::Match& m) {
    source::Span at = m.fail_at < st.args.size() ? st.args[m.fail_at].span : st.span;
    std::string msg;
    if (m.fail_at < st.args.size() && m.expected.empty())
        msg = fmt::format("too many arguments for {}: `{}`", tick(st.keyword), st.args[m.fail_at].text);
    else if (m.fail_at < st.args.size())
        msg = fmt::format("{} expects {}, not `{}`", tick(st.keyword), m.expected, st.args[m.fail_at].text);
    else
        msg = fmt::format("{} is missing {}", tick(st.keyword), m.expected.empty() ? "an argument" : m.expected);
    error("HV004", at, std::move(msg), "",
          spec.args.empty() ? fmt::format("`{}` takes no arguments", st.keyword)
                            : fmt::format("usage: `{} {}`", st.keyword, spec.args));
}

/// HV004: the ranged argument `a` outside the keyword's range (true: reported).
bool Lowerer::out_of_range(const ast::Statement& st, const KeywordSpec& spec, const ast::Arg& a) {
    const auto& r = cat_.range(spec);
    if (!r) return false;
    double v = 0;
    bool num = false;
    if (auto i = to_int(a.text))
        v = static_cast<double>(*i), num = true;
    else if (auto us = seconds_to_us(a.text))
        v = static_cast<double>(*us) / 1e6, num = true;
    if (!num || r->contains(v)) return false;
    error("HV004", a.span, fmt::format("{} value `{}` is out of range {}", tick(st.keyword), a.text, spec.range),
          "out of range", fmt::format("keepalived accepts {} for `{}`", spec.range, st.keyword));
    return true;
}

void Lowerer::suppressions(const ast::Statement& st) {
    for (const auto& d : st.directives) node_.suppressions.push_back(Suppression{d.codes, d.reason, d.span, st.span});
}

void Lowerer::generic(const std::string& block, const std::vector<ast::Statement>& children) {
    for (const auto& c : children) {
        const auto* spec = check(block, c);
        if (!spec || !c.is_block) continue;
        if (spec->kind == KeywordKind::List) {
            for (const auto& line : c.children) suppressions(line);
            continue;  // data lines (addresses, routes): not keywords
        }
        generic(block.empty() ? c.keyword : block + "/" + c.keyword, c.children);
    }
}

// ---- global_defs --------------------------------------------------------------

bool Lowerer::global_garp(const ast::Statement& st, Garp& g, bool with_prefix) {
    std::string_view k = st.keyword;
    if (with_prefix) {
        if (k.substr(0, 5) != "vrrp_") return false;
        k.remove_prefix(5);
    }
    struct Field {
        std::string_view key;
        Located<std::uint32_t> Garp::*field;
    };
    static constexpr Field kFields[] = {
        {"garp_master_delay", &Garp::master_delay_s},
        {"garp_master_repeat", &Garp::master_repeat},
        {"garp_master_refresh", &Garp::master_refresh_s},
        {"garp_master_refresh_repeat", &Garp::master_refresh_repeat},
        {"garp_lower_prio_delay", &Garp::lower_prio_delay_s},
        {"garp_lower_prio_repeat", &Garp::lower_prio_repeat},
    };
    for (const auto& f : kFields) {
        if (k != f.key) continue;
        if (auto v = uint_arg(st)) (g.*f.field).assign(*v, st.span);
        return true;
    }
    return false;
}

void Lowerer::fifo(const ast::Statement& c, Located<std::string>& path, std::string& user, std::string& group) {
    path.assign(c.args[0].text, c.span);
    user = c.args.size() > 1 ? c.args[1].text : std::string();
    group = c.args.size() > 2 ? c.args[2].text : std::string();
}

bool Lowerer::global_notify(const ast::Statement& c) {
    auto& g = node_.globals;
    const std::string& k = c.keyword;
    if (c.args.empty()) return false;
    if (k == "notify_fifo")
        fifo(c, g.notify_fifo, g.notify_fifo_user, g.notify_fifo_group);
    else if (k == "vrrp_notify_fifo")
        fifo(c, g.vrrp_notify_fifo, g.vrrp_notify_fifo_user, g.vrrp_notify_fifo_group);
    else if (k == "notify_fifo_script")
        g.notify_fifo_script = command(c);
    else if (k == "vrrp_notify_fifo_script")
        g.vrrp_notify_fifo_script = command(c);
    else if (k == "vrrp_mcast_group4")
        g.vrrp_mcast_group4.assign(c.args.front().text, c.span);
    else if (k == "vrrp_mcast_group6")
        g.vrrp_mcast_group6.assign(c.args.front().text, c.span);
    else
        return false;
    return true;
}

void Lowerer::global_defs(const ast::Statement& st) {
    auto& g = node_.globals;
    for (const auto& c : st.children) {
        const SharedScope once(*this, c);
        const auto* spec = check("global_defs", c);
        if (!spec) continue;
        const std::string& k = c.keyword;
        const ast::Arg* a = first(c);
        if (global_garp(c, g.vrrp_garp, true) || global_notify(c)) continue;
        if (k == "router_id" && a)
            g.router_id.assign(a->text, c.span);
        else if (k == "smtp_server")
            smtp_server(c);
        else if (k == "script_user" && a) {
            std::string v = a->text;
            if (c.args.size() > 1) v += " " + c.args[1].text;
            g.script_user.assign(v, c.span);
        } else if (k == "enable_script_security")
            g.enable_script_security.assign(true, c.span);
        else if (k == "vrrp_version") {
            if (auto v = uint_arg(c)) g.vrrp_version.assign(static_cast<int>(*v), c.span);
        } else if (k == "vrrp_strict")
            g.vrrp_strict.assign(true, c.span);
        else if (k == "vrrp_skip_check_adv_addr")
            g.vrrp_skip_check_adv_addr.assign(flag_value(c), c.span);
        else if (k == "vrrp_check_unicast_src")
            g.vrrp_check_unicast_src.assign(true, c.span);
        else if (k == "vrrp_startup_delay") {
            if (auto us = seconds_arg_us(c, 3600ull * 1000000)) g.vrrp_startup_delay_ms.assign(*us / 1000, c.span);
        } else if (k == "vrrp_garp_interval") {
            if (auto us = seconds_arg_us(c, 1000000000ull)) g.vrrp_garp_interval_us.assign(*us, c.span);
        } else if (k == "vrrp_gna_interval") {
            if (auto us = seconds_arg_us(c, 1000000000ull)) g.vrrp_gna_interval_us.assign(*us, c.span);
        } else if (k == "vrrp_min_garp")
            g.vrrp_min_garp.assign(flag_value(c) ? 1 : 0, c.span);
        else if (k == "max_auto_priority") {
            auto v = a ? to_int(a->text) : std::optional<long long>(0);
            if (v) g.max_auto_priority.assign(static_cast<int>(*v), c.span);
        } else if (spec->kind == KeywordKind::List) {
            if (k == "notification_email" && c.children.empty()) node_.parse.empty_email_blocks.push_back(c.span);
            for (const auto& line : c.children) suppressions(line);
        } else if (c.is_block) {
            generic("global_defs/" + k, c.children);
        }
    }
}

// ---- the top level ------------------------------------------------------------

void Lowerer::top(const ast::Statement& st) {
    const SharedScope once(*this, st);
    const auto* spec = check("", st);
    if (!spec) return;
    const std::string& k = st.keyword;
    if (k == "global_defs")
        global_defs(st);
    else if (k == "vrrp_instance")
        instance(st);
    else if (k == "vrrp_script")
        script(st);
    else if (k == "vrrp_sync_group")
        sync_group(st);
    else {
        if ((k == "vrrp_track_file" || k == "track_file") && !st.args.empty()) track_file(st);
        if (k == "vrrp_track_process" && !st.args.empty()) track_process(st);
        if (spec->kind == KeywordKind::List) {
            for (const auto& line : st.children) suppressions(line);
            if (k == "static_routes") route_lines(st);
            if (k == "static_rules") rule_lines(st);
            if (k == "static_routes" || k == "static_rules" || k == "static_ipaddress") static_list(st);
            return;
        }
        if (k == "virtual_server" && st.is_block) {
            ParseNotes::VirtualServer vs;
            vs.span = st.span;
            vs.fwmark = !st.args.empty() && st.args.front().text == "fwmark";
            for (const auto& c : st.children) {
                if (c.keyword == "protocol" && !vs.protocol) vs.protocol_span = c.span;
                vs.protocol = vs.protocol || c.keyword == "protocol";
                vs.method = vs.method || c.keyword == "lb_kind" || c.keyword == "lvs_method";
                vs.scheduler = vs.scheduler || c.keyword == "lb_algo" || c.keyword == "lvs_sched";
            }
            node_.parse.virtual_servers.push_back(vs);
            virtual_server_values(st);
        }
        if (st.is_block) generic(k, st.children);
    }
}

void Lowerer::document(const ast::Document& doc) {
    for (const auto& u : doc.syntax_uses) node_.keywords.push_back(KeywordUse{"(syntax)", u.name, u.span});
    cluster(doc);
    for (const auto& st : doc.statements) top(st);
    finish();
}

/// havip.toml: the cluster the node was declared in (its values are the cluster's, shared).
void Lowerer::cluster(const ast::Document& doc) {
    const SharedScope once(*this, kClusterValues);
    if (!doc.cluster.text.empty()) {
        node_.cluster.name = doc.cluster.text;
        node_.cluster.name_span = doc.cluster.span;
    }
    if (!doc.mode.text.empty()) {
        if (doc.mode.text == "standing")
            node_.cluster.mode.assign(Mode::Standing, doc.mode.span);
        else if (doc.mode.text == "non-standing")
            node_.cluster.mode.assign(Mode::NonStanding, doc.mode.span);
        else
            error("HV004", doc.mode.span, fmt::format("unknown mode `{}`", doc.mode.text), "not a mode",
                  "write `mode = \"standing\"` or `mode = \"non-standing\"`");
    }
    for (const auto& s : doc.subnets) {
        auto c = Cidr::parse(s.text);
        if (!c || c->prefix < 0) {
            error("HV004", s.span, fmt::format("subnet `{}` is not a CIDR", s.text), "a prefix is needed",
                  "write the subnet with its prefix, e.g. `10.0.0.0/24`");
            continue;
        }
        Located<Cidr> l;
        l.assign(*c, s.span);
        node_.cluster.subnets.push_back(l);
    }
}

/// Values an instance inherits from global_defs when it does not set them, and
/// the sync group each instance belongs to.
void Lowerer::finish() {
    const auto& g = node_.globals;
    for (auto& in : node_.instances) {
        if (!in.version.set) in.version.value = g.vrrp_version.value;
        if (!in.strict.set) in.strict.value = g.vrrp_strict.value;
        if (!in.skip_check_adv_addr.set) in.skip_check_adv_addr.value = g.vrrp_skip_check_adv_addr.value;
        auto inherit = [](Located<std::uint32_t>& mine, const Located<std::uint32_t>& global) {
            if (!mine.set) mine.value = global.value;
        };
        inherit(in.garp.master_delay_s, g.vrrp_garp.master_delay_s);
        inherit(in.garp.master_repeat, g.vrrp_garp.master_repeat);
        inherit(in.garp.master_refresh_s, g.vrrp_garp.master_refresh_s);
        inherit(in.garp.master_refresh_repeat, g.vrrp_garp.master_refresh_repeat);
        inherit(in.garp.lower_prio_delay_s, g.vrrp_garp.lower_prio_delay_s);
        inherit(in.garp.lower_prio_repeat, g.vrrp_garp.lower_prio_repeat);
    }
    for (const auto& sg : node_.sync_groups)
        for (const auto& m : sg.members)
            for (auto& in : node_.instances)
                if (in.name == m) in.sync_group = sg.name;
}

}  // namespace detail

const Script* Node::script(std::string_view n) const {
    for (const auto& s : scripts)
        if (s.name == n) return &s;
    return nullptr;
}

const TrackProcess* Node::track_process(std::string_view n) const {
    for (const auto& p : track_process_defs)
        if (p.name == n) return &p;
    return nullptr;
}

const TrackFile* Node::track_file(std::string_view n) const {
    for (const auto& f : track_file_defs)
        if (f.name == n) return &f;
    return nullptr;
}

namespace {

Node lower_one(const ast::Document& doc, const source::SourceMap& sm, diag::DiagSink& sink, std::string node_name,
               std::unordered_set<std::uint32_t>* shared_reported) {
    Node node;
    node.name = std::move(node_name);
    node.file = doc.root;
    try {
        detail::Lowerer l(Catalogue::builtin(), sink, node);
        l.sm = &sm;
        l.shared_reported = shared_reported;
        l.document(doc);
    } catch (const std::exception& e) {
        // Lowering does not throw by design; this keeps the library boundary
        // closed even on an allocation failure.
        sink.report(
            diag::make("HV001", diag::Severity::Error, fmt::format("internal error while lowering: {}", e.what())));
    }
    return node;
}

}  // namespace

Node lower(const ast::Document& doc, const source::SourceMap& sm, diag::DiagSink& sink, std::string node_name) {
    return lower_one(doc, sm, sink, std::move(node_name), nullptr);
}

std::vector<Node> lower_cluster(const std::vector<ast::Document>& docs, const source::SourceMap& sm,
                                diag::DiagSink& sink) {
    std::vector<Node> nodes;
    nodes.reserve(docs.size());
    std::unordered_set<std::uint32_t> reported;
    for (const auto& d : docs) nodes.push_back(lower_one(d, sm, sink, d.node_name, &reported));
    return nodes;
}

}  // namespace havip::model
