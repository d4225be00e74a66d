// SPDX-License-Identifier: MIT
// Accept and reject tables for the token and block grammar, and one test per
// lexical feature: comments, escapes, quotes, script strings, braces.
#include <gtest/gtest.h>

#include "helpers.hpp"

using testutil::parse;

namespace {

struct Case {
    const char* name;
    const char* input;
    const char* tree;
};

const Case kAccept[] = {
    {"empty", "", ""},
    {"blank lines", "\n\n  \t\n", ""},
    {"one statement", "router_id r1\n", "router_id r1"},
    {"no final newline", "router_id r1", "router_id r1"},
    {"crlf", "global_defs {\r\n router_id r1\r\n}\r\n", "global_defs { router_id r1 }"},
    {"block", "global_defs {\n  router_id r1\n}\n", "global_defs { router_id r1 }"},
    {"block on one line", "vrrp_instance X { state MASTER }\n", "vrrp_instance X { state MASTER }"},
    {"brace on next line", "vrrp_instance X\n{\n state MASTER\n}\n", "vrrp_instance X { state MASTER }"},
    {"brace after comment line", "vrrp_instance X\n# c\n{\n state MASTER\n}\n", "vrrp_instance X { state MASTER }"},
    {"statements after close", "a { b } c 1\nd\n", "a { b }; c 1; d"},
    {"close then open", "a {\n} b {\n}\n", "a { }; b { }"},
    {"nested", "a {\n b {\n  c {\n   d 1\n  }\n }\n}\n", "a { b { c { d 1 } } }"},
    {"braces glued to words", "vrrp_instance VI_1{\nstate MASTER}\n", "vrrp_instance VI_1 { state MASTER }"},
    {"empty block", "track_script {\n}\n", "track_script { }"},
    {"hash comment", "# comment\nrouter_id r1 # trailing\n", "router_id r1"},
    {"bang comment", "! comment\nrouter_id r1 ! trailing\n", "router_id r1"},
    {"comment glued to word", "router_id r1#x\n", "router_id r1"},
    {"comment hides brace", "a { # }\n}\n", "a { }"},
    {"escaped hash", "router_id a\\#b\n", "router_id a#b"},
    {"escaped bang", "router_id a\\!b\n", "router_id a!b"},
    {"other escapes kept", "script /bin/x a\\ b\n", "script /bin/x a\\ b"},
    {"double quotes group", "notification_email_from \"a b  c\"\n", "notification_email_from \"a b  c\""},
    {"hash inside quotes", "auth_pass \"a#b!c\"\n", "auth_pass \"a#b!c\""},
    {"braces inside quotes", "x \"{ }\"\n", "x \"{ }\""},
    {"quotes join a word", "x ab\"c d\"ef\n", "x \"abc def\""},
    {"escaped quote inside quotes", "notify \"/bin/x \\\"q\\\"\"\n", "notify \"/bin/x \\\"q\\\"\""},
    {"empty quoted", "x \"\"\n", "x \"\""},
    {"single quotes plain outside scripts", "router_id 'a b'\n", "router_id 'a b'"},
    {"single quotes group in scripts", "script '/bin/x  y' z\n", "script \"'/bin/x  y'\" z"},
    {"single quotes in notify", "notify_master /bin/n 'a b'\n", "notify_master /bin/n \"'a b'\""},
    {"script string kept faithful", "notify_master \"/bin/n ' a  b ' \\x41\" root\n",
     "notify_master \"/bin/n ' a  b ' \\x41\" root"},
    {"dollar in script kept", "script \"awk '{print $1}'\"\n", "script \"awk '{print $1}'\""},
    {"tabs", "\tglobal_defs\t{\trouter_id\tr1\t}\n", "global_defs { router_id r1 }"},
    {"lvs nesting",
     "virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n  TCP_CHECK {\n   connect_timeout 3\n  }\n }\n}\n",
     "virtual_server 10.0.0.1 80 { real_server 10.0.0.2 80 { TCP_CHECK { connect_timeout 3 } } }"},
    {"many statements in one block line", "a { b 1 } { }\n", "a { b 1 }"},
};

TEST(KeepalivedGrammar, AcceptTable) {
    for (const auto& c : kAccept) {
        auto p = parse(c.input);
        EXPECT_EQ(p->tree(), c.tree) << c.name;
        // "many statements in one block line" has an anonymous block: reported.
        if (std::string(c.name) != "many statements in one block line") {
            EXPECT_EQ(p->diags.items.size(), 0u) << c.name << "\n" << p->gnu();
        }
    }
}

struct Reject {
    const char* name;
    const char* input;
    const char* code;
    const char* tree;  // what recovery keeps
};

const Reject kReject[] = {
    {"unterminated double quote", "router_id \"abc\n", "HV001", "router_id \"abc\""},
    {"unterminated single quote in script", "script '/bin/x\n", "HV001", "script \"'/bin/x\""},
    {"single quote cut by comment", "notify /bin/x 'a#b'\n", "HV001", "notify /bin/x \"'a\""},
    {"stray close", "}\nrouter_id r1\n", "HV001", "router_id r1"},
    {"unclosed block", "global_defs {\n router_id r1\n", "HV001", "global_defs { router_id r1 }"},
    {"brace without keyword", "{\n router_id r1\n}\n", "HV001", "router_id r1"},
    {"nul byte", "(replaced in the test: a NUL cannot live in a C string)", "HV001", "router_id r x"},
    {"bad directive", "# havip-lint: disable\nrouter_id r1\n", "HV001", "router_id r1"},
};

TEST(KeepalivedGrammar, RejectTable) {
    for (const auto& c : kReject) {
        std::string input = c.input;
        if (std::string(c.name) == "nul byte") input = std::string("router_id r\0 x\n", 15);
        auto p = parse(input);
        EXPECT_GE(p->count(c.code), 1u) << c.name << "\n" << p->gnu();
        std::string tree = p->tree();
        if (std::string(c.name) == "nul byte") {
            EXPECT_EQ(tree, "router_id r x") << c.name;
        } else {
            EXPECT_EQ(tree, c.tree) << c.name;
        }
    }
}

TEST(KeepalivedGrammar, RecoveryReportsEveryBrokenBlock) {
    // Two blocks each miss their `}`; both are reported and the later blocks
    // still come out as top-level statements.
    auto p = parse(
        "global_defs {\n"
        "  router_id r1\n"
        "vrrp_instance A {\n"
        "  state MASTER\n"
        "vrrp_instance B {\n"
        "  state BACKUP\n"
        "}\n");
    EXPECT_EQ(p->count("HV001"), 2u) << p->gnu();
    EXPECT_EQ(p->tree(),
              "global_defs { router_id r1 }; vrrp_instance A { state MASTER }; vrrp_instance B { state BACKUP }");
}

TEST(KeepalivedGrammar, RecoveryAfterBadQuoteContinuesWithNextLines) {
    auto p = parse("vrrp_instance A {\n  auth_pass \"oops\n  priority 100\n}\nvrrp_instance B {\n}\n");
    EXPECT_EQ(p->count("HV001"), 1u) << p->gnu();
    EXPECT_EQ(p->tree(), "vrrp_instance A { auth_pass \"oops\"; priority 100 }; vrrp_instance B { }");
}

TEST(KeepalivedGrammar, QuotedFlagAndScriptText) {
    auto p = parse("vrrp_script chk {\n script \"/usr/bin/check --port 3306\" root\n}\n");
    ASSERT_EQ(p->doc.statements.size(), 1u);
    const auto& script = p->doc.statements[0].children.at(0);
    EXPECT_EQ(script.keyword, "script");
    ASSERT_EQ(script.args.size(), 2u);
    EXPECT_EQ(script.args[0].text, "/usr/bin/check --port 3306");
    EXPECT_TRUE(script.args[0].quoted);
    EXPECT_EQ(script.args[1].text, "root");
    EXPECT_FALSE(script.args[1].quoted);
}

TEST(KeepalivedGrammar, ScriptKeywords) {
    EXPECT_TRUE(kp::is_script_keyword("notify_master"));
    EXPECT_TRUE(kp::is_script_keyword("notify"));
    EXPECT_TRUE(kp::is_script_keyword("script"));
    EXPECT_TRUE(kp::is_script_keyword("startup_script"));
    EXPECT_TRUE(kp::is_script_keyword("misc_path"));
    EXPECT_FALSE(kp::is_script_keyword("track_script"));
    EXPECT_FALSE(kp::is_script_keyword("router_id"));
}

TEST(KeepalivedGrammar, Directives) {
    auto p = parse(
        "vrrp_instance A {\n"
        "  # havip-lint: disable=HV203,HV204 -- shared VIP on purpose\n"
        "  priority 100\n"
        "  ! havip-lint: disable=HV101\n"
        "  state MASTER\n"
        "}\n");
    EXPECT_EQ(p->diags.items.size(), 0u) << p->gnu();
    const auto& kids = p->doc.statements.at(0).children;
    ASSERT_EQ(kids.size(), 2u);
    ASSERT_EQ(kids[0].directives.size(), 1u);
    EXPECT_EQ(kids[0].directives[0].codes, (std::vector<std::string>{"HV203", "HV204"}));
    EXPECT_EQ(kids[0].directives[0].reason, "shared VIP on purpose");
    EXPECT_EQ(p->where(kids[0].directives[0].span), "test.conf:2:3");
    ASSERT_EQ(kids[1].directives.size(), 1u);
    EXPECT_EQ(kids[1].directives[0].codes, (std::vector<std::string>{"HV101"}));
    EXPECT_EQ(kids[1].directives[0].reason, "");
}

TEST(KeepalivedGrammar, DirectivesTakeSlugs) {
    auto p = parse("# havip-lint: disable=garp-repeat, HV204,standing-mode--no blank needed\nrouter_id r1\n");
    EXPECT_EQ(p->diags.items.size(), 0u) << p->gnu();
    const auto& d = p->doc.statements.at(0).directives;
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].codes, (std::vector<std::string>{"garp-repeat", "HV204", "standing-mode"}));
    EXPECT_EQ(d[0].reason, "no blank needed");
    for (const char* bad : {"# havip-lint: disable=-garp\nx 1\n", "# havip-lint: disable=garp_repeat\nx 1\n",
                            "# havip-lint: disable=garp- -- why\nx 1\n"})
        EXPECT_EQ(parse(bad)->count("HV001"), 1u) << bad;
}

TEST(KeepalivedGrammar, ProseMentioningTheLinterIsAComment) {
    // Only a comment that starts with `havip-lint:` is a directive.
    auto p = parse(
        "! checked by havip-lint in CI; havip-lint: disable=HV1 is how to silence it\n"
        "# havip-lint knows LVS blocks by name\nrouter_id r1\n");
    EXPECT_EQ(p->diags.items.size(), 0u) << p->gnu();
    EXPECT_TRUE(p->doc.statements.at(0).directives.empty());
    EXPECT_EQ(parse("#havip-lint: disable HV1\nx 1\n")->count("HV001"), 1u);
}

TEST(KeepalivedGrammar, DirectiveOnBlockAttachesToBlock) {
    auto p = parse("# havip-lint: disable=HV301 -- legacy\nvrrp_instance A {\n}\n");
    ASSERT_EQ(p->doc.statements.size(), 1u);
    ASSERT_EQ(p->doc.statements[0].directives.size(), 1u);
    EXPECT_EQ(p->doc.statements[0].directives[0].codes[0], "HV301");
}

TEST(KeepalivedGrammar, DeepNestingIsLimited) {
    std::string deep;
    for (int i = 0; i < 10000; ++i) deep += "a {\n";
    for (int i = 0; i < 10000; ++i) deep += "}\n";
    auto p = parse(deep);
    EXPECT_EQ(p->count("HV001"), 1u) << p->gnu().substr(0, 500);
    // Balanced: nothing reported as stray or unclosed.
    EXPECT_EQ(p->diags.items.size(), 1u);
}

TEST(KeepalivedGrammar, LongLineIsReportedAndSkipped) {
    std::string text = "router_id r1\nx " + std::string(10 * 1024 * 1024, 'a') + "\nstate MASTER\n";
    auto p = parse(text);
    EXPECT_EQ(p->count("HV001"), 1u);
    EXPECT_EQ(p->tree(), "router_id r1; state MASTER");
}

}  // namespace
