// SPDX-License-Identifier: MIT
// Every bundled example through the real front ends, lowering and plan
// writer (what havip-compile does after the lint gate):
//  - model → plan → view equals the model, node by node;
//  - compiling twice (and with one or several parser threads) gives the same bytes;
//  - the guide's pair as .conf files and as havip.toml give byte-identical plans.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "../plan/model_check.hpp"
#include "driver/driver.hpp"
#include "emit/plan_writer.hpp"
#include "plan/loader.hpp"

namespace havip {
namespace {

namespace fs = std::filesystem;

/// One example written one way: the .conf files of a directory, or its havip.toml files.
struct Form {
    std::string label;
    std::vector<std::string> files;
};

std::vector<Form> example_forms() {
    std::vector<Form> out;
    std::vector<fs::path> dirs;
    for (const auto& e : fs::directory_iterator(fs::path(HAVIP_SOURCE_DIR) / "examples"))
        if (e.is_directory()) dirs.push_back(e.path());
    std::sort(dirs.begin(), dirs.end());
    for (const auto& d : dirs) {
        if (d.filename() == "broken") continue;  // lint findings on purpose: never compiled
        std::vector<std::string> errors;
        auto files = driver::collect({d.string()}, errors);  // skips inventories and policies
        EXPECT_TRUE(errors.empty());
        std::sort(files.begin(), files.end());
        Form conf{d.filename().string() + "/*.conf", {}}, toml{d.filename().string() + "/*.toml", {}};
        for (const auto& f : files) (fs::path(f).extension() == ".conf" ? conf : toml).files.push_back(f);
        for (auto* f : {&conf, &toml})
            if (!f->files.empty()) out.push_back(*f);
    }
    return out;
}

struct Compiled {
    std::map<std::string, std::vector<std::byte>> plans;  // node name → plan
    model::Fleet fleet;
};

Compiled compile(const Form& form) {
    driver::Workspace ws;
    driver::load(ws, form.files, driver::LoadOptions{});
    for (const auto& d : ws.diags.items)
        EXPECT_NE(d.severity, diag::Severity::Error) << form.label << ": " << d.code << " " << d.message;
    Compiled c;
    for (const auto& n : ws.fleet.nodes) {
        std::string err;
        auto b = emit::write_plan(n, emit::PlanMeta{"havip 0.1.0", emit::config_digest(n)}, &err);
        EXPECT_FALSE(b.empty()) << form.label << ": node " << n.name << ": " << err;
        EXPECT_TRUE(c.plans.emplace(n.name, std::move(b)).second) << "two nodes named " << n.name;
    }
    c.fleet = std::move(ws.fleet);
    return c;
}

TEST(CompileExamples, EveryExampleHasNodes) {
    const auto forms = example_forms();
    ASSERT_GE(forms.size(), 5u);  // guide pair ×2 forms, the VPC ×2 forms
    for (const auto& f : forms) EXPECT_FALSE(compile(f).plans.empty()) << f.label;
}

TEST(CompileExamples, ModelPlanViewRoundTrip) {
    std::size_t nodes = 0;
    for (const auto& f : example_forms()) {
        SCOPED_TRACE(f.label);
        const auto c = compile(f);
        for (const auto& n : c.fleet.nodes) {
            const auto& b = c.plans.at(n.name);
            const auto v = plan::PlanView::load(b);
            ASSERT_TRUE(v.ok()) << n.name << ": " << v.error().message;
            EXPECT_EQ(v->node().compiler, "havip 0.1.0");
            EXPECT_EQ(v->node().source_digest, emit::config_digest(n));
            plan_test::expect_plan_matches_model(n, *v);
            ++nodes;
        }
    }
    EXPECT_GE(nodes, 10u);
}

TEST(CompileExamples, Deterministic) {
    for (const auto& f : example_forms()) {
        Form reversed = f;
        std::reverse(reversed.files.begin(), reversed.files.end());
        const auto a = compile(f), b = compile(f), r = compile(reversed);
        EXPECT_EQ(a.plans, b.plans) << f.label;
        EXPECT_EQ(a.plans, r.plans) << f.label << " (inputs in reverse order)";
    }
}

TEST(CompileExamples, GuidePairConfAndTomlGiveIdenticalPlans) {
    for (const char* ex : {"guide-standing", "guide-non-standing"}) {
        SCOPED_TRACE(ex);
        const auto dir = fs::path(HAVIP_SOURCE_DIR) / "examples" / ex;
        const auto conf = compile({"conf", {(dir / "a.conf").string(), (dir / "b.conf").string()}});
        const auto toml = compile({"toml", {(dir / "havip.toml").string()}});
        ASSERT_EQ(conf.plans.size(), 2u);
        for (const char* node : {"a", "b"}) {
            ASSERT_TRUE(conf.plans.count(node)) << node;
            ASSERT_TRUE(toml.plans.count(node)) << node;
            EXPECT_EQ(conf.plans.at(node), toml.plans.at(node)) << "node " << node;
        }
        EXPECT_EQ(conf.plans, toml.plans);
        // The two nodes of a pair differ (their own source address at least).
        EXPECT_NE(conf.plans.at("a"), conf.plans.at("b"));
    }
}

TEST(CompileExamples, SourceDigestFollowsTheConfiguration) {
    const auto dir = fs::path(HAVIP_SOURCE_DIR) / "examples" / "guide-non-standing";
    auto c = compile({"conf", {(dir / "a.conf").string()}});
    ASSERT_EQ(c.fleet.nodes.size(), 1u);
    auto n = c.fleet.nodes[0];
    const auto d = emit::config_digest(n);
    n.instances[0].span = {};  // spans (layout, comments) do not count
    EXPECT_EQ(emit::config_digest(n), d);
    n.instances[0].priority.assign(n.instances[0].priority.value + 1, {});
    EXPECT_NE(emit::config_digest(n), d);
}

}  // namespace
}  // namespace havip
