// SPDX-License-Identifier: MIT
// One golden test per message of the front end, rendered with render_gnu.
// Include cases run in a scratch directory; its path is printed as `DIR`.
#include <gtest/gtest.h>

#include "helpers.hpp"

namespace {

struct Golden {
    const char* name;
    const char* input;
    const char* expected;
};

const Golden kGolden[] = {
    // ---- HV001 ----
    {"unterminated double quote", "vrrp_instance A {\n  auth_pass x\n    \"abc\n}\n",
     "bad.conf:3:5: error: unterminated quote [HV001]\n"},
    {"unterminated single quote", "vrrp_script s {\n  script /bin/c 'a b\n}\n",
     "bad.conf:2:17: error: unterminated quote [HV001]\n"},
    {"stray close", "global_defs {\n}\n}\n", "bad.conf:3:1: error: unexpected `}` with no open block [HV001]\n"},
    {"never closed", "global_defs {\n  router_id r\nvrrp_script x {\n",
     "bad.conf:1:13: error: block `global_defs` is not closed before `vrrp_script` [HV001]\n"
     "bad.conf:3:15: error: block `vrrp_script` is never closed [HV001]\n"},
    {"open without keyword", "{\n}\n", "bad.conf:1:1: error: `{` without a keyword [HV001]\n"},
    {"bad directive", "  # havip-lint: disable HV203\nx 1\n",
     "bad.conf:1:3: error: malformed `havip-lint:` comment [HV001]\n"},
    // ---- HV005 ----
    {"undefined parameter", "router_id ${NAME}\n", "bad.conf:1:11: warning: undefined parameter `${NAME}` [HV005]\n"},
    {"recursive parameter", "$A=${A}.\nk ${A}\n",
     "bad.conf:2:3: error: parameter `${A}` still expands after 32 levels "
     "[HV005]\n"},
    {"malformed seq", "~SEQ(N, x) a\n", "bad.conf:1:1: error: malformed `~SEQ`: cannot read its arguments [HV005]\n"},
    {"seq step zero", "~SEQx(N, 1, 0, 4) a\n", "bad.conf:1:1: error: malformed `~SEQx`: step is 0 [HV005]\n"},
    {"lst arity", "~LST({A,B}, {1,2}, {3}) a\n",
     "bad.conf:1:1: error: malformed `~LST`: each value must give 2 value(s) [HV005]\n"},
    {"bad conditional", "  @ router_id x\n",
     "bad.conf:1:3: error: malformed conditional: `@` must be followed by a config id [HV005]\n"},
    {"too much expansion", "~SEQ(A,1,600) ~SEQ(B,1,600) x\n",
     "bad.conf:1:15: error: parameters and generators produce more than 250000 lines [HV005]\n"},
    {"bad random", "x ${_RANDOM 5 1}\n",
     "bad.conf:1:3: error: bad built-in `${_RANDOM 5 1}`: MIN and MAX must be non-negative integers with MIN <= "
     "MAX [HV005]\n"},
    {"bad env", "x ${_ENV}\n", "bad.conf:1:3: error: bad built-in `${_ENV}`: expected one variable name [HV005]\n"},
    {"env unset", "x ${_ENV NOT_SET_ANYWHERE}\n",
     "bad.conf:1:3: warning: environment variable `NOT_SET_ANYWHERE` is not set [HV005]\n"},
};

TEST(KeepalivedGolden, EveryMessage) {
    for (const auto& g : kGolden) {
        auto p = testutil::parse(g.input, {}, "bad.conf");
        EXPECT_EQ(p->gnu(), g.expected) << g.name;
    }
}

TEST(KeepalivedGolden, NulByte) {
    auto p = testutil::parse(std::string("a 1\nb \0\n", 7), {}, "bad.conf");
    EXPECT_EQ(p->gnu(), "bad.conf:2:3: error: file contains a NUL byte [HV001]\n");
}

TEST(KeepalivedGolden, LineTooLong) {
    auto p = testutil::parse("a 1\n" + std::string(70000, 'x') + "\n", {}, "bad.conf");
    EXPECT_EQ(p->gnu(), "bad.conf:2:1: error: line is longer than 65536 bytes [HV001]\n");
}

TEST(KeepalivedGolden, TooDeep) {
    std::string text;
    for (int i = 0; i < 130; ++i) text += "a {\n";
    for (int i = 0; i < 130; ++i) text += "}\n";
    auto p = testutil::parse(text, {}, "bad.conf");
    EXPECT_EQ(p->gnu(), "bad.conf:129:3: error: blocks nested deeper than 128 levels [HV001]\n");
}

std::string golden_with_dir(const testutil::TempDir& d, const std::string& root_text,
                            const std::vector<std::pair<std::string, std::string>>& files) {
    for (const auto& [name, text] : files) d.write(name, text);
    auto root = d.write("k.conf", root_text);
    auto p = testutil::parse_file(root);
    std::string out = p->gnu();
    for (std::size_t at; (at = out.find(d.path())) != std::string::npos;) out.replace(at, d.path().size(), "DIR");
    return out;
}

TEST(KeepalivedGolden, IncludeMessages) {
    {
        testutil::TempDir d;
        EXPECT_EQ(golden_with_dir(d, "x 1\ninclude nope.conf\n", {}),
                  "DIR/k.conf:2:1: error: included file `DIR/nope.conf` does not exist [HV002]\n");
    }
    {
        testutil::TempDir d;
        EXPECT_EQ(golden_with_dir(d, "  include conf.d/*.conf\n", {}),
                  "DIR/k.conf:1:3: warning: include pattern `DIR/conf.d/*.conf` matches no file [HV002]\n");
    }
    {
        testutil::TempDir d;
        EXPECT_EQ(golden_with_dir(d, "include a.conf\n", {{"a.conf", "include k.conf\n"}}),
                  "DIR/a.conf:1:1: error: include cycle: `DIR/k.conf` is already being read [HV002]\n");
    }
    {
        testutil::TempDir d;
        EXPECT_EQ(golden_with_dir(d, "include sub\n", {{"sub/x", "x\n"}}),
                  "DIR/k.conf:1:1: error: cannot read included file `DIR/sub`: is a directory [HV002]\n");
    }
    {
        testutil::TempDir d;
        EXPECT_EQ(golden_with_dir(d, "includea\n", {}),
                  "DIR/k.conf:1:1: error: `includea` needs a file name or pattern [HV002]\n");
    }
    {
        testutil::TempDir d;
        std::vector<std::pair<std::string, std::string>> files;
        for (int i = 1; i <= 33; ++i)
            files.push_back({"f" + std::to_string(i) + ".conf", "include f" + std::to_string(i + 1) + ".conf\n"});
        files.push_back({"f34.conf", "x\n"});
        EXPECT_EQ(golden_with_dir(d, "include f1.conf\n", files),
                  "DIR/f32.conf:1:1: error: includes nested deeper than 32 levels [HV002]\n");
    }
}

TEST(KeepalivedGolden, HostileIncludeMessages) {
    {
        testutil::TempDir d;
        EXPECT_EQ(golden_with_dir(d, "include /dev/null\n", {}),
                  "DIR/k.conf:1:1: error: cannot read included file `/dev/null`: not a regular file [HV002]\n");
    }
    {
        testutil::TempDir d;
        EXPECT_EQ(golden_with_dir(d, "include " + std::string(5000, 'a') + "\n", {}),
                  "DIR/k.conf:1:1: error: cannot read included file `" + std::string(120, 'a') +
                      "...`: file name too long [HV002]\n");
    }
    {
        testutil::TempDir d;
        std::vector<std::pair<std::string, std::string>> files;
        for (int i = 0; i < 16; ++i) {
            auto next = "f" + std::to_string(i + 1) + ".conf";
            files.push_back({"f" + std::to_string(i) + ".conf", "include " + next + "\ninclude " + next + "\n"});
        }
        files.push_back({"f16.conf", "x 1\n"});
        auto out = golden_with_dir(d, "include f0.conf\n", files);
        EXPECT_EQ(out.substr(out.find(": error:")), ": error: includes read more than 10000 files [HV002]\n");
    }
    {
        testutil::TempDir d;
        d.write("k.conf", "include ../x.conf\n");
        kp::Options opt;
        opt.confine_includes = true;
        auto p = testutil::parse_file(d.path() + "/k.conf", opt);
        std::string out = p->gnu();
        for (std::size_t at; (at = out.find(d.path())) != std::string::npos;) out.replace(at, d.path().size(), "DIR");
        EXPECT_EQ(out, "DIR/k.conf:1:1: error: include `../x.conf` leaves the configuration directory [HV002]\n");
    }
}

TEST(KeepalivedGolden, UnreadableRoot) {
    auto p = testutil::parse_file("/nonexistent/keepalived.conf");
    // No span: the file never made it into the source map, so no location.
    EXPECT_EQ(p->gnu(),
              "error: cannot read `/nonexistent/keepalived.conf`: no such file or "
              "directory [HV002]\n");
}

TEST(KeepalivedGolden, HelpTextIsPresent) {
    auto p = testutil::parse("x \"open\n}\n", {}, "bad.conf");
    ASSERT_EQ(p->diags.items.size(), 2u);
    for (const auto& d : p->diags.items) EXPECT_FALSE(d.help.empty()) << d.message;
    EXPECT_EQ(p->diags.items[0].help, "close the string with `\"` on the same line");
}

}  // namespace
