// SPDX-License-Identifier: MIT
#include "emit/json_writer.hpp"

#include <fmt/format.h>

#include "base/quote.hpp"
#include "model/dump.hpp"

namespace havip::emit {
namespace {

using base::quote;

const char* b(bool v) { return v ? "true" : "false"; }

std::string strings(const std::vector<std::string>& v) {
    std::string o = "[";
    for (std::size_t i = 0; i < v.size(); ++i) o += (i ? "," : "") + quote(v[i]);
    return o + "]";
}

std::string command(const model::Command& c) {
    if (c.empty()) return "null";
    return fmt::format(R"({{"argv":{},"user":{}}})", strings(c.argv), quote(c.user()));
}

std::string vips(const std::vector<model::Vip>& v) {
    std::string o = "[";
    for (std::size_t i = 0; i < v.size(); ++i)
        o += fmt::format(R"({}{{"address":{},"dev":{},"label":{}}})", i ? "," : "", quote(v[i].addr.str()),
                         quote(v[i].dev), quote(v[i].label));
    return o + "]";
}

const char* track_kind(model::TrackKind k) {
    switch (k) {
        case model::TrackKind::Interface:
            return "interface";
        case model::TrackKind::Script:
            return "script";
        case model::TrackKind::File:
            return "file";
        case model::TrackKind::Process:
            return "process";
        case model::TrackKind::Bfd:
            return "bfd";
    }
    return "script";
}

std::string instance(const model::Instance& in) {
    std::string peers = "[";
    for (std::size_t i = 0; i < in.peers.size(); ++i) peers += (i ? "," : "") + quote(in.peers[i].addr.str());
    peers += "]";
    std::string tracks = "[";
    for (std::size_t i = 0; i < in.tracks.size(); ++i) {
        const auto& t = in.tracks[i];
        tracks +=
            fmt::format(R"({}{{"kind":"{}","name":{},"weight":{},"reverse":{}}})", i ? "," : "", track_kind(t.kind),
                        quote(t.name), t.has_weight ? std::to_string(t.weight) : "null", b(t.reverse));
    }
    tracks += "]";
    return fmt::format(
        R"({{"name":{},"state":"{}","vrid":{},"priority":{},"interface":{},"version":{},"advert_int_us":{},)"
        R"("unicast_src_ip":{},"peers":{},"vips":{},"nopreempt":{},"preempt_delay_s":{},"auth":{{"type":"{}","pass":{}}},)"
        R"("tracks":{},"notify":{{"master":{},"backup":{},"fault":{},"stop":{},"any":{}}},)"
        R"("garp":{{"master_delay_s":{},"master_repeat":{},"master_refresh_s":{},"master_refresh_repeat":{}}},)"
        R"("use_vmac":{},"vmac_xmit_base":{},"sync_group":{}}})",
        quote(in.name), in.state.value == model::State::Master ? "MASTER" : "BACKUP", in.vrid.value, in.priority.value,
        quote(in.interface.value), in.version.value, in.advert_int_us.value,
        in.unicast_src_ip.set ? quote(in.unicast_src_ip.value.str()) : "null", peers, vips(in.vips),
        b(in.nopreempt.value), model::seconds_text(std::uint64_t(in.preempt_delay_ms.value) * 1000),
        in.auth_type.value == model::AuthType::Pass ? "PASS"
        : in.auth_type.value == model::AuthType::Ah ? "AH"
                                                    : "none",
        in.auth_pass.set ? quote(in.auth_pass.value) : "null", tracks, command(in.notify_master),
        command(in.notify_backup), command(in.notify_fault), command(in.notify_stop), command(in.notify),
        in.garp.master_delay_s.value, in.garp.master_repeat.value, in.garp.master_refresh_s.value,
        in.garp.master_refresh_repeat.value, b(in.use_vmac.value), b(in.vmac_xmit_base.value), quote(in.sync_group));
}

}  // namespace

std::string node_json(const model::Node& n) {
    std::string insts = "[";
    for (std::size_t i = 0; i < n.instances.size(); ++i) insts += (i ? "," : "") + instance(n.instances[i]);
    insts += "]";
    std::string scripts = "[";
    for (std::size_t i = 0; i < n.scripts.size(); ++i) {
        const auto& s = n.scripts[i];
        scripts +=
            fmt::format(R"({}{{"name":{},"argv":{},"interval_ms":{},"timeout_ms":{},"weight":{},"rise":{},"fall":{}}})",
                        i ? "," : "", quote(s.name), strings(s.command.argv), s.interval_ms.value, s.timeout_ms.value,
                        s.weight.value, s.rise.value, s.fall.value);
    }
    scripts += "]";
    return fmt::format(R"({{"schema":"havip/model","version":1,"node":{},"origin":"{}","cluster":{},"router_id":{},)"
                       R"("script_user":{},"enable_script_security":{},"instances":{},"scripts":{}}})",
                       quote(n.name), n.origin == model::Origin::Toml ? "toml" : "conf", quote(n.cluster.name),
                       quote(n.globals.router_id.value), quote(n.globals.script_user.value),
                       b(n.globals.enable_script_security.value), insts, scripts);
}

}  // namespace havip::emit
