// SPDX-License-Identifier: MIT
#pragma once
/// The one bounded reader every front end uses: a file named by the user, an
/// include, an inventory or a policy. It refuses before reading what it could
/// not read in bounded memory and time: a directory, a device, a FIFO, a
/// socket, a file larger than kMaxInputBytes.
#include <cstddef>
#include <string>

namespace havip::source {

/// The largest input read (a file, an include, standard input). A keepalived
/// configuration or havip.toml of a node is a few kilobytes; this leaves two
/// orders of magnitude and keeps one run of the tools on one file under
/// 256 MiB whatever the file holds (the worst measured, a megabyte of
/// `vrrp_instance x {` lines, peaks at about 220 MiB).
inline constexpr std::size_t kMaxInputBytes = std::size_t(1) << 20;  // 1 MiB
inline constexpr const char* kMaxInputText = "1 MiB";

/// Reads the regular file `path` into `out`. On failure returns false and sets
/// `why` to the reason, lowercase, without the path ("no such file or
/// directory", "not a regular file (a character device)", "larger than 1 MiB").
bool read_regular_file(const std::string& path, std::string& out, std::string& why);

/// Reads an already open descriptor (standard input) to its end, at most
/// kMaxInputBytes; a longer stream is refused once the limit is passed.
bool read_stream(int fd, std::string& out, std::string& why);

/// strerror(e) in lowercase, as every message of the tools writes it; ELOOP
/// says "symlink loop".
std::string error_text(int e);

/// Why `path` cannot be an input file, or "" when it is a regular file (or
/// a directory and `allow_dir`). Follows symlinks; a loop is reported as such.
std::string check_input_path(const std::string& path, bool allow_dir);

}  // namespace havip::source
