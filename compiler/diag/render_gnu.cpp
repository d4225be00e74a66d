// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include "diag/render.hpp"
#include "diag/render_util.hpp"

namespace havip::diag {

std::string location(const source::SourceMap& sm, source::Span s) {
    // Offsets past the end of the file are clamped, so a stale span still
    // names a real line instead of an invented one.
    auto r = detail::resolve(sm, s);
    if (!r.ok) return "<input>";
    return fmt::format("{}:{}:{}", sm.file(r.file).path, r.b.line, r.b.col);
}

void render_gnu(std::ostream& os, const source::SourceMap& sm, std::span<const Diagnostic> ds) {
    // One finding per line is the format's contract (editors and grep rely on
    // it), so newlines and control characters in messages are written as text.
    for (const auto& d : ds) {
        if (d.severity == Severity::Off) continue;
        // A finding with no place in a file (an input that cannot be read names
        // itself in the message) has no location prefix rather than an invented one.
        const auto r = detail::resolve(sm, d.primary_span());
        if (r.ok) os << detail::sanitize(location(sm, d.primary_span()), false) << ": ";
        os << fmt::format("{}: {} [{}]\n", to_string(d.severity), detail::sanitize(d.message, false), d.code);
    }
}

}  // namespace havip::diag
