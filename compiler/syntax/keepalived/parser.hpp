// SPDX-License-Identifier: MIT
#pragma once
/// The keepalived.conf front end: reads a configuration and everything it
/// includes into one ast::Document, with every span pointing into the original
/// bytes. It accepts keepalived's whole surface syntax (comments, quotes,
/// braces anywhere on a line, include variants with glob and brace expansion,
/// `@id`/`@^id` conditionals, `$NAME=` parameters, `~SEQ`/`~SEQx`/`~LST`
/// generators) and reports problems as HV001 (syntax), HV002 (include) and
/// HV005 (substitution) diagnostics. Nothing here knows what a keyword means,
/// except which keywords take script strings (see Arg::quoted) and which start
/// top-level blocks (for error recovery).
///
/// Documented choices where keepalived leaves room:
///  - `${_RANDOM [MIN [MAX]]}` expands to MIN (0 by default) so lint runs are
///    reproducible; MIN and MAX are still checked.
///  - `${_INSTANCE}` is Options::config_id; `${_PWD}` is the absolute directory
///    of the file the reference is in.
///  - An undefined `${NAME}` (or an undefined `$NAME` outside double quotes) is
///    kept verbatim, as keepalived does, and reported as an HV005 warning.
///  - Blank and comment-only lines inside a multi-line `$NAME= \` definition are
///    skipped; the first other line without a trailing `\` ends it.
///  - Inside double quotes a backslash escape is kept as written (`\"` does not
///    end the string); outside quotes `\#` and `\!` become `#` and `!` and any
///    other escape is kept as written, so script strings can be split later.
///  - Includes read regular files only (a FIFO or device is an HV002 error),
///    at most kMaxIncludedFiles per parse: without cycles, repeated includes
///    could still read the same files exponentially often.
///  - A runaway expansion (a recursive parameter, or text past the line
///    bound) is reported once and drops the rest of that line's output.
///  - Single quotes group only in script strings (the arguments of `notify*`,
///    `script`, `*_script`, `misc_path`, `quorum_up`, `quorum_down`); they are
///    kept in the argument text.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ast/ast.hpp"
#include "diag/diagnostic.hpp"
#include "source/source_map.hpp"

namespace havip::syntax::keepalived {

struct Options {
    std::string config_id;  ///< id for `@id` / `@^id` lines; empty: lines with any @ condition are dropped except
                            ///< `@^id` ones (i.e. no id matches)
    std::function<std::optional<std::string>(std::string_view)> getenv;  ///< for ${_ENV NAME}; null: std::getenv
    /// Reads an included file (as source::read_regular_file does); null: from disk.
    /// A caller parsing one input again hands in what it read the first time.
    std::function<bool(const std::string& path, std::string& out, std::string& why)> read_file;
    unsigned max_include_depth = 32;
    /// Includes stay below the including file's directory: absolute patterns,
    /// `..` components and wildcards that could match `..` are refused (HV002)
    /// before anything is looked up. For untrusted input, tests and fuzzing.
    bool confine_includes = false;
};

/// Parses a file and everything it includes into one ast::Document. Never throws.
ast::Document parse_file(source::SourceMap&, const std::string& path, const Options&, diag::DiagSink&);
/// Same for text already in memory (stdin, tests); includes resolve relative to `name`'s directory.
ast::Document parse_text(source::SourceMap&, std::string name, std::string text, const Options&, diag::DiagSink&);
/// The ids named by `@id`/`@^id` lines of a file and its includes, sorted and unique (a caller lints one node per id).
/// It reports nothing: parse_file reports every problem of the same files, with spans,
/// and the caller runs it once per id (the sink is kept for the stable signature).
std::vector<std::string> config_ids(const std::string& path, diag::DiagSink&);
/// config_ids of the file at `path` whose text the caller has read already (its
/// includes are read from disk): one read of each input for both the ids and parse_text.
std::vector<std::string> config_ids_in(const std::string& path, std::string_view text);
/// Same, reading the includes through `opt.read_file`.
std::vector<std::string> config_ids_in(const std::string& path, std::string_view text, const Options& opt);

/// True for keywords whose arguments are script command lines (single quotes group).
bool is_script_keyword(std::string_view keyword);

/// Limits that keep any input bounded in time and memory (documented for users).
inline constexpr std::size_t kMaxLineBytes = std::size_t{64} * 1024;  ///< longer lines are HV001
inline constexpr std::size_t kMaxBlockDepth = 128;                    ///< deeper nesting is HV001
inline constexpr unsigned kMaxExpansionDepth = 32;                    ///< $VAR re-expansion levels (HV005)
inline constexpr std::size_t kMaxGeneratedLines = 250'000;            ///< lines made by $VAR/~SEQ/~LST per parse
inline constexpr std::size_t kMaxIncludedFiles = 10'000;              ///< files read by includes per parse (HV002)

}  // namespace havip::syntax::keepalived
