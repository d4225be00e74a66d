// SPDX-License-Identifier: MIT
#include "emit/json_writer.hpp"

#include <fmt/format.h>

#include "model/dump.hpp"

namespace havip::emit {
namespace {

std::string q(std::string_view s) {
    std::string o = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"': o += "\\\""; break;
            case '\\': o += "\\\\"; break;
            case '\n': o += "\\n"; break;
            case '\t': o += "\\t"; break;
            case '\r': o += "\\r"; break;
            default:
                if (c < 0x20 || c >= 0x7f) o += fmt::format("\\u{:04x}", c);
                else o += static_cast<char>(c);
        }
    }
    return o + "\"";
}

const char* b(bool v) { return v ? "true" : "false"; }

std::string strings(const std::vector<std::string>& v) {
    std::string o = "[";
    for (std::size_t i = 0; i < v.size(); ++i) o += (i ? "," : "") + q(v[i]);
    return o + "]";
}

std::string command(const model::Command& c) {
    if (c.empty()) return "null";
    return fmt::format(R"({{"argv":{},"user":{}}})", strings(c.argv), q(c.user));
}

std::string vips(const std::vector<model::Vip>& v) {
    std::string o = "[";
    for (std::size_t i = 0; i < v.size(); ++i)
        o += fmt::format(R"({}{{"address":{},"dev":{},"label":{}}})", i ? "," : "", q(v[i].addr.str()),
                         q(v[i].dev), q(v[i].label));
    return o + "]";
}

const char* track_kind(model::TrackKind k) {
    switch (k) {
        case model::TrackKind::Interface: return "interface";
        case model::TrackKind::Script: return "script";
        case model::TrackKind::File: return "file";
        case model::TrackKind::Process: return "process";
        case model::TrackKind::Bfd: return "bfd";
    }
    return "script";
}

std::string instance(const model::Instance& in) {
    std::string peers = "[";
    for (std::size_t i = 0; i < in.peers.size(); ++i) peers += (i ? "," : "") + q(in.peers[i].addr.str());
    peers += "]";
    std::string tracks = "[";
    for (std::size_t i = 0; i < in.tracks.size(); ++i) {
        const auto& t = in.tracks[i];
        tracks += fmt::format(R"({}{{"kind":"{}","name":{},"weight":{},"reverse":{}}})", i ? "," : "",
                              track_kind(t.kind), q(t.name), t.has_weight ? std::to_string(t.weight) : "null",
                              b(t.reverse));
    }
    tracks += "]";
    return fmt::format(
        R"({{"name":{},"state":"{}","vrid":{},"priority":{},"interface":{},"version":{},"advert_int_us":{},)"
        R"("unicast_src_ip":{},"peers":{},"vips":{},"nopreempt":{},"preempt_delay_s":{},"auth":{{"type":"{}","pass":{}}},)"
        R"("tracks":{},"notify":{{"master":{},"backup":{},"fault":{},"stop":{},"any":{}}},)"
        R"("garp":{{"master_delay_s":{},"master_repeat":{},"master_refresh_s":{},"master_refresh_repeat":{}}},)"
        R"("use_vmac":{},"vmac_xmit_base":{},"sync_group":{}}})",
        q(in.name), in.state.value == model::State::Master ? "MASTER" : "BACKUP", in.vrid.value, in.priority.value,
        q(in.interface.value), in.version.value, in.advert_int_us.value,
        in.unicast_src_ip.set ? q(in.unicast_src_ip.value.str()) : "null", peers, vips(in.vips),
        b(in.nopreempt.value), model::seconds_text(std::uint64_t(in.preempt_delay_ms.value) * 1000),
        in.auth_type.value == model::AuthType::Pass ? "PASS" : in.auth_type.value == model::AuthType::Ah ? "AH" : "none",
        in.auth_pass.set ? q(in.auth_pass.value) : "null", tracks, command(in.notify_master),
        command(in.notify_backup), command(in.notify_fault), command(in.notify_stop), command(in.notify),
        in.garp.master_delay_s.value, in.garp.master_repeat.value, in.garp.master_refresh_s.value,
        in.garp.master_refresh_repeat.value, b(in.use_vmac.value), b(in.vmac_xmit_base.value), q(in.sync_group));
}

}  // namespace

std::string node_json(const model::Node& n) {
    std::string insts = "[";
    for (std::size_t i = 0; i < n.instances.size(); ++i) insts += (i ? "," : "") + instance(n.instances[i]);
    insts += "]";
    std::string scripts = "[";
    for (std::size_t i = 0; i < n.scripts.size(); ++i) {
        const auto& s = n.scripts[i];
        scripts += fmt::format(
            R"({}{{"name":{},"argv":{},"interval_ms":{},"timeout_ms":{},"weight":{},"rise":{},"fall":{}}})",
            i ? "," : "", q(s.name), strings(s.command.argv), s.interval_ms.value, s.timeout_ms.value,
            s.weight.value, s.rise.value, s.fall.value);
    }
    scripts += "]";
    return fmt::format(
        R"({{"schema":"havip/model","version":1,"node":{},"origin":"{}","cluster":{},"router_id":{},)"
        R"("script_user":{},"enable_script_security":{},"instances":{},"scripts":{}}})",
        q(n.name), n.origin == model::Origin::Toml ? "toml" : "conf", q(n.cluster.name), q(n.globals.router_id.value),
        q(n.globals.script_user.value), b(n.globals.enable_script_security.value), insts, scripts);
}

}  // namespace havip::emit
