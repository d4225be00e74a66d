// SPDX-License-Identifier: MIT
#pragma once
// For the front-end fuzz targets: every span a front end hands out must lie
// inside a file of its SourceMap; anything else aborts (a finding).
#include <cstdlib>
#include <vector>

#include "ast/ast.hpp"
#include "source/source_map.hpp"

namespace havip::fuzz {

inline void check_span(const source::SourceMap& sm, source::Span s) {
    if (!s.valid()) return;
    if (s.file >= sm.size() || s.begin > s.end || s.end > sm.file(s.file).text.size()) std::abort();
}

inline void check_statements(const source::SourceMap& sm, const std::vector<ast::Statement>& sts) {
    for (const auto& st : sts) {
        check_span(sm, st.span);
        check_span(sm, st.keyword_span);
        for (const auto& a : st.args) check_span(sm, a.span);
        check_statements(sm, st.children);
    }
}

}  // namespace havip::fuzz
