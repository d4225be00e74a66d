// SPDX-License-Identifier: MIT
#pragma once
/// Results for runtime/sys: the base layer's (every failure is a message,
/// never an exception).
#include "base/result.hpp"

namespace havip::sys {

using Status = base::Status;
template <class T>
using Result = base::Result<T>;

}  // namespace havip::sys
