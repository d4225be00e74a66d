// SPDX-License-Identifier: MIT
// vrrp_track_process blocks, read as keepalived 2.2.7 reads them: values out
// of range are ignored (the catalogue reports them, HV004), a block without a
// `process` defines nothing (HV004 on it, HV122 on its users), the first block
// of a name wins.
#include <fmt/format.h>

#include "model/lower_internal.hpp"

namespace havip::model::detail {

namespace {
constexpr std::uint64_t kMaxDelayUs = 3600ull * 1000000;
}  // namespace

void Lowerer::track_process_option(TrackProcess& p, const ast::Statement& c) {
    const std::string& k = c.keyword;
    const ast::Arg* a = c.args.empty() ? nullptr : &c.args.front();
    if (k == "process" && a) {
        p.process.assign(a->text, c.span);
        p.params.clear();
        for (std::size_t i = 1; i < c.args.size(); ++i) p.params.push_back(c.args[i].text);
    } else if (k == "param_match") {
        if (!a || a->text == "initial" || a->text == "partial") {
            p.param_match.assign(true, c.span);
            p.match = !a                     ? TrackProcess::Match::Exact
                      : a->text == "initial" ? TrackProcess::Match::Initial
                                             : TrackProcess::Match::Partial;
        }
    } else if (k == "weight" && a) {
        const auto w = to_int(a->text);
        if (w && *w >= -254 && *w <= 254) {
            p.weight.assign(static_cast<int>(*w), c.span);
            p.reverse = c.args.size() > 1 && c.args[1].text == "reverse";
        }
    } else if (k == "quorum" || k == "quorum_max") {
        const auto v = uint_arg(c);
        if (!v || *v > 65535) return;
        if (k == "quorum")
            quorum(p, *v, c);
        else
            quorum_max(p, *v, c);
    } else if (k == "fork_delay" || k == "terminate_delay" || k == "delay") {
        const auto us = a ? seconds_to_us(a->text, kMaxDelayUs) : std::nullopt;
        if (!us || *us == 0) return;
        const auto ms = static_cast<std::uint32_t>((*us + 999) / 1000);
        if (k != "terminate_delay") p.fork_delay_ms = ms;
        if (k != "fork_delay") p.terminate_delay_ms = ms;
    } else if (k == "full_command") {
        p.full_command = true;
    }
}

// keepalived 2.2.7 reads them in order: a quorum above the quorum_max so far, or
// a quorum_max below the quorum so far, is ignored with an error (here: HV004);
// quorum_max 0 (allowed while quorum is at most 1) sets the quorum to 0.
void Lowerer::quorum(TrackProcess& p, std::uint32_t v, const ast::Statement& c) {
    if (v == 0) return;  // the catalogue's range reports it
    if (p.quorum_max.set && v > p.quorum_max.value) {
        error(
            "HV004", c.args.front().span,
            fmt::format("vrrp_track_process `{}`: quorum {} is more than quorum_max {}", p.name, v, p.quorum_max.value),
            "more than quorum_max",
            "keepalived ignores this quorum; set quorum before quorum_max, or raise quorum_max");
        return;
    }
    p.quorum.assign(v, c.span);
}

void Lowerer::quorum_max(TrackProcess& p, std::uint32_t v, const ast::Statement& c) {
    if ((v || p.quorum.value > 1) && v < p.quorum.value) {
        error("HV004", c.args.front().span,
              fmt::format("vrrp_track_process `{}`: quorum_max {} is less than quorum {}", p.name, v, p.quorum.value),
              "less than quorum", "keepalived ignores this quorum_max; quorum_max is the most processes that are OK");
        return;
    }
    p.quorum_max.assign(v, c.span);
    if (v == 0) p.quorum.assign(0, c.span);  // OK only while none runs
}

void Lowerer::track_process(const ast::Statement& st) {
    TrackProcess p;
    p.span = st.span;
    p.name = st.args.front().text;
    p.name_span = st.args.front().span;
    for (const auto& c : st.children) track_process_option(p, c);
    if (p.process.value.empty()) {
        // keepalived: "track process 'NAME' process name not specified": the block is
        // dropped, and the track_process entries naming it are not found (HV122).
        if (st.span.valid())
            error("HV004", st.span, fmt::format("vrrp_track_process `{}` has no `process`", p.name), "nothing to watch",
                  "add `process NAME [PARAMETERS...]`");
        return;
    }
    node_.track_processes.push_back(p.name);
    if (!node_.track_process(p.name)) node_.track_process_defs.push_back(std::move(p));
}

}  // namespace havip::model::detail
