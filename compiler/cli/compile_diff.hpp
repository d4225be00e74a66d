// SPDX-License-Identifier: MIT
#pragma once
/// `havip-compile --diff OLD.hvp NEW.hvp`: what havipd's SIGHUP reload from OLD
/// to NEW does to each instance (runtime/node/plan_diff.hpp, the reload's own
/// classification), and which changes both nodes must roll out together.
#include <string>

namespace havip::cli {

/// Prints the diff in `format` ("human" or "json") on standard output.
/// Returns 0 when a reload would change nothing, 1 when it would change
/// something, 2 when a plan cannot be read, is corrupt or cannot run (printed).
int diff_plan_files(const std::string& old_path, const std::string& new_path, const std::string& format);

}  // namespace havip::cli
