// SPDX-License-Identifier: MIT
#pragma once
/// File helpers: reading, atomic replacement (for state files) and the ownership and
/// permission checks applied to plans and scripts before they are trusted.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <sys/types.h>

#include "base/atomic_write.hpp"
#include "sys/result.hpp"

namespace havip::sys {

/// Replaces a file atomically (base/atomic_write.hpp; state files are written
/// with base::kSharedMode).
using base::write_file_atomic;

/// Reads a whole (small) file; more than `max_bytes` is an error (a plan, a
/// state file: never a device or a runaway log).
Result<std::string> read_file(const std::string& path, std::size_t max_bytes = SIZE_MAX);

/// Checks that `path` may be trusted: it exists, is a regular file, is owned by
/// root or the running effective user, and is writable by neither group nor
/// others; every parent directory is owned by root or that user and is not
/// group/other-writable unless it has the sticky bit (like /tmp).
Status check_trusted_file(const std::string& path);

/// Host::init_small_file: `content` to `path` atomically, mode 0644, unless
/// something is there and `replace` is false; with `replace`, only over a
/// regular file (stat(2) follows a symlink, as keepalived's init_file does).
/// True when it wrote.
Result<bool> init_small_file(const std::string& path, std::string_view content, bool replace);

}  // namespace havip::sys
