// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include "diag/render.hpp"

namespace havip::diag {

std::string location(const source::SourceMap& sm, source::Span s) {
    if (!s.valid() || s.file >= sm.size()) return "<input>";
    auto lc = sm.begin_of(s);
    return fmt::format("{}:{}:{}", sm.file(s.file).path, lc.line, lc.col);
}

void render_gnu(std::ostream& os, const source::SourceMap& sm, std::span<const Diagnostic> ds) {
    for (const auto& d : ds)
        os << fmt::format("{}: {}: {} [{}]\n", location(sm, d.primary_span()), to_string(d.severity),
                          d.message, d.code);
}

}  // namespace havip::diag
