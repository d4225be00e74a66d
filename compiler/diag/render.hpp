// SPDX-License-Identifier: MIT
#pragma once
/// Renderers: one function per output format. They only read diagnostics.
#include <ostream>
#include <span>
#include <string>

#include "diag/diagnostic.hpp"

namespace havip::diag {

/// Metadata of a code, for SARIF rules and JSON output.
struct RuleInfo {
    std::string code;     ///< "HV101"
    std::string slug;     ///< "duplicate-vrid"
    std::string summary;  ///< one line
    std::string help;     ///< long text (the --explain page), may be empty
    Severity default_severity = Severity::Error;
};

struct RenderOptions {
    bool color = false;
    std::string tool_version;
    /// Findings counted but not rendered (past --max-findings, repeats folded
    /// into a note): the human summary line counts them too.
    std::size_t omitted_errors = 0, omitted_warnings = 0, omitted_infos = 0;
    /// Of those, the ones past the caps: the human format ends with
    /// "... N more findings not shown (omitted_hint)".
    std::size_t not_shown = 0;
    std::string omitted_hint = "raise --max-findings to see them";
    bool summary = true;  ///< human: the closing "N errors, ..." line (off with -q)
};

/// Human: `error[HV101]: message`, `--> file:line:col`, source excerpt with carets,
/// "in file included from", secondary labels, notes, help; a summary line.
void render_human(std::ostream& os, const source::SourceMap& sm, std::span<const Diagnostic> ds,
                  const RenderOptions& opt);
/// `file:line:col: severity: message [HVnnn]`, one per line.
void render_gnu(std::ostream& os, const source::SourceMap& sm, std::span<const Diagnostic> ds);
/// GitHub workflow annotations `::error file=…,line=…,col=…,title=HVnnn slug::message`;
/// `rules` supplies the slug for the title (the code alone when absent).
void render_github(std::ostream& os, const source::SourceMap& sm, std::span<const Diagnostic> ds,
                   std::span<const RuleInfo> rules = {});
/// JSON, schema "havip-lint/diagnostics" version 1 (schemas/diagnostics.schema.json, man/havip-lint.1).
void render_json(std::ostream& os, const source::SourceMap& sm, std::span<const Diagnostic> ds,
                 std::span<const RuleInfo> rules, const RenderOptions& opt);
/// SARIF 2.1.0 with rule metadata.
void render_sarif(std::ostream& os, const source::SourceMap& sm, std::span<const Diagnostic> ds,
                  std::span<const RuleInfo> rules, const RenderOptions& opt);
/// GitLab Code Quality (Code Climate issues), schemas/gitlab-codequality.schema.json.
void render_gitlab(std::ostream& os, const source::SourceMap& sm, std::span<const Diagnostic> ds);
/// JUnit XML: a suite per input file (`inputs`, as the source map names them)
/// and per other file with findings, a failing test case per finding (schemas/junit.xsd).
void render_junit(std::ostream& os, const source::SourceMap& sm, std::span<const Diagnostic> ds,
                  std::span<const std::string> inputs);

/// "file:line:col" of a span (or the file alone), as every renderer prints it.
std::string location(const source::SourceMap& sm, source::Span s);

}  // namespace havip::diag
