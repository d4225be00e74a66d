// SPDX-License-Identifier: MIT
// Golden tests: every output format of the shared scene, compared byte for byte
// with tests/unit/diag/golden/<name>. `make golden-update` (which sets
// HAVIP_UPDATE_GOLDEN=1) rewrites the files; review the diff before committing.
#include <gtest/gtest.h>

#include <sstream>

#include "fixture.hpp"
#include "json_check.hpp"

namespace havip::diag::testing {
namespace {

std::string human(const Scene& s, bool color) {
    std::ostringstream os;
    RenderOptions o = s.opt;
    o.color = color;
    render_human(os, s.sm, s.ds, o);
    return os.str();
}
std::string gnu(const Scene& s) {
    std::ostringstream os;
    render_gnu(os, s.sm, s.ds);
    return os.str();
}
std::string github(const Scene& s) {
    std::ostringstream os;
    render_github(os, s.sm, s.ds, s.rules);
    return os.str();
}
std::string json(const Scene& s) {
    std::ostringstream os;
    render_json(os, s.sm, s.ds, s.rules, s.opt);
    return os.str();
}
std::string sarif(const Scene& s) {
    std::ostringstream os;
    render_sarif(os, s.sm, s.ds, s.rules, s.opt);
    return os.str();
}

TEST(diag_golden, Human) { expect_golden("scene.human", human(Scene{}, false)); }
TEST(diag_golden, HumanColor) { expect_golden("scene.human-color", human(Scene{}, true)); }
TEST(diag_golden, Gnu) { expect_golden("scene.gnu", gnu(Scene{})); }
TEST(diag_golden, Github) { expect_golden("scene.github", github(Scene{})); }
TEST(diag_golden, Json) { expect_golden("scene.json", json(Scene{})); }
TEST(diag_golden, Sarif) { expect_golden("scene.sarif", sarif(Scene{})); }

// A clean run: the summary, an empty diagnostics list, the full rule catalogue.
TEST(diag_golden, EmptyRun) {
    Scene s;
    s.ds.clear();
    expect_golden("empty.human", human(s, false));
    expect_golden("empty.json", json(s));
    expect_golden("empty.sarif", sarif(s));
    EXPECT_EQ(gnu(s), "");
    EXPECT_EQ(github(s), "");
}

TEST(diag_json, OutputIsStrictJson) {
    Scene s;
    for (const auto& text : {json(s), sarif(s)}) {
        jcheck::Value v;
        std::string err;
        EXPECT_TRUE(jcheck::parse(text, v, err)) << err;
    }
}

}  // namespace
}  // namespace havip::diag::testing
