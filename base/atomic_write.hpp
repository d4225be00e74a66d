// SPDX-License-Identifier: MIT
#pragma once
/// The one atomic file write of havip: readers see the old content or the
/// new, never a mix, and every failed step is an error (a directory that
/// cannot be synced included: the rename is durable only once it is).
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace havip::base {

/// Owner-only: plans and emitted configurations may hold auth_pass.
inline constexpr unsigned kPrivateMode = 0600;
/// Readable by all: state, stats and metrics files other tools read.
inline constexpr unsigned kSharedMode = 0644;

/// Writes `bytes` to a temporary file in the directory of `path` (so the
/// rename stays on one file system), gives it `mode` whatever the umask,
/// fsyncs it, renames it over `path` and fsyncs the directory. On failure the
/// Status says "PATH: what: strerror", the temporary file is removed and an
/// old `path` is left untouched (unless only the directory fsync failed).
Status write_file_atomic(const std::string& path, std::span<const std::byte> bytes, unsigned mode = kPrivateMode);
Status write_file_atomic(const std::string& path, std::string_view text, unsigned mode = kPrivateMode);

/// Several files replaced together (havip-lint --fix: a fix may edit two
/// nodes' files). stage() writes and fsyncs each new content to a temporary
/// file beside its path, with the mode and owner given; commit() renames them
/// all over their paths and fsyncs their directories only once every one was
/// staged. A failed stage, or a batch dropped without commit, removes the
/// temporary files and leaves every path untouched.
class AtomicBatch {
  public:
    AtomicBatch() = default;
    AtomicBatch(const AtomicBatch&) = delete;
    AtomicBatch& operator=(const AtomicBatch&) = delete;
    ~AtomicBatch();

    /// `uid`/`gid` of -1 keep the writer's own.
    Status stage(const std::string& path, std::span<const std::byte> bytes, unsigned mode, int uid, int gid);
    /// On failure (a rename refused: only after every file was staged) the
    /// paths already renamed keep their new content; the Status names the first that failed.
    Status commit();

  private:
    struct Staged {
        std::string path, tmp;
    };
    std::vector<Staged> staged_;
};

}  // namespace havip::base
