// SPDX-License-Identifier: MIT
// Validates the rendered SARIF against SARIF 2.1.0 with scripts/validate-sarif.sh
// (Microsoft's SARIF Multitool and the official JSON schema, installed with npm
// under the build directory), and the JSON output against
// schemas/diagnostics.schema.json with the same script. Skipped only where npm
// is absent. One test, so two ctest processes never race on the npm install.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fixture.hpp"

namespace havip::diag::testing {
namespace {

namespace fs = std::filesystem;

int run(const std::string& cmd) {
    int rc = std::system(cmd.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

TEST(diag_validate, SarifAndJsonAgainstTheirSchemas) {
    if (run("command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "npm is not installed";
    const fs::path dir = fs::path(HAVIP_BINARY_DIR) / "tests" / "diag-sarif";
    fs::create_directories(dir);
    const std::string script = std::string(HAVIP_SOURCE_DIR) + "/scripts/validate-sarif.sh";

    Scene s;
    {
        std::ofstream out(dir / "scene.sarif");
        render_sarif(out, s.sm, s.ds, s.rules, s.opt);
        std::ofstream empty(dir / "empty.sarif");
        render_sarif(empty, s.sm, {}, s.rules, s.opt);
    }
    for (const char* name : {"scene.sarif", "empty.sarif"}) {
        auto log = dir / (std::string(name) + ".log");
        int rc =
            run(script + " '" + (dir / name).string() + "' '" + HAVIP_BINARY_DIR + "' >'" + log.string() + "' 2>&1");
        std::ifstream in(log);
        std::stringstream ss;
        ss << in.rdbuf();
        EXPECT_EQ(rc, 0) << ss.str();
    }

    // The validators must be able to say no: a result with an unknown level.
    std::ostringstream os;
    render_sarif(os, s.sm, s.ds, s.rules, s.opt);
    std::string broken = os.str();
    auto at = broken.find("\"level\": \"error\"", broken.find("\"results\""));
    ASSERT_NE(at, std::string::npos);
    broken.replace(at, 16, "\"level\": \"fatal\"");
    std::ofstream(dir / "broken.sarif") << broken;
    EXPECT_EQ(run(script + " '" + (dir / "broken.sarif").string() + "' '" + HAVIP_BINARY_DIR + "' >/dev/null 2>&1"), 1);

    // The JSON output against its published schema, and a broken document against it.
    const std::string schema = std::string(HAVIP_SOURCE_DIR) + "/schemas/diagnostics.schema.json";
    std::ostringstream js;
    render_json(js, s.sm, s.ds, s.rules, s.opt);
    std::ofstream(dir / "scene.json") << js.str();
    std::ostringstream empty_js;
    render_json(empty_js, s.sm, {}, s.rules, s.opt);
    std::ofstream(dir / "empty.json") << empty_js.str();
    std::string bad = js.str();
    bad.replace(bad.find("\"severity\": \"error\""), 21, "\"severity\": \"fatal\"");
    std::ofstream(dir / "broken.json") << bad;
    auto check = [&](const char* name) {
        return run(script + " --schema '" + schema + "' '" + (dir / name).string() + "' '" + HAVIP_BINARY_DIR +
                   "' >/dev/null 2>&1");
    };
    EXPECT_EQ(check("scene.json"), 0);
    EXPECT_EQ(check("empty.json"), 0);
    EXPECT_EQ(check("broken.json"), 1);
}

}  // namespace
}  // namespace havip::diag::testing
