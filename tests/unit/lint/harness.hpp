// SPDX-License-Identifier: MIT
#pragma once
/// Test harness for the lint rules: configs written inline in the tests go
/// through the real front ends (keepalived parser or havip.toml reader, the
/// inventory reader), are lowered into a Fleet and linted, exactly as the CLI
/// does it, and findings are checked by code, severity and file:line:col.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.hpp"
#include "lint/lint.hpp"
#include "model/model.hpp"
#include "source/source_map.hpp"

namespace havip::lint::test {

/// One input file: `*.toml` is a havip.toml cluster, anything else keepalived syntax.
struct File {
    std::string name;
    std::string text;
};

/// One lint run's inputs.
struct Inputs {
    std::vector<File> files;
    std::string inventory;  ///< inventory TOML text (read as "vpc.toml"), empty: none
    Options opt;
    Policy policy;
};

/// Everything one run produced.
struct Result {
    source::SourceMap sm;
    model::Fleet fleet;
    diag::DiagList front;                 ///< findings of the front ends and lowering
    model::Inventory inventory;           ///< as read from Inputs::inventory
    std::vector<diag::Diagnostic> found;  ///< lint::run's findings

    /// The rule findings with `code`.
    std::vector<const diag::Diagnostic*> with(std::string_view code) const;
    /// "file:line:col" of a span, "-" when invalid.
    std::string where(source::Span s) const;
    std::string where(const diag::Diagnostic& d) const { return where(d.primary_span()); }
    /// Every finding (front end and rules), one gnu-style line each, for failure messages.
    std::string dump() const;
};

std::unique_ptr<Result> run(const Inputs& s);
/// One keepalived.conf or havip.toml, default options.
std::unique_ptr<Result> run_one(std::string name, std::string text, Options opt = {});

/// `text` with the first occurrence of `from` replaced by `to` (the test fails
/// when `from` is missing, so a neighbour can never silently equal its base).
std::string with(std::string text, std::string_view from, std::string_view to);

/// True when a finding of `code` has severity `sev` and primary location `at`
/// ("a.conf:8:5"); otherwise says what was found.
::testing::AssertionResult fires(const Result& r, std::string_view code, diag::Severity sev, std::string_view at);
/// True when no rule finding has `code`.
::testing::AssertionResult quiet(const Result& r, std::string_view code);
/// True when the front ends reported no error or warning (the test input is valid).
::testing::AssertionResult valid_input(const Result& r);

/// Finds a label (primary or secondary) whose location is `at`, or null.
const diag::Label* label_at(const Result& r, const diag::Diagnostic& d, std::string_view at);

/// The guide's node a (172.16.0.16, peer 172.16.0.14) in non-standing mode, and
/// its peer b: a clean pair every rule test starts from.
extern const std::string kGuideA;
extern const std::string kGuideB;

}  // namespace havip::lint::test

/// A test of rule CODE. The registry test requires, for every rule, a test
/// named Fires* (a config that fires it) and one named Quiet* (a close
/// neighbour that does not) in the suite named after the code.
#define RULE_TEST(code, name) TEST(code, name)
