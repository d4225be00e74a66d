// SPDX-License-Identifier: MIT
#pragma once
/// Adapter from a verified plan (runtime/plan PlanView) to the core's input.
#include <cstddef>

#include "plan/loader.hpp"
#include "vrrp/config.hpp"

namespace havip::vrrp {

/// The InstanceConfig of instance `index` of a verified plan (index <
/// plan.instance_count()). Plan fields map one to one; in addition:
///  - excluded VIPs are left out (they are never in adverts);
///  - a track without its own weight takes its vrrp_script's weight, reverse
///    and init_fail; an interface track without weight means FAULT when down;
///  - strict mode implies lower_prio_no_advert (keepalived);
///  - unicast adverts are accepted only from configured peers, whatever
///    vrrp_check_unicast_src says (havip's stance: forged adverts are dropped);
///  - a plan without unicast_src_ip leaves `source` unspecified (all zero):
///    the daemon fills in the interface's primary address before use.
InstanceConfig from_plan(const plan::PlanView& plan, std::size_t index);

}  // namespace havip::vrrp
