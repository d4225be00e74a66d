// SPDX-License-Identifier: MIT
// include and its variants: relative paths, glob, brace expansion, order,
// missing targets, empty matches, cycles, depth, unreadable files.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "helpers.hpp"
#include "syntax/keepalived/include.hpp"

using testutil::parse_file;
using testutil::TempDir;

namespace {

TEST(KeepalivedInclude, RelativeToIncludingFile) {
    TempDir d;
    d.write("etc/conf.d/a.conf", "a 1\ninclude ../more/b.conf\n");
    d.write("etc/more/b.conf", "b 2\n");
    auto root = d.write("etc/keepalived.conf", "include conf.d/a.conf\nroot 0\n");
    auto p = parse_file(root);
    EXPECT_EQ(p->tree(), "a 1; b 2; root 0");
    EXPECT_EQ(p->diags.items.size(), 0u) << p->gnu();
}

TEST(KeepalivedInclude, GlobIsSorted) {
    TempDir d;
    d.write("conf.d/20-b.conf", "b 1\n");
    d.write("conf.d/10-a.conf", "a 1\n");
    d.write("conf.d/30-c.conf", "c 1\n");
    d.write("conf.d/skip.txt", "no 1\n");
    auto root = d.write("k.conf", "include conf.d/*.conf\n");
    auto p = parse_file(root);
    EXPECT_EQ(p->tree(), "a 1; b 1; c 1");
}

TEST(KeepalivedInclude, BraceExpansion) {
    TempDir d;
    d.write("x/cat", "cat 1\n");
    d.write("x/dog", "dog 1\n");
    d.write("bar", "bar 1\n");
    auto root = d.write("k.conf", "include {x/{cat,dog},bar}\n");
    auto p = parse_file(root);
    EXPECT_EQ(p->tree(), "cat 1; dog 1; bar 1");
    EXPECT_EQ(p->diags.items.size(), 0u) << p->gnu();
}

TEST(KeepalivedInclude, BraceExpandFunction) {
    bool trunc = false;
    EXPECT_EQ(kp::brace_expand("{foo/{,cat,dog},bar}", 100, trunc),
              (std::vector<std::string>{"foo/", "foo/cat", "foo/dog", "bar"}));
    EXPECT_EQ(kp::brace_expand("a{b,c}d{e,f}", 100, trunc), (std::vector<std::string>{"abde", "abdf", "acde", "acdf"}));
    EXPECT_EQ(kp::brace_expand("a{b", 100, trunc), (std::vector<std::string>{"a{b"}));
    EXPECT_FALSE(trunc);
    std::string many;
    for (int i = 0; i < 20; ++i) many += "{a,b}";
    EXPECT_EQ(kp::brace_expand(many, 1000, trunc).size(), 1000u);
    EXPECT_TRUE(trunc);
}

TEST(KeepalivedInclude, QuotedPatternAndComment) {
    TempDir d;
    d.write("my dir/a.conf", "a 1\n");
    auto root = d.write("k.conf", "include \"my dir/a.conf\" # the a part\n");
    auto p = parse_file(root);
    EXPECT_EQ(p->tree(), "a 1");
}

TEST(KeepalivedInclude, Variants) {
    TempDir d;
    d.write("a.conf", "a 1\n");
    for (const char* kw : {"include", "includer", "includem", "includew", "includeb", "includea"}) {
        auto root = d.write("k.conf", std::string(kw) + " a.conf\n");
        auto p = parse_file(root);
        EXPECT_EQ(p->tree(), "a 1") << kw;
        auto miss = parse_file(d.write("m.conf", std::string(kw) + " nope.conf\n"));
        EXPECT_EQ(miss->count("HV002"), 1u) << kw;
    }
}

TEST(KeepalivedInclude, MissingTargetIsError) {
    TempDir d;
    auto root = d.write("k.conf", "a 1\ninclude missing.conf\nb 2\n");
    auto p = parse_file(root);
    ASSERT_EQ(p->count("HV002"), 1u);
    EXPECT_EQ(p->diags.items[0].severity, havip::diag::Severity::Error);
    EXPECT_EQ(p->where(p->diags.items[0].primary_span()), root + ":2:1");
    EXPECT_EQ(p->tree(), "a 1; b 2");
}

TEST(KeepalivedInclude, EmptyGlobIsWarning) {
    TempDir d;
    auto root = d.write("k.conf", "include conf.d/*.conf\n");
    auto p = parse_file(root);
    ASSERT_EQ(p->count("HV002"), 1u);
    EXPECT_EQ(p->diags.items[0].severity, havip::diag::Severity::Warning);
}

TEST(KeepalivedInclude, MissingPatternIsError) {
    TempDir d;
    auto p = parse_file(d.write("k.conf", "include\nincluder # nothing\n"));
    EXPECT_EQ(p->count("HV002"), 2u);
}

TEST(KeepalivedInclude, CycleIsError) {
    TempDir d;
    d.write("a.conf", "a 1\ninclude b.conf\n");
    d.write("b.conf", "b 1\ninclude a.conf\n");
    auto root = d.write("k.conf", "include a.conf\n");
    auto p = parse_file(root);
    EXPECT_EQ(p->count("HV002"), 1u) << p->gnu();
    EXPECT_EQ(p->tree(), "a 1; b 1");
}

TEST(KeepalivedInclude, SelfIncludeIsError) {
    TempDir d;
    auto root = d.write("k.conf", "x 1\ninclude k.conf\n");
    auto p = parse_file(root);
    EXPECT_EQ(p->count("HV002"), 1u);
    EXPECT_EQ(p->tree(), "x 1");
}

TEST(KeepalivedInclude, CycleThroughAnotherSpellingOfTheRoot) {
    // The root is named one way and included back another way (a `..` path and
    // a symlink): cycles are found on canonical paths, whatever the spelling.
    TempDir d;
    d.write("sub/a.conf", "a 1\ninclude ../k.conf\n");
    std::filesystem::create_symlink(d.path() + "/k.conf", d.path() + "/link.conf");
    d.write("sub/b.conf", "b 1\ninclude ../link.conf\n");
    auto root = d.write("k.conf", "r 1\ninclude sub/a.conf\ninclude sub/b.conf\n");
    auto p = parse_file(root);
    EXPECT_EQ(p->count("HV002"), 2u) << p->gnu();
    EXPECT_EQ(p->tree(), "r 1; a 1; b 1");
}

TEST(KeepalivedInclude, DepthIsLimited) {
    TempDir d;
    for (int i = 0; i < 10; ++i)
        d.write("f" + std::to_string(i) + ".conf", "l " + std::to_string(i) + "\ninclude f" + std::to_string(i + 1) + ".conf\n");
    d.write("f10.conf", "l 10\n");
    kp::Options opt;
    opt.max_include_depth = 4;
    auto p = parse_file(d.path() + "/f0.conf", opt);
    EXPECT_EQ(p->count("HV002"), 1u);
    EXPECT_EQ(p->tree(), "l 0; l 1; l 2; l 3; l 4");
}

TEST(KeepalivedInclude, DirectoryIsUnreadable) {
    TempDir d;
    d.write("sub/x.conf", "x 1\n");
    auto p = parse_file(d.write("k.conf", "include sub\n"));
    ASSERT_EQ(p->count("HV002"), 1u);
    EXPECT_NE(p->diags.items[0].message.find("directory"), std::string::npos);
}

TEST(KeepalivedInclude, UnreadableFileIsError) {
    if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
    TempDir d;
    auto f = d.write("secret.conf", "x 1\n");
    ::chmod(f.c_str(), 0);
    auto p = parse_file(d.write("k.conf", "include secret.conf\n"));
    EXPECT_EQ(p->count("HV002"), 1u);
}

TEST(KeepalivedInclude, BlockSpansFiles) {
    // An included file may hold the body of a block opened by the includer.
    TempDir d;
    d.write("body.conf", "  state MASTER\n  priority 100\n");
    auto p = parse_file(d.write("k.conf", "vrrp_instance A {\ninclude body.conf\n}\n"));
    EXPECT_EQ(p->tree(), "vrrp_instance A { state MASTER; priority 100 }");
    EXPECT_EQ(p->diags.items.size(), 0u) << p->gnu();
}

TEST(KeepalivedInclude, DefinitionsCarryAcrossFiles) {
    TempDir d;
    d.write("defs.conf", "$IFACE=eth1\n");
    auto p = parse_file(d.write("k.conf", "include defs.conf\ninterface $IFACE\n"));
    EXPECT_EQ(p->tree(), "interface eth1");
}

TEST(KeepalivedInclude, IncludeAfterConditionalIsNotAnInclude) {
    // keepalived detects includes before conditionals: `@id include x` is a plain statement.
    TempDir d;
    d.write("a.conf", "a 1\n");
    kp::Options opt;
    opt.config_id = "main";
    auto p = parse_file(d.write("k.conf", "@main include a.conf\n"), opt);
    EXPECT_EQ(p->tree(), "include a.conf");
}

TEST(KeepalivedInclude, ParseTextResolvesRelativeToName) {
    TempDir d;
    d.write("etc/a.conf", "a 1\n");
    auto p = testutil::parse("include a.conf\n", {}, d.path() + "/etc/stdin.conf");
    EXPECT_EQ(p->tree(), "a 1");
}

TEST(KeepalivedInclude, MissingRootFile) {
    auto p = parse_file("/nonexistent/keepalived.conf");
    EXPECT_EQ(p->count("HV002"), 1u);
    EXPECT_EQ(p->gnu(), "<input>: error: cannot read `/nonexistent/keepalived.conf`: No such file or directory [HV002]\n");
}

}  // namespace
