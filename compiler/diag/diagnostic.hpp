// SPDX-License-Identifier: MIT
#pragma once
/// Diagnostics are data: rules and parsers build them, renderers print them.
/// Messages are lowercase, no trailing period, offending values in backticks;
/// only `help` proposes a fix, in words; `fix` carries the same fix as edits
/// of the original text when a rule can write it down.
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "source/source_map.hpp"

namespace havip::diag {

enum class Severity { Off = 0, Info = 1, Warning = 2, Error = 3 };

const char* to_string(Severity s);  ///< "error", "warning", "info", "off"
bool parse_severity(std::string_view text, Severity& out);

struct Label {
    source::Span span;
    std::string message;  ///< may be empty for the primary label
    bool primary = true;
};

/// How sure a fix is, as rustc says it: MachineApplicable keeps the meaning
/// the author evidently wanted and may be applied without review (--fix);
/// MaybeIncorrect is a guess at intent (--unsafe-fixes applies it too).
enum class Applicability { MachineApplicable, MaybeIncorrect };
const char* to_string(Applicability a);  ///< "MachineApplicable", "MaybeIncorrect"

/// Replace the bytes of `span` (of an ORIGINAL file: the file that holds
/// them, an include too) with `replacement`. An empty span inserts, an empty
/// replacement deletes.
struct Edit {
    source::Span span;
    std::string replacement;
    friend bool operator==(const Edit&, const Edit&) = default;
};

/// A fix: its edits are applied together or not at all, whatever files they touch.
struct Fix {
    std::string message;  ///< what it does ("write `auth_type PASS`")
    Applicability applicability = Applicability::MaybeIncorrect;
    std::vector<Edit> edits;
    friend bool operator==(const Fix&, const Fix&) = default;
};

struct Diagnostic {
    std::string code;  ///< "HV101"
    Severity severity = Severity::Error;
    std::string message;
    std::vector<Label> labels;  ///< labels[0] is the primary location when present
    std::vector<std::string> notes;
    std::string help;        ///< empty when there is no fix to propose
    std::optional<Fix> fix;  ///< the help as edits, when a rule can write them down

    /// The primary span (first primary label), or an invalid span.
    source::Span primary_span() const;
};

/// Receives diagnostics. Parsers and rules only ever report into a sink.
class DiagSink {
  public:
    virtual ~DiagSink() = default;
    virtual void report(Diagnostic d) = 0;
};

/// The usual sink: keeps everything in order of arrival. With caps set it keeps
/// at most `per_file` diagnostics of one file (by primary span) and `total` in
/// all; the others are only counted, by code and severity, so memory stays flat
/// whatever the input holds while counts and exit codes stay exact.
class DiagList final : public DiagSink {
  public:
    void report(Diagnostic d) override;
    /// 0 means no cap.
    void set_caps(std::size_t per_file, std::size_t total);
    /// Kept and dropped diagnostics at or above a severity.
    std::size_t count(Severity at_least) const;
    std::size_t count_code(std::string_view code) const;
    /// Counts `d` as dropped (not kept).
    void drop(const Diagnostic& d, std::size_t n = 1) { dropped[{d.code, d.severity}] += n; }
    std::size_t dropped_count() const;
    /// An empty list for one part of a run done on its own (one input read on
    /// a worker thread): same per-file and total caps and discard, and no
    /// per-file cap for findings without a file, so that `absorb` of the parts
    /// in order keeps and counts exactly what reporting everything here would
    /// have (a part never keeps more than the total).
    DiagList part() const;
    /// Reports every kept finding of `other` here, in order, and adds its counts.
    void absorb(DiagList&& other);

    std::vector<Diagnostic> items;
    std::map<std::pair<std::string, Severity>, std::size_t> dropped;  ///< (code, severity) -> count
    /// When set, a diagnostic it returns true for is discarded uncounted
    /// (a code the policy turned off).
    std::function<bool(const Diagnostic&)> discard;

  private:
    std::size_t per_file_ = 0, total_ = 0;
    bool part_ = false;
    std::map<source::FileId, std::size_t> kept_per_file_;
};

/// `text` in backticks, the way messages quote values and names (the one
/// quoting helper of the compiler's messages).
std::string tick(std::string_view text);

/// Clips every text of `d` (message, labels, notes, help) to about `max_bytes`
/// bytes on a UTF-8 boundary, marking the cut with "…": a value quoted from a
/// hostile input never makes one finding large.
void clip(Diagnostic& d, std::size_t max_bytes);
/// `s` cut to at most `max_bytes` bytes (plus "…") on a UTF-8 boundary.
std::string clip_text(std::string_view s, std::size_t max_bytes);

/// Fluent builder used by rules and parsers:
///   sink.report(make("HV101", Severity::Error, "...").at(span).also(other, "first used here"));
struct Builder {
    Diagnostic d;
    Builder& at(source::Span s, std::string label = {});
    Builder& also(source::Span s, std::string label);
    Builder& note(std::string n);
    Builder& help(std::string h);
    /// Attaches a fix (no-op when `edits` is empty: the rule found nothing it can safely edit).
    Builder& fix(std::string message, Applicability a, std::vector<Edit> edits);
    operator Diagnostic() && { return std::move(d); }
};
Builder make(std::string code, Severity sev, std::string message);

}  // namespace havip::diag
