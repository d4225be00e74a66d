// SPDX-License-Identifier: MIT
#include "base/result.hpp"

#include <cstring>

namespace havip::base {

Status Status::from_errno(std::string_view what, int err) {
    std::string m(what);
    m += ": ";
    m += std::strerror(err);
    Status s = error(std::move(m));
    s.code_ = err;
    return s;
}

}  // namespace havip::base
