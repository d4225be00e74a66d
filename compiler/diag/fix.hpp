// SPDX-License-Identifier: MIT
#pragma once
/// Applying the fixes of diagnostics to the original text, and the unified
/// diff of what that changes. Pure: no files are read or written here.
///
/// A fix is applied whole or not at all, whatever files it touches. Fixes are
/// taken in the order of the diagnostics; one whose edits overlap an edit
/// already taken (in any of its files) is skipped, so one pass never guesses
/// how two edits of the same bytes combine: a second run picks it up once the
/// first is in the text. The same fix reported twice (a shared include read by
/// two nodes) is applied once.
#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.hpp"
#include "source/source_map.hpp"

namespace havip::diag {

/// The edits taken for one file, sorted by position and disjoint, and the text they give.
struct FileFix {
    source::FileId file = source::kNoFile;
    std::vector<Edit> edits;
    std::string text;  ///< the file's new text
};

struct FixResult {
    std::vector<FileFix> files;   ///< changed files, in FileId order
    std::size_t applied = 0;      ///< fixes taken (a repeated one counts once)
    std::size_t overlapping = 0;  ///< fixes skipped: they overlap one taken (a second run may take them)
    std::size_t unsafe = 0;       ///< MaybeIncorrect fixes left out (without --unsafe-fixes)
    std::size_t invalid = 0;      ///< fixes with an edit outside its file, or overlapping itself
    std::map<std::string, std::size_t> applied_by_code;  ///< code → fixes taken
};

/// Chooses and applies the fixes of `ds` (MachineApplicable ones, and
/// MaybeIncorrect ones too when `unsafe`) to the texts of `sm`. `same_file`,
/// when given, maps each file id to the first id of the same file: a file
/// read more than once (an include shared by several nodes) gets one set of
/// edits, and a fix found through each reading is applied once.
FixResult apply_fixes(const source::SourceMap& sm, std::span<const Diagnostic> ds, bool unsafe,
                      std::span<const source::FileId> same_file = {});

/// `text` with `edits` applied; the edits must be sorted by position and
/// disjoint (as FileFix::edits are), offsets within `text`.
std::string apply_edits(std::string_view text, std::span<const Edit> edits);

/// True when two edits of one file cannot both be applied in one pass: their
/// byte ranges intersect, or both insert at the same offset.
bool overlap(const Edit& a, const Edit& b);

/// A unified diff (`diff -u` format, `--- a/PATH` / `+++ b/PATH` headers,
/// 3 lines of context) of applying `edits` (sorted, disjoint) to `text`.
/// Empty when the edits change nothing. Lines keep their own endings (CRLF
/// stays CRLF); a last line without a newline is followed by
/// "\ No newline at end of file", as diff prints it.
std::string unified_diff(std::string_view path, std::string_view text, std::span<const Edit> edits,
                         std::size_t context = 3);

// ---- building edits from the original text ---------------------------------
// Each returns nothing when the text at the span is not what the caller expects
// (a value that came from a `$VAR` or `~SEQ`, a havip.toml, a quoted word): a
// fix is only ever written for text it can see.

/// Replaces `span` with `replacement` when its text is exactly `expect`.
std::optional<Edit> replace_exact(const source::SourceMap& sm, source::Span span, std::string_view expect,
                                  std::string replacement);
/// For a one-line statement `keyword VALUE` spanning `stmt` (and nothing else:
/// no second word, no quotes), replaces VALUE (exactly `value`) with `replacement`.
std::optional<Edit> replace_value(const source::SourceMap& sm, source::Span stmt, std::string_view keyword,
                                  std::string_view value, std::string replacement);
/// Deletes what `span` covers together with its lines, when only blanks share
/// its first and last line (a trailing `#`/`!` comment stays behind on its own
/// line); with a `{` or `}` before it on the line, only the span and the blanks
/// after it. Nothing when anything else shares the lines.
std::optional<Edit> delete_lines(const source::SourceMap& sm, source::Span span);
/// The whole lines `span` covers (first line start to the end of the last line,
/// newline included), when only blanks share them; else an invalid span.
source::Span whole_lines(const source::SourceMap& sm, source::Span span);
/// The blanks that start the line holding `offset`.
std::string_view indent_at(const source::SourceMap& sm, source::FileId file, std::uint32_t offset);
/// The newline the line holding `offset` ends with ("\r\n" or "\n").
std::string_view newline_at(const source::SourceMap& sm, source::FileId file, std::uint32_t offset);

}  // namespace havip::diag
