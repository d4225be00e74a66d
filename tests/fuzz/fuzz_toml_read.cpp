// SPDX-License-Identifier: MIT
// Fuzz target: any bytes through the TOML front end. Byte 0 picks the reader
// (cluster file, inventory, lint policy) when the input is not empty; the rest
// is the file. Never a crash, a hang, an out-of-bounds read or an uncaught
// exception (toml11 parses recursively: nesting is bounded before it runs).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "diag/render.hpp"
#include "source/source_map.hpp"
#include "syntax/toml/inventory.hpp"
#include "syntax/toml/policy.hpp"
#include "syntax/toml/toml_reader.hpp"
#include "span_check.hpp"

namespace st = havip::syntax::toml;

using havip::fuzz::check_span;
using havip::fuzz::check_statements;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    unsigned which = size > 0 ? data[0] % 3u : 0u;
    std::string text = size > 0 ? std::string(reinterpret_cast<const char*>(data) + 1, size - 1) : std::string();
    havip::source::SourceMap sm;
    havip::diag::DiagList diags;
    switch (which) {
        case 0: {
            auto docs = st::read_cluster_text(sm, "fuzz.toml", std::move(text), diags);
            for (const auto& d : docs) check_statements(sm, d.statements);
            break;
        }
        case 1: {
            auto inv = st::read_inventory_text(sm, "vpc.toml", std::move(text), diags);
            if (inv)
                for (const auto& n : inv->nodes) check_span(sm, n.span);
            break;
        }
        default:
            (void)st::read_policy_text(sm, ".havip-lint.toml", std::move(text), diags);
            break;
    }
    for (const auto& d : diags.items)
        for (const auto& l : d.labels) check_span(sm, l.span);
    std::ostringstream out;
    havip::diag::render_human(out, sm, diags.items, {});
    return 0;
}
