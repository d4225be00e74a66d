// SPDX-License-Identifier: MIT
#pragma once
/// havip-lint --fix, --unsafe-fixes and --diff: apply the fixes the rules attach
/// to their findings to the original text (by span: comments, layout and
/// includes stay as written), or show them as a unified diff.
///
/// - One pass: fixes are taken in the order of the findings; one that overlaps
///   a fix already taken is left for the next run (the summary says how many).
/// - Files are checked first (regular, writable, unchanged since read), then
///   every new text is staged beside its file, and only then renamed over it:
///   edits of several files are written together or not at all. Each file
///   keeps its mode (and owner, when run as root); a symlink's target is edited.
/// - After writing, the inputs are linted again and the remaining findings are
///   reported as usual; the exit code is theirs.
/// - `-` (one input only): the fixed text goes to standard output (ruff's
///   behaviour) and the remaining findings to standard error.
/// - --diff writes nothing and exits 1 when there would be changes, else 0.
#include <string>

#include "cli/common.hpp"

namespace havip::cli {

struct FixMode {
    bool fix = false;     ///< --fix
    bool unsafe = false;  ///< --unsafe-fixes: MaybeIncorrect fixes too
    bool diff = false;    ///< --diff: print, write nothing
};

/// Runs a fix mode end to end; returns the exit code (already through finish()).
int run_fix(const CommonOptions& o, const FixMode& m, const std::string& format, bool summary);

}  // namespace havip::cli
