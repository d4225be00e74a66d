// SPDX-License-Identifier: MIT
#include "syntax/toml/value_checks.hpp"

#include <string>

#include "base/ip.hpp"
#include "syntax/toml/lex_util.hpp"

namespace havip::syntax::toml::detail {

bool is_ip(std::string_view text) { return base::IpAddr::parse(text).has_value(); }

bool is_cidr(std::string_view text, bool prefix_required) {
    auto slash = text.find('/');
    if (slash == std::string_view::npos) return !prefix_required && is_ip(text);
    auto addr = text.substr(0, slash), pfx = text.substr(slash + 1);
    if (!is_ip(addr) || !is_digits(pfx) || pfx.size() > 3) return false;
    int p = std::stoi(std::string(pfx));
    bool v6 = addr.find(':') != std::string_view::npos;
    return p <= (v6 ? 128 : 32);
}

bool is_version(std::string_view text) {
    int parts = 0;
    std::size_t p = 0;
    while (true) {
        auto dot = text.find('.', p);
        auto part = text.substr(p, dot == std::string_view::npos ? std::string_view::npos : dot - p);
        if (!is_digits(part) || part.size() > 4) return false;
        ++parts;
        if (dot == std::string_view::npos) break;
        p = dot + 1;
    }
    return parts >= 2 && parts <= 3;
}

}  // namespace havip::syntax::toml::detail
