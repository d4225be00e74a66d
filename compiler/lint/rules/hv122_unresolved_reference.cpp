// SPDX-License-Identifier: MIT
// HV122 unresolved-reference: track_script, track_file or track_process naming
// nothing defined above it, or a sync group member that is no instance.
#include <fmt/format.h>

#include <algorithm>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

const char* what(model::TrackKind k) {
    switch (k) {
        case model::TrackKind::Script:
            return "script";
        case model::TrackKind::File:
            return "file";
        case model::TrackKind::Process:
            return "process";
        default:
            break;
    }
    return "object";
}

const char* block_of(model::TrackKind k) {
    switch (k) {
        case model::TrackKind::Script:
            return "vrrp_script";
        case model::TrackKind::File:
            return "vrrp_track_file";
        case model::TrackKind::Process:
            return "vrrp_track_process";
        default:
            break;
    }
    return "block";
}

bool defined_later(const model::Node& n, const model::ParseNotes::Unresolved& u) {
    switch (u.kind) {
        case model::TrackKind::Script:
            return n.script(u.name) != nullptr;
        case model::TrackKind::File:
            return std::find(n.track_files.begin(), n.track_files.end(), u.name) != n.track_files.end();
        case model::TrackKind::Process:
            return std::find(n.track_processes.begin(), n.track_processes.end(), u.name) != n.track_processes.end();
        default:
            break;
    }
    return false;
}

/// Moves the vrrp_script block `s` to just above the block that tracks it
/// (`owner`, which starts at `above`): both whole lines of one file, the script
/// after it. The moved text keeps its bytes; a blank line follows it.
std::vector<diag::Edit> move_above(const source::SourceMap& sm, source::Span script, source::Span above) {
    auto from = diag::whole_lines(sm, script);
    if (!from.valid() || !above.valid() || above.file != script.file || above.end > from.begin) return {};
    const std::string_view t = sm.file(script.file).text;
    // The start of the comment lines just above `at` (not before `floor`): a
    // block's comments and suppressions stay with it.
    auto with_comments = [&](std::uint32_t at, std::uint32_t floor) {
        while (at > floor) {
            std::size_t b = at - 1;  // the newline ending the line above
            while (b > 0 && t[b - 1] != '\n') --b;
            std::size_t k = b;
            while (k < at && (t[k] == ' ' || t[k] == '\t')) ++k;
            if (k >= at || (t[k] != '#' && t[k] != '!') || b < floor) break;
            at = static_cast<std::uint32_t>(b);
        }
        return at;
    };
    from.begin = with_comments(from.begin, above.end);
    auto to = diag::whole_lines(sm, above);
    if (!to.valid()) return {};
    to.begin = with_comments(to.begin, 0);
    std::string moved(sm.text(from));
    if (moved.empty() || moved.back() != '\n') moved += diag::newline_at(sm, above.file, above.begin);
    moved += diag::newline_at(sm, above.file, above.begin);
    return {diag::Edit{{above.file, to.begin, to.begin}, std::move(moved)}, diag::Edit{from, {}}};
}

source::Span owner_span(const model::Node& n, const model::ParseNotes::Unresolved& u) {
    if (u.owner_kind == "vrrp_instance") {
        for (const auto& i : n.instances)
            if (i.name == u.owner) return i.span;
    } else if (u.owner_kind == "vrrp_sync_group") {
        for (const auto& g : n.sync_groups)
            if (g.name == u.owner) return g.span;
    }
    return {};
}

class UnresolvedReference final : public RuleBase {
  public:
    UnresolvedReference()
        : RuleBase({"HV122", "unresolved-reference",
                    "track_script/track_file/track_process naming nothing defined above it, or a sync group "
                    "member that is no instance",
                    diag::Severity::Error, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& node : cx.fleet.nodes) {
            for (const auto& u : node.parse.unresolved) {
                const bool later = defined_later(node, u);
                auto b = out.make(
                    fmt::format("track {} {} of {} {}", what(u.kind), tick(u.name), u.owner_kind, tick(u.owner)) +
                    (later ? " is defined only after it" : " is not defined"));
                b.at(u.span, "keepalived ignores this entry: the check never runs");
                b.note(
                    fmt::format("keepalived resolves the name while it reads the file and says \"({}) track {} "
                                "{} not found, ignoring...\"",
                                u.owner, what(u.kind), u.name));
                if (later) {
                    const auto* s = u.kind == model::TrackKind::Script ? node.script(u.name) : nullptr;
                    if (s && s->name_span.valid()) b.also(s->name_span, "defined here, too late");
                    b.help(
                        fmt::format("move the {} block above the {} that tracks it", block_of(u.kind), u.owner_kind));
                    // Certain: keepalived reads the block the same wherever it stands; above
                    // the tracker, the name resolves.
                    if (s && node.config_id.empty())
                        b.fix(fmt::format("move `vrrp_script {}` above {} {}", u.name, u.owner_kind, tick(u.owner)),
                              diag::Applicability::MachineApplicable, move_above(cx.sm, s->span, owner_span(node, u)));
                } else {
                    b.help(fmt::format("define `{} {} {{ ... }}` above it, or fix the name", block_of(u.kind), u.name));
                }
                out.report(b);
            }
            // Sync group members are resolved when the whole file is read.
            for (const auto& g : node.sync_groups) {
                for (const auto& m : g.members) {
                    bool found = std::any_of(node.instances.begin(), node.instances.end(),
                                             [&](const model::Instance& i) { return i.name == m; });
                    if (found) continue;
                    out.report(out.make(fmt::format("sync group {} names {}, which is no vrrp_instance of node {}",
                                                    tick(g.name), tick(m), tick(node.name)))
                                   .at(or_else(g.name_span, g.span), "member not found")
                                   .note(fmt::format("keepalived says \"Virtual router {} specified in sync group {} "
                                                     "doesn't exist - ignoring\"",
                                                     m, g.name))
                                   .help("list the names of vrrp_instance blocks of this node"));
                }
            }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv122, UnresolvedReference)
