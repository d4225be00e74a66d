// SPDX-License-Identifier: MIT
#pragma once
/// Writes a file so that readers see the old content or the new, never a mix:
/// a failed or interrupted compile never leaves a half plan.
#include <cstddef>
#include <span>
#include <string>

namespace havip::emit {

/// Writes `bytes` to a temporary file in the directory of `path`, fsyncs it,
/// renames it over `path` and fsyncs the directory. On failure returns false,
/// sets `err` ("PATH: what: strerror"), removes the temporary file and leaves
/// any old `path` untouched. The new file gets mode 0600 (it may hold auth_pass).
bool write_file_atomic(const std::string& path, std::span<const std::byte> bytes, std::string& err);

}  // namespace havip::emit
