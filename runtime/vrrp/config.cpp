// SPDX-License-Identifier: MIT
#include "vrrp/config.hpp"

#include <algorithm>

namespace havip::vrrp {

void InstanceConfig::set_auth_pass(std::string_view pass) {
    auth_pass.fill(0);
    const std::size_t n = std::min<std::size_t>(pass.size(), auth_pass.size());
    for (std::size_t i = 0; i < n; ++i) auth_pass[i] = std::uint8_t(pass[i]);
}

std::uint16_t InstanceConfig::wire_interval() const {
    return std::uint16_t(version == 2 ? advert_interval / 1'000'000 : advert_interval / 10'000);
}

ConfigError check(const InstanceConfig& cfg) {
    if (cfg.vrid == 0) return ConfigError::BadVrid;
    if (cfg.version != 2 && cfg.version != 3) return ConfigError::BadVersion;
    if (cfg.priority == 0) return ConfigError::BadPriority;
    if (cfg.version == 2) {
        if (cfg.advert_interval % 1'000'000 != 0 || cfg.advert_interval < 1'000'000 ||
            cfg.advert_interval > 255'000'000)
            return ConfigError::BadInterval;
        if (cfg.family != Family::V4) return ConfigError::V2NotIpv4;
    } else if (cfg.advert_interval % 10'000 != 0 || cfg.advert_interval < 10'000 || cfg.advert_interval > 40'950'000) {
        return ConfigError::BadInterval;
    }
    auto same = [&](const IpAddress& a) { return a.family == cfg.family; };
    if (!same(cfg.source) || !same(cfg.multicast_group) || !std::all_of(cfg.peers.begin(), cfg.peers.end(), same) ||
        !std::all_of(cfg.vips.begin(), cfg.vips.end(), same))
        return ConfigError::FamilyMismatch;
    const std::size_t as = cfg.family == Family::V4 ? 4 : 16;
    // 1500-byte MTU less the IPv4 (20) or IPv6 (40) header.
    const std::size_t room = cfg.family == Family::V4 ? 1480 : 1460;
    if (cfg.vips.size() > 255 || 8 + cfg.vips.size() * as + (cfg.version == 2 ? 8 : 0) > room)
        return ConfigError::TooManyVips;
    if (cfg.auth_type == AuthType::Ah || (cfg.version == 3 && cfg.auth_type != AuthType::None))
        return ConfigError::BadAuth;
    if (cfg.down_timer_adverts < 1 || cfg.down_timer_adverts > 100) return ConfigError::BadDownTimerAdverts;
    return ConfigError::Ok;
}

std::string_view config_error_name(ConfigError e) {
    switch (e) {
        case ConfigError::Ok:
            return "ok";
        case ConfigError::BadVrid:
            return "bad_vrid";
        case ConfigError::BadVersion:
            return "bad_version";
        case ConfigError::BadPriority:
            return "bad_priority";
        case ConfigError::BadInterval:
            return "bad_interval";
        case ConfigError::V2NotIpv4:
            return "v2_not_ipv4";
        case ConfigError::FamilyMismatch:
            return "family_mismatch";
        case ConfigError::TooManyVips:
            return "too_many_vips";
        case ConfigError::BadAuth:
            return "bad_auth";
        case ConfigError::BadDownTimerAdverts:
            return "bad_down_timer_adverts";
    }
    return "unknown";
}

}  // namespace havip::vrrp
