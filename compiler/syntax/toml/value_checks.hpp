// SPDX-License-Identifier: MIT
#pragma once
/// Internal to syntax/toml: the value checks the cluster, inventory and policy
/// readers share (no model types: syntax stays below model).
#include <string_view>

namespace havip::syntax::toml::detail {

bool is_ip(std::string_view text);
bool is_cidr(std::string_view text, bool prefix_required);
bool is_version(std::string_view text);  ///< "2.2.7"

}  // namespace havip::syntax::toml::detail
