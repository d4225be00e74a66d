// SPDX-License-Identifier: MIT
#pragma once
/// Every message of the keepalived front end, beside the grammar: one function
/// per message so the wording (and its golden test) lives in one place.
/// HV001 syntax, HV002 include, HV005 substitution (see lint-rules.md).
#include <string>
#include <string_view>

#include "diag/diagnostic.hpp"

namespace havip::syntax::keepalived::errors {

using diag::Severity;
using source::Span;

/// A word of the input quoted with diag::tick, cut to one bounded line first:
/// messages stay one line and bounded whatever the input.
inline std::string tick(std::string_view s) {
    std::string line;
    for (char c : s.substr(0, 120)) line += (c == '\n' || c == '\0') ? ' ' : c;
    if (s.size() > 120) line += "...";
    return diag::tick(line);
}

// ---- HV001 syntax -------------------------------------------------------------
inline diag::Diagnostic unterminated_quote(Span at, char q) {
    return diag::make("HV001", Severity::Error, "unterminated quote")
        .at(at, "string starts here")
        .help(std::string("close the string with `") + q + "` on the same line")
        .d;
}
inline diag::Diagnostic stray_close(Span at) {
    return diag::make("HV001", Severity::Error, "unexpected `}` with no open block")
        .at(at, "nothing to close")
        .help("remove it, or add the `{` it was meant to close")
        .d;
}
inline diag::Diagnostic open_without_keyword(Span at) {
    return diag::make("HV001", Severity::Error, "`{` without a keyword")
        .at(at, "block has no name")
        .help("put the block's keyword (e.g. `vrrp_instance NAME`) before `{`")
        .d;
}
inline diag::Diagnostic never_closed(Span brace, std::string_view keyword, std::size_t still_open) {
    auto b = diag::make("HV001", Severity::Error, "block " + tick(keyword) + " is never closed");
    b.at(brace, "opened here").help("add `}` at the end of the block");
    if (still_open > 1) b.note(std::to_string(still_open) + " blocks are open at the end of the input");
    return std::move(b.d);
}
inline diag::Diagnostic missing_close_before(Span brace, std::string_view keyword, Span next,
                                             std::string_view next_keyword) {
    return diag::make("HV001", Severity::Error,
                      "block " + tick(keyword) + " is not closed before " + tick(next_keyword))
        .at(brace, "opened here")
        .also(next, "top-level block starts here")
        .help("add `}` to close " + tick(keyword) + " before " + tick(next_keyword))
        .d;
}
inline diag::Diagnostic too_deep(Span at, std::size_t limit) {
    return diag::make("HV001", Severity::Error, "blocks nested deeper than " + std::to_string(limit) + " levels")
        .at(at, "too deep")
        .help("keepalived blocks nest a few levels; check for a runaway `{`")
        .d;
}
inline diag::Diagnostic nul_byte(Span at) {
    return diag::make("HV001", Severity::Error, "file contains a NUL byte")
        .at(at, "NUL here")
        .note("NUL bytes are read as blanks")
        .help("the file looks binary or corrupted; save it as plain text")
        .d;
}
inline diag::Diagnostic line_too_long(Span at, std::size_t limit) {
    return diag::make("HV001", Severity::Error, "line is longer than " + std::to_string(limit) + " bytes")
        .at(at, "line skipped")
        .help("split the line; keepalived statements are short")
        .d;
}
inline diag::Diagnostic bad_directive(Span at) {
    return diag::make("HV001", Severity::Error, "malformed `havip-lint:` comment")
        .at(at, "not understood")
        .help("write `# havip-lint: disable=HV203,HV204 -- reason`")
        .d;
}

// ---- HV002 include --------------------------------------------------------------
inline diag::Diagnostic include_missing(Span at, std::string_view path) {
    return diag::make("HV002", Severity::Error, "included file " + tick(path) + " does not exist")
        .at(at, "included here")
        .help("fix the path; a relative path is relative to the including file's directory")
        .d;
}
inline diag::Diagnostic include_unreadable(Span at, std::string_view path, std::string_view why) {
    return diag::make("HV002", Severity::Error, "cannot read included file " + tick(path) + ": " + std::string(why))
        .at(at, "included here")
        .help("make the file a readable regular file, or remove the include")
        .d;
}
inline diag::Diagnostic include_cycle(Span at, std::string_view path) {
    return diag::make("HV002", Severity::Error, "include cycle: " + tick(path) + " is already being read")
        .at(at, "includes it again")
        .help("remove the include that points back to a file that includes this one")
        .d;
}
inline diag::Diagnostic include_no_match(Span at, std::string_view pattern) {
    return diag::make("HV002", Severity::Warning, "include pattern " + tick(pattern) + " matches no file")
        .at(at, "nothing included")
        .help("check the pattern, or use `includer` if an empty match is expected")
        .d;
}
inline diag::Diagnostic include_too_deep(Span at, unsigned limit) {
    return diag::make("HV002", Severity::Error, "includes nested deeper than " + std::to_string(limit) + " levels")
        .at(at, "not read")
        .help("flatten the include chain")
        .d;
}
inline diag::Diagnostic include_no_pattern(Span at, std::string_view keyword) {
    return diag::make("HV002", Severity::Error, tick(keyword) + " needs a file name or pattern")
        .at(at, "nothing to include")
        .help("write `" + std::string(keyword) + " /etc/keepalived/conf.d/*.conf`")
        .d;
}
inline diag::Diagnostic include_refused(Span at, std::string_view pattern) {
    return diag::make("HV002", Severity::Error, "include " + tick(pattern) + " leaves the configuration directory")
        .at(at, "not read")
        .note("includes are confined to the including file's directory in this run")
        .help("name the file relative to the including file, without `..`")
        .d;
}
inline diag::Diagnostic include_budget(Span at, std::size_t limit) {
    return diag::make("HV002", Severity::Error, "includes read more than " + std::to_string(limit) + " files")
        .at(at, "stopped here")
        .help("the same files are included over and over; include each file once")
        .d;
}
inline diag::Diagnostic cannot_read(std::string_view path, std::string_view why) {
    return diag::make("HV002", Severity::Error, "cannot read " + tick(path) + ": " + std::string(why))
        .help("check the path and its permissions")
        .d;
}

// ---- HV005 substitution ------------------------------------------------------------
inline diag::Diagnostic undefined_parameter(Span at, std::string_view ref) {
    return diag::make("HV005", Severity::Warning, "undefined parameter " + tick(ref))
        .at(at, "kept as written")
        .help("define it with `$NAME=value` before this line, or write `${_BANG}`/`${_HASH}`-style literals")
        .d;
}
inline diag::Diagnostic recursive_parameter(Span at, std::string_view ref, unsigned limit) {
    return diag::make("HV005", Severity::Error,
                      "parameter " + tick(ref) + " still expands after " + std::to_string(limit) + " levels")
        .at(at, "line dropped")
        .help("a definition refers to itself, directly or through another one")
        .d;
}
inline diag::Diagnostic malformed_generator(Span at, std::string_view kind, std::string_view why) {
    std::string forms = kind == "~LST" ? "`~LST(var, v1, v2, ...)` or `~LST({a, b}, {1, 2}, {3, 4})`"
                                       : "`" + std::string(kind) + "(var, start, step, end)`, `" + std::string(kind) +
                                             "(var, start, end)` or `" + std::string(kind) + "(var, end)`";
    return diag::make("HV005", Severity::Error, "malformed " + tick(kind) + ": " + std::string(why))
        .at(at, "line dropped")
        .help("write " + forms)
        .d;
}
inline diag::Diagnostic bad_conditional(Span at) {
    return diag::make("HV005", Severity::Error, "malformed conditional: `@` must be followed by a config id")
        .at(at, "no id")
        .help("write `@main text` (kept on `main`) or `@^main text` (kept everywhere else)")
        .d;
}
inline diag::Diagnostic too_much_expansion(Span at, std::size_t limit) {
    return diag::make("HV005", Severity::Error,
                      "parameters and generators produce more than " + std::to_string(limit) + " lines")
        .at(at, "stopped here")
        .help("reduce the ranges of `~SEQ`/`~LST`")
        .d;
}
inline diag::Diagnostic bad_builtin(Span at, std::string_view ref, std::string_view why) {
    return diag::make("HV005", Severity::Error, "bad built-in " + tick(ref) + ": " + std::string(why))
        .at(at, "here")
        .help("write `${_RANDOM}`, `${_RANDOM MIN}` or `${_RANDOM MIN MAX}` with 0 <= MIN <= MAX, or `${_ENV NAME}`")
        .d;
}
inline diag::Diagnostic env_unset(Span at, std::string_view name) {
    return diag::make("HV005", Severity::Warning, "environment variable " + tick(name) + " is not set")
        .at(at, "expands to nothing")
        .help("set it in the environment that runs the check, or define a parameter instead")
        .d;
}

}  // namespace havip::syntax::keepalived::errors
