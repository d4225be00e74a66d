// SPDX-License-Identifier: MIT
#pragma once
/// Writes a file so that readers see the old content or the new, never a mix:
/// a failed or interrupted compile never leaves a half plan.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace havip::emit {

/// Writes `bytes` to a temporary file in the directory of `path`, fsyncs it,
/// renames it over `path` and fsyncs the directory. On failure returns false,
/// sets `err` ("PATH: what: strerror"), removes the temporary file and leaves
/// any old `path` untouched. The new file gets mode 0600 (it may hold auth_pass).
bool write_file_atomic(const std::string& path, std::span<const std::byte> bytes, std::string& err);

/// Several existing files replaced together (havip-lint --fix: a fix may edit
/// two nodes' files). stage() writes and fsyncs each new content to a
/// temporary file beside its path, with the mode and owner given (the old
/// file's); commit() renames them all over their paths and fsyncs their
/// directories only once every one was staged. A failed stage, or a batch
/// dropped without commit, removes the temporary files and leaves every path
/// untouched.
class AtomicBatch {
public:
    AtomicBatch() = default;
    AtomicBatch(const AtomicBatch&) = delete;
    AtomicBatch& operator=(const AtomicBatch&) = delete;
    ~AtomicBatch();

    /// `uid`/`gid` of -1 keep the writer's own.
    bool stage(const std::string& path, std::span<const std::byte> bytes, unsigned mode, int uid, int gid,
               std::string& err);
    /// On failure (a rename refused: only after every file was staged) the
    /// paths already renamed keep their new content; `err` names the first that failed.
    bool commit(std::string& err);

private:
    struct Staged {
        std::string path, tmp;
    };
    std::vector<Staged> staged_;
};

}  // namespace havip::emit
