// SPDX-License-Identifier: MIT
#pragma once
/// Diagnostics are data: rules and parsers build them, renderers print them.
/// Messages are lowercase, no trailing period, offending values in backticks;
/// only `help` proposes a fix.
#include <string>
#include <vector>

#include "source/source_map.hpp"

namespace havip::diag {

enum class Severity { Off = 0, Info = 1, Warning = 2, Error = 3 };

const char* to_string(Severity s);  ///< "error", "warning", "info", "off"
bool parse_severity(std::string_view text, Severity& out);

struct Label {
    source::Span span;
    std::string message;   ///< may be empty for the primary label
    bool primary = true;
};

struct Diagnostic {
    std::string code;       ///< "HV101"
    Severity severity = Severity::Error;
    std::string message;
    std::vector<Label> labels;  ///< labels[0] is the primary location when present
    std::vector<std::string> notes;
    std::string help;       ///< empty when there is no fix to propose

    /// The primary span (first primary label), or an invalid span.
    source::Span primary_span() const;
};

/// Receives diagnostics. Parsers and rules only ever report into a sink.
class DiagSink {
public:
    virtual ~DiagSink() = default;
    virtual void report(Diagnostic d) = 0;
};

/// The usual sink: keeps everything in order of arrival.
class DiagList final : public DiagSink {
public:
    void report(Diagnostic d) override { items.push_back(std::move(d)); }
    std::size_t count(Severity at_least) const;
    std::size_t count_code(std::string_view code) const;
    std::vector<Diagnostic> items;
};

/// Fluent builder used by rules and parsers:
///   sink.report(make("HV101", Severity::Error, "...").at(span).also(other, "first used here"));
struct Builder {
    Diagnostic d;
    Builder& at(source::Span s, std::string label = {});
    Builder& also(source::Span s, std::string label);
    Builder& note(std::string n);
    Builder& help(std::string h);
    operator Diagnostic() && { return std::move(d); }
};
Builder make(std::string code, Severity sev, std::string message);

}  // namespace havip::diag
