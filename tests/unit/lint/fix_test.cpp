// SPDX-License-Identifier: MIT
// The fixes rules attach: each fixable rule's fix has the applicability it
// documents, and once applied to the original text the rule is quiet on a
// second run; no fix where the text does not say what the model read (a
// `$VAR`, an `@id` line) or for a havip.toml.
#include <map>

#include "diag/fix.hpp"
#include "harness.hpp"

namespace havip::lint::test {
namespace {

using diag::Applicability;

/// The fix of the first finding of `code`, or null.
const diag::Fix* fix_of(const Result& r, std::string_view code) {
    for (const auto& d : r.found)
        if (d.code == code) return d.fix ? &*d.fix : nullptr;
    for (const auto& d : r.front.items)
        if (d.code == code) return d.fix ? &*d.fix : nullptr;
    return nullptr;
}

/// Applies every fix (unsafe too) of a run of `files` and returns the new texts by name.
std::map<std::string, std::string> fixed(const Result& r) {
    std::vector<diag::Diagnostic> all(r.front.items.begin(), r.front.items.end());
    all.insert(all.end(), r.found.begin(), r.found.end());
    auto res = diag::apply_fixes(r.sm, all, true);
    std::map<std::string, std::string> out;
    for (const auto& f : res.files) out[r.sm.file(f.file).path] = f.text;
    return out;
}

bool fires(const Result& r, std::string_view code) {
    if (!r.with(code).empty()) return true;
    for (const auto& d : r.front.items)
        if (d.code == code) return true;
    return false;
}

/// `code` fires on `text` with a fix of applicability `a`, and not after it is applied.
void expect_fixed(std::string_view code, const std::string& text, Applicability a) {
    auto r = run_one("a.conf", text);
    ASSERT_TRUE(fires(*r, code)) << r->dump();
    const auto* f = fix_of(*r, code);
    ASSERT_NE(f, nullptr) << code << " has no fix";
    EXPECT_EQ(f->applicability, a) << code;
    auto out = fixed(*r);
    ASSERT_TRUE(out.count("a.conf"));
    auto again = run_one("a.conf", out["a.conf"]);
    EXPECT_FALSE(fires(*again, code)) << code << " after the fix:\n" << out["a.conf"] << again->dump();
}

TEST(LintFix, EachFixableRuleIsQuietAfterItsFix) {
    expect_fixed("HV110", with(kGuideA, "state BACKUP", "state backup"), Applicability::MaybeIncorrect);
    expect_fixed("HV110",
                 with(kGuideA, "    use_vmac\n",
                      "    authentication {\n        auth_type pass\n        auth_pass 1111\n    }\n    use_vmac\n"),
                 Applicability::MachineApplicable);
    expect_fixed(
        "HV111",
        with(kGuideA, "    use_vmac\n",
             "    authentication {\n        auth_type PASS\n        auth_pass 123456789\n    }\n    use_vmac\n"),
        Applicability::MaybeIncorrect);
    expect_fixed("HV204",
                 with(kGuideA, "vrrp_garp_master_repeat 1\n", "vrrp_garp_master_repeat 1\n    vrrp_garp_interval 0\n"),
                 Applicability::MachineApplicable);
    expect_fixed("HV205", with(kGuideA, "    use_vmac\n", "    track_interface {\n        eth0\n    }\n    use_vmac\n"),
                 Applicability::MachineApplicable);
    expect_fixed("HV122",
                 with(kGuideA, "    use_vmac\n", "    track_script {\n        chk\n    }\n    use_vmac\n") +
                     "vrrp_script chk {\n    script \"/bin/true\"\n}\n",
                 Applicability::MachineApplicable);
    expect_fixed("HV003", with(kGuideA, "    advert_int 1\n", "    advert_int 1\n    garp_master_dela 5\n"),
                 Applicability::MaybeIncorrect);
    expect_fixed("HV007", with(kGuideA, "        172.16.0.14\n", "        172.16.0.14/24\n"),
                 Applicability::MachineApplicable);
}

TEST(LintFix, MovedScriptKeepsCommentsWithTheirBlocks) {
    auto text = with(with(kGuideA, "    use_vmac\n", "    track_script {\n        chk\n    }\n    use_vmac\n"),
                     "vrrp_instance VI_1 {", "# about VI_1\nvrrp_instance VI_1 {") +
                "# about chk\nvrrp_script chk {\n    script \"/bin/true\"\n}\n";
    auto r = run_one("a.conf", text);
    auto out = fixed(*r);
    ASSERT_TRUE(out.count("a.conf")) << r->dump();
    const auto& t = out["a.conf"];
    EXPECT_NE(
        t.find("}\n# about chk\nvrrp_script chk {\n    script \"/bin/true\"\n}\n\n# about VI_1\nvrrp_instance VI_1 {"),
        std::string::npos)
        << t;
    EXPECT_EQ(t.size(), text.size() + 1) << "the same bytes and one blank line";
}

TEST(LintFix, PeerAddedToTheOtherNodesFile) {
    auto r = run({{{"a.conf", kGuideA}, {"b.conf", with(kGuideB, "        172.16.0.16\n", "        172.16.0.99\n")}}});
    ASSERT_FALSE(r->with("HV107").empty()) << r->dump();
    const auto* f = fix_of(*r, "HV107");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->applicability, Applicability::MachineApplicable);
    auto out = fixed(*r);
    ASSERT_TRUE(out.count("b.conf"));
    EXPECT_FALSE(out.count("a.conf")) << "only the file missing the peer changes";
    EXPECT_NE(out["b.conf"].find("        172.16.0.99\n        172.16.0.16\n    }"), std::string::npos)
        << out["b.conf"];
    auto again = run({{{"a.conf", kGuideA}, {"b.conf", out["b.conf"]}}});
    EXPECT_TRUE(again->with("HV107").empty()) << again->dump();
}

TEST(LintFix, NoFixWhereTheTextDoesNotSayIt) {
    // The state came from a variable: the text reads `$S`, not `backup`.
    auto r = run_one("a.conf", "$S=backup\n" + with(kGuideA, "state BACKUP", "state $S"));
    ASSERT_FALSE(r->with("HV110").empty()) << r->dump();
    EXPECT_EQ(fix_of(*r, "HV110"), nullptr);
    // A quoted password.
    r = run_one(
        "a.conf",
        with(kGuideA, "    use_vmac\n",
             "    authentication {\n        auth_type PASS\n        auth_pass \"123456789\"\n    }\n    use_vmac\n"));
    ASSERT_FALSE(r->with("HV111").empty()) << r->dump();
    EXPECT_EQ(fix_of(*r, "HV111"), nullptr);
}

TEST(LintFix, NoFixForHavipToml) {
    const std::string toml = R"(name = "guide"
mode = "non-standing"
router_id = 51
subnet = "172.16.0.0/24"
interface = "eth0"
vips = ["172.16.0.135/24"]

[global]
vrrp_garp_interval = 0

[[node]]
name = "a"
address = "172.16.0.16"

[[node]]
name = "b"
address = "172.16.0.14"
)";
    auto r = run_one("havip.toml", toml);
    ASSERT_FALSE(r->with("HV204").empty()) << r->dump();
    for (const auto* d : r->with("HV204")) EXPECT_FALSE(d->fix) << d->message;
}

}  // namespace
}  // namespace havip::lint::test
