// SPDX-License-Identifier: MIT
#pragma once
/// `havip-compile --emit json`: the model of each node as JSON (for scripts and
/// dashboards). Schema "havip/model" version 1; fields mirror model.hpp.
#include <string>

#include "model/model.hpp"

namespace havip::emit {

/// One node as a JSON object (no trailing newline).
std::string node_json(const model::Node& n);

}  // namespace havip::emit
