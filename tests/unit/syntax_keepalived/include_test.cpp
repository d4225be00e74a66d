// SPDX-License-Identifier: MIT
// include and its variants: relative paths, glob, brace expansion, order,
// missing targets, empty matches, cycles, depth, unreadable files.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>

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
        d.write("f" + std::to_string(i) + ".conf",
                "l " + std::to_string(i) + "\ninclude f" + std::to_string(i + 1) + ".conf\n");
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

// ---- hostile inputs ------------------------------------------------------------------

TEST(KeepalivedInclude, RepeatedIncludesAreBounded) {
    // No cycle, but each file includes the next twice: 2^20 reads without a budget.
    TempDir d;
    for (int i = 0; i < 20; ++i) {
        auto next = "f" + std::to_string(i + 1) + ".conf";
        d.write("f" + std::to_string(i) + ".conf", "include " + next + "\ninclude " + next + "\n");
    }
    d.write("f20.conf", "x 1\n");
    auto t0 = std::chrono::steady_clock::now();
    auto p = parse_file(d.path() + "/f0.conf");
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(p->count("HV002"), 1u) << p->gnu();
    EXPECT_NE(p->diags.items.at(0).message.find("more than 10000 files"), std::string::npos);
    EXPECT_LE(p->doc.statements.size(), kp::kMaxIncludedFiles);
    EXPECT_LT(ms, 20000);
    // The id scan over the same files is bounded the same way.
    havip::diag::DiagList sink;
    EXPECT_TRUE(kp::config_ids(d.path() + "/f0.conf", sink).empty());
}

TEST(KeepalivedInclude, ConfigIdsFollowCyclesByAnotherSpellingOnce) {
    TempDir d;
    d.write("sub/a.conf", "@one x 1\ninclude ../k.conf\ninclude ./../k.conf\n");
    auto root = d.write("k.conf", "@two y 1\ninclude sub/a.conf\ninclude ./sub/a.conf\n");
    havip::diag::DiagList sink;
    EXPECT_EQ(kp::config_ids(root, sink), (std::vector<std::string>{"one", "two"}));
}

TEST(KeepalivedInclude, DevicesAndFifosAreNotRead) {
    TempDir d;
    ASSERT_EQ(::mkfifo((d.path() + "/pipe").c_str(), 0600), 0);
    auto p = parse_file(d.write("k.conf", "include pipe\ninclude /dev/zero\nx 1\n"));
    EXPECT_EQ(p->count("HV002"), 2u) << p->gnu();
    EXPECT_NE(p->gnu().find("not a regular file"), std::string::npos);
    EXPECT_EQ(p->tree(), "x 1");
    havip::diag::DiagList sink;
    EXPECT_TRUE(kp::config_ids(d.path() + "/k.conf", sink).empty());
}

TEST(KeepalivedInclude, UnbalancedBracesStayLinear) {
    TempDir d;
    auto root =
        d.write("k.conf", "include " + std::string(4000, '{') + "x\ninclude a" + std::string(60000, '{') + "\n");
    auto t0 = std::chrono::steady_clock::now();
    auto p = parse_file(root);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(p->count("HV002"), 2u) << p->gnu();
    EXPECT_NE(p->gnu().find("file name too long"), std::string::npos);
    EXPECT_LT(ms, 2000);
    bool trunc = false;
    EXPECT_EQ(kp::brace_expand("a" + std::string(60000, '{') + "b,c}", 10, trunc).size(), 2u);
}

TEST(KeepalivedInclude, ConfinedIncludesStayBelowTheDirectory) {
    TempDir d;
    d.write("etc/sub/a.conf", "a 1\n");
    d.write("etc/.hidden", "h 1\n");
    d.write("outside.conf", "o 1\n");
    kp::Options opt;
    opt.confine_includes = true;
    const char* refused[] = {
        "/etc/hostname",   "../outside.conf",   "sub/../../outside.conf", ".*/x", "{/etc/hostname,sub/a.conf}",
        "\\/etc/hostname", ".\\./outside.conf", ".?/outside.conf"};
    for (const char* pat : refused) {
        auto p = parse_file(d.write("etc/k.conf", std::string("include ") + pat + "\n"), opt);
        EXPECT_GE(p->count("HV002"), 1u) << pat;
        EXPECT_NE(p->gnu().find("leaves the configuration directory"), std::string::npos) << pat << "\n" << p->gnu();
        EXPECT_EQ(p->tree().find("o 1"), std::string::npos) << pat;
    }
    auto ok = parse_file(d.write("etc/k.conf", "include sub/*.conf\ninclude .hidden\ninclude {sub/a.conf}\n"), opt);
    EXPECT_EQ(ok->tree(), "a 1; h 1; a 1");
    EXPECT_EQ(ok->diags.items.size(), 0u) << ok->gnu();
    // Without the option the same includes resolve.
    auto open = parse_file(d.write("etc/k.conf", "include ../outside.conf\n"));
    EXPECT_EQ(open->tree(), "o 1");
}

TEST(KeepalivedInclude, MissingRootFile) {
    auto p = parse_file("/nonexistent/keepalived.conf");
    EXPECT_EQ(p->count("HV002"), 1u);
    EXPECT_EQ(p->gnu(), "error: cannot read `/nonexistent/keepalived.conf`: no such file or directory [HV002]\n");
}

TEST(KeepalivedInclude, ReadThroughTheCallersReader) {
    // An input parsed again takes its includes from what the driver read the
    // first time: every include (of the parse and of the @id scan) goes
    // through Options::read_file, and the text it returns is what is parsed.
    TempDir d;
    d.write("conf.d/a.conf", "@x a 1\n");
    auto root = d.write("k.conf", "include conf.d/a.conf\nroot 0\n");
    std::vector<std::string> asked;
    kp::Options opt;
    opt.config_id = "x";
    opt.read_file = [&asked](const std::string& path, std::string& out, std::string&) {
        asked.push_back(std::filesystem::path(path).filename().string());
        out = "@x from_reader 1\n";
        return true;
    };
    auto p = parse_file(root, opt);
    EXPECT_EQ(p->tree(), "from_reader 1; root 0");
    EXPECT_EQ(asked, std::vector<std::string>{"a.conf"});
    asked.clear();
    std::string text = "include conf.d/a.conf\n";
    EXPECT_EQ(kp::config_ids_in(root, text, opt), std::vector<std::string>{"x"});
    EXPECT_EQ(asked, std::vector<std::string>{"a.conf"});
}

}  // namespace
