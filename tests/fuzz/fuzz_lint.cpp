// SPDX-License-Identifier: MIT
// Fuzz target: any bytes through lowering and every lint rule. The input is cut
// at its first NUL into two keepalived.conf nodes (a.conf, b.conf) so the
// cross-node and cross-cluster rules see pairs; the first byte picks the
// target keepalived version and whether havipd-only rules (HV3xx) run. The
// parser's own fuzz target covers includes; here they are confined to a
// directory that does not exist. Never a crash, a hang or an exception.
#include <cstddef>
#include <cstdint>
#include <string>

#include "diag/diagnostic.hpp"
#include "lint/lint.hpp"
#include "model/lower.hpp"
#include "source/source_map.hpp"
#include "syntax/keepalived/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace havip;
    std::string text(reinterpret_cast<const char*>(data), size);
    std::uint8_t knob = size ? data[0] : 0;
    auto cut = text.find('\0');
    std::string second = cut == std::string::npos ? std::string() : text.substr(cut + 1);
    if (cut != std::string::npos) text.resize(cut);

    source::SourceMap sm;
    diag::DiagList diags;
    syntax::keepalived::Options kopt;
    kopt.confine_includes = true;
    model::Fleet fleet;
    auto a = syntax::keepalived::parse_text(sm, "/nonexistent-havip-fuzz/a.conf", std::move(text), kopt, diags);
    fleet.nodes.push_back(model::lower(a, sm, diags, "a"));
    if (cut != std::string::npos) {
        auto b = syntax::keepalived::parse_text(sm, "/nonexistent-havip-fuzz/b.conf", std::move(second), kopt, diags);
        fleet.nodes.push_back(model::lower(b, sm, diags, "b"));
    }
    lint::Options opt;
    static const model::Version kTargets[] = {{1, 2, 24}, {2, 0, 14}, {2, 2, 7}, {2, 4, 0}};
    opt.target_keepalived = kTargets[knob & 3];
    opt.havipd_target = (knob & 4) != 0;
    lint::Policy policy;
    lint::run(fleet, sm, opt, policy, diags);
    return 0;
}
