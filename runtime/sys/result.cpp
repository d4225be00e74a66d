// SPDX-License-Identifier: MIT
#include "sys/result.hpp"

#include <cstring>

namespace havip::sys {

Status Status::from_errno(std::string_view what, int err) {
    std::string m(what);
    m += ": ";
    m += std::strerror(err);
    Status s = error(std::move(m));
    s.code_ = err;
    return s;
}

}  // namespace havip::sys
