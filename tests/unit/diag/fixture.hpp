// SPDX-License-Identifier: MIT
#pragma once
// The shared scene of the renderer tests: three files (main.conf includes
// inc.conf, which includes a nested file whose name needs percent-encoding),
// and findings that exercise every corner a renderer must survive.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "diag/render.hpp"
#include "source/source_map.hpp"

namespace havip::diag::testing {

inline const char* kMain =
    "global_defs {\n"
    "    router_id lb1\n"
    "}\n"
    "include inc.conf\n"
    "vrrp_instance VI_1 {\n"
    "\tstate\tMASTR\n"
    "    virtual_router_id 51\n"
    "    priority 100\n"
    "    virtual_ipaddress {\n"
    "        10.0.0.10/24\n"
    "    }\n"
    "}\n";

inline const char* kInc =
    "vrrp_instance VI_2 {\n"
    "    virtual_router_id 51\n"
    "    priority 90\n"
    "}\n"
    "include more/d\xc3\xa9j\xc3\xa0 vu.conf\n";

inline const char* kNested = "notify \"/usr/local/bin/\xe2\x9c\x93 notify.sh\"\n";

/// Byte range of the `nth` occurrence of `needle` in `file` (0-based).
inline source::Span find(const source::SourceMap& sm, source::FileId file, std::string_view needle, int nth = 0) {
    std::string_view text = sm.file(file).text;
    std::size_t at = text.find(needle);
    for (int k = 0; k < nth && at != std::string_view::npos; ++k) at = text.find(needle, at + 1);
    EXPECT_NE(at, std::string_view::npos) << needle;
    return {file, static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + needle.size())};
}

struct Scene {
    source::SourceMap sm;
    source::FileId main = 0, inc = 0, nested = 0;
    std::vector<Diagnostic> ds;
    std::vector<RuleInfo> rules;
    RenderOptions opt;

    /// The builder's chained calls return lvalues, so take the diagnostic out by hand.
    void add(Builder& b) { ds.push_back(std::move(b.d)); }

    Scene() {
        main = sm.add("main.conf", kMain);
        inc = sm.add("inc.conf", kInc, find(sm, main, "include inc.conf"));
        nested = sm.add("more/d\xc3\xa9j\xc3\xa0 vu.conf", kNested,
                        find(sm, inc, "include more/d\xc3\xa9j\xc3\xa0 vu.conf"));
        opt.tool_version = "0.1.0";

        // Cross-file: primary in the included file, the other party in main.conf.
        add(make("HV101", Severity::Error, "duplicate virtual_router_id `51`")
                .at(find(sm, inc, "51"), "VI_2 uses 51 here")
                .also(find(sm, main, "51"), "first used by VI_1 here")
                .note("instances sharing a segment need distinct ids")
                .help("give VI_2 another virtual_router_id"));
        // A tab before the span: carets must line up with the expanded line.
        add(make("HV203", Severity::Warning, "unknown state `MASTR`")
                .at(find(sm, main, "MASTR"), "not a state")
                .help("did you mean `MASTER`?"));
        // A span over several lines, with a secondary label on its first line.
        auto block = find(sm, main, "virtual_ipaddress {\n        10.0.0.10/24\n    }");
        add(make("HV120", Severity::Error, "no virtual address in the node's subnet")
                .at(block, "this block")
                .also(find(sm, main, "virtual_ipaddress"), "declared here"));
        // Zero-length primary at the end of a line, secondary to its left.
        auto eol = find(sm, main, "lb1");
        eol.begin = eol.end;
        add(make("HV210", Severity::Info, "router_id is set")
                .at(eol, "value ends here")
                .also(find(sm, main, "router_id"), "keyword"));
        // No place in any file; a message with a quote, a newline, control characters
        // and a byte that is not UTF-8.
        add(make("HV900", Severity::Warning, "value \"a\nb\" holds \x01 and \x1b[31m and \xff")
                .at(source::Span{}, "")
                .also(source::Span{}, "the other node has no file")
                .note("first note")
                .note("second note\nover two lines"));
        // Past the end of the file: clamped, never a crash.
        add(make("HV102", Severity::Error, "unexpected end of file").at(source::Span{inc, 5000, 5010}, "here"));
        // Primary in the nested file: a two-step include chain and a non-ASCII path.
        add(make("HV301", Severity::Info, "script path holds a non-ASCII character")
                .at(find(sm, nested, "\xe2\x9c\x93 notify.sh"), "this path"));
        // Severity off is never printed by any renderer.
        add(make("HV999", Severity::Off, "disabled").at(find(sm, main, "priority")));

        rules = {
            {"HV101", "duplicate-vrid", "two instances on one segment share a virtual_router_id",
             "# HV101 duplicate-vrid\n\nTwo VRRP instances on one segment use the same id.\n", Severity::Error},
            {"HV120", "vip-outside-subnet", "a virtual address lies outside the node's subnet", "", Severity::Error},
            {"HV203", "unknown-state", "state is neither MASTER nor BACKUP", "state must be MASTER or BACKUP",
             Severity::Warning},
            {"HV210", "router-id", "router_id noted", "", Severity::Info},
            {"HV301", "script-path", "script path unusual", "", Severity::Info},
            {"HV900", "style-value", "value style", "", Severity::Warning},
            {"HV950", "never-fired", "a rule with no finding in this run", "", Severity::Warning},
            // HV102 is deliberately absent: renderers must cope with an unknown code.
        };
    }
};

/// Compares `actual` with tests/unit/diag/golden/<name>. With
/// HAVIP_UPDATE_GOLDEN=1 in the environment (`make golden-update`) the file is
/// rewritten instead, for review with `git diff`.
inline void expect_golden(const std::string& name, const std::string& actual) {
    const std::string path = std::string(HAVIP_SOURCE_DIR) + "/tests/unit/diag/golden/" + name;
    const char* update = std::getenv("HAVIP_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") {
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << "missing golden file " << path << " (run with HAVIP_UPDATE_GOLDEN=1 to create it)";
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(actual, ss.str()) << "golden " << name << " differs (HAVIP_UPDATE_GOLDEN=1 rewrites it)";
}

}  // namespace havip::diag::testing
