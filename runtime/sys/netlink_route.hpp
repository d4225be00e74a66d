// SPDX-License-Identifier: MIT
#pragma once
/// Routes and policy rules through libnl-route-3 (rtnl_route, rtnl_rule), on a
/// NETLINK_ROUTE socket of its own. libnl's headers stay in the .cpp file.
#include <memory>
#include <span>
#include <vector>

#include "sys/result.hpp"
#include "sys/route.hpp"

namespace havip::sys {

class RouteNetlink {
  public:
    static Result<std::unique_ptr<RouteNetlink>> open();
    ~RouteNetlink();
    RouteNetlink(const RouteNetlink&) = delete;
    RouteNetlink& operator=(const RouteNetlink&) = delete;

    /// Applies every change in order; one Status per change. A failure carries
    /// its errno (code()): EEXIST for a route or rule already there, ESRCH for
    /// one that is not (route_change_status() calls both success).
    std::vector<Status> change(std::span<const RouteChange> changes);

  private:
    struct Impl;
    explicit RouteNetlink(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace havip::sys
