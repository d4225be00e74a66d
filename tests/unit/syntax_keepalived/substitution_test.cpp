// SPDX-License-Identifier: MIT
// Conditionals, parameter definitions and references, built-ins, generators.
#include <gtest/gtest.h>

#include <chrono>

#include "helpers.hpp"

using testutil::parse;

namespace {

kp::Options id(const char* config_id) {
    kp::Options o;
    o.config_id = config_id;
    return o;
}

// ---- conditionals ----------------------------------------------------------------

TEST(KeepalivedConditional, MatchingIdKeepsLine) {
    const char* text = "@main router_id main_router\n@backup router_id backup_router\n";
    EXPECT_EQ(parse(text, id("main"))->tree(), "router_id main_router");
    EXPECT_EQ(parse(text, id("backup"))->tree(), "router_id backup_router");
    EXPECT_EQ(parse(text, id("other"))->tree(), "");
}

TEST(KeepalivedConditional, EmptyIdDropsEveryPositiveConditional) {
    auto p = parse("@main a\n@^main b\nc\n");
    EXPECT_EQ(p->tree(), "b; c");
    EXPECT_EQ(p->diags.items.size(), 0u);
}

TEST(KeepalivedConditional, NegatedKeepsLineElsewhere) {
    const char* text = "unicast_peer {\n @^main 1.2.3.4\n @^backup 1.2.3.5\n @^backup2 1.2.3.6\n}\n";
    EXPECT_EQ(parse(text, id("main"))->tree(), "unicast_peer { 1.2.3.5; 1.2.3.6 }");
    EXPECT_EQ(parse(text, id("backup2"))->tree(), "unicast_peer { 1.2.3.4; 1.2.3.5 }");
}

TEST(KeepalivedConditional, WithDefinition) {
    auto p =
        parse("@main $PRIORITY=240\n@backup $PRIORITY=200\nvrrp_instance VI_0 {\n priority $PRIORITY\n}\n", id("main"));
    EXPECT_EQ(p->tree(), "vrrp_instance VI_0 { priority 240 }");
}

TEST(KeepalivedConditional, ProducedBySubstitution) {
    const char* text = "$IF_MAIN=@main\n$IF_MAIN priority 240\n";
    EXPECT_EQ(parse(text, id("main"))->tree(), "priority 240");
    EXPECT_EQ(parse(text, id("backup"))->tree(), "");
}

TEST(KeepalivedConditional, MalformedIsHV005) {
    auto p = parse("@ router_id x\n@^ y\nz\n", id("main"));
    EXPECT_EQ(p->count("HV005"), 2u) << p->gnu();
    EXPECT_EQ(p->tree(), "z");
}

TEST(KeepalivedConditional, ConfigIdsCollectsIdsThroughIncludes) {
    testutil::TempDir dir;
    dir.write("sub/part.conf", "@backup2 priority 50\n");
    auto root = dir.write("main.conf", "@main a\n  @^backup b\ninclude sub/*.conf\n@main c\n");
    havip::diag::DiagList d;
    EXPECT_EQ(kp::config_ids(root, d), (std::vector<std::string>{"backup", "backup2", "main"}));
    EXPECT_TRUE(d.items.empty());
}

// ---- definitions -------------------------------------------------------------------

TEST(KeepalivedDefinition, BareAndBracedReferences) {
    auto p = parse("$IFACE=eth0\n$NET=10.0\ninterface $IFACE\nvip ${NET}.0.1/24 dev ${IFACE}\n");
    EXPECT_EQ(p->tree(), "interface eth0; vip 10.0.0.1/24 dev eth0");
    EXPECT_EQ(p->diags.items.size(), 0u) << p->gnu();
}

TEST(KeepalivedDefinition, BareReferenceNeedsBlankAfter) {
    auto p = parse("$A=x\nk $A.y $A\n");
    EXPECT_EQ(p->tree(), "k $A.y x");
}

TEST(KeepalivedDefinition, LazyAndRecursive) {
    // The man page's example: expansion happens at use, and re-expands.
    auto p = parse(
        "$ADDRESS_BASE=10.2.${ADDRESS_BASE_SUB}\n"
        "$ADDRESS_BASE_SUB=0\n"
        "${ADDRESS_BASE}.100/32\n"
        "$ADDRESS_BASE_SUB=10\n"
        "${ADDRESS_BASE}.100/32\n");
    EXPECT_EQ(p->tree(), "10.2.0.100/32; 10.2.10.100/32");
    EXPECT_EQ(p->diags.items.size(), 0u) << p->gnu();
}

TEST(KeepalivedDefinition, EmptyValue) {
    auto p = parse("$E=\nk a${E}b\n");
    EXPECT_EQ(p->tree(), "k ab");
}

TEST(KeepalivedDefinition, ValueCommentIsStripped) {
    auto p = parse("$P=100 # the priority\npriority $P\n");
    EXPECT_EQ(p->tree(), "priority 100");
}

TEST(KeepalivedDefinition, UndefinedIsKeptAndWarned) {
    auto p = parse("router_id ${NOPE}\nscript \"/bin/x $HOME\"\nk $UNSET\n");
    EXPECT_EQ(p->tree(), "router_id ${NOPE}; script \"/bin/x $HOME\"; k $UNSET");
    // `${NOPE}` and unquoted `$UNSET` warn; `$HOME` inside a script string does not.
    ASSERT_EQ(p->count("HV005"), 2u) << p->gnu();
    EXPECT_EQ(p->diags.items[0].severity, havip::diag::Severity::Warning);
}

TEST(KeepalivedDefinition, SelfReferenceIsBounded) {
    auto p = parse("$A=${A}x\nk ${A}\n$B=$C\n$C=$B\nk2 ${B}\nafter 1\n");
    EXPECT_EQ(p->count("HV005"), 2u) << p->gnu();
    EXPECT_EQ(p->tree(), "after 1");
}

TEST(KeepalivedDefinition, ExponentialGrowthIsBounded) {
    std::string text = "$A0=xxxxxxxxxxxxxxxx\n";
    for (int i = 1; i < 40; ++i)
        text += "$A" + std::to_string(i) + "=${A" + std::to_string(i - 1) + "}${A" + std::to_string(i - 1) + "}\n";
    text += "k ${A39}\nafter 1\n";
    auto p = parse(text);
    EXPECT_GE(p->count("HV005") + p->count("HV001"), 1u);
    EXPECT_EQ(p->tree(), "after 1");
}

TEST(KeepalivedDefinition, SelfDoublingWithTinyPiecesStaysFast) {
    // Each level doubles the line and the number of mapped pieces; slicing a
    // line must not cost the number of pieces per reference (found by fuzzing).
    auto t0 = std::chrono::steady_clock::now();
    auto p = parse("$R=${R}x=${R}x\nr ${R}\nafter 1\n");
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_GE(p->count("HV005") + p->count("HV001"), 1u) << p->gnu();
    EXPECT_EQ(p->tree(), "after 1");
    EXPECT_LT(ms, 2000);
}

TEST(KeepalivedDefinition, RecursiveMultiLineParameterIsReportedOnceAndStops) {
    // A self-reference whose value holds a newline doubles the lines at each
    // level (found by fuzzing: 2^32 lines, one error each). One finding, and
    // the next line of the file is read as usual.
    auto t0 = std::chrono::steady_clock::now();
    auto p = parse("$R= \\\n a ${R} \\\n b ${R}\nk ${R}\nafter 1\n");
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(p->count("HV005"), 1u) << p->gnu();
    EXPECT_NE(p->tree().find("after 1"), std::string::npos);
    EXPECT_LT(ms, 2000);
}

TEST(KeepalivedDefinition, MultiLine) {
    auto p = parse(
        "$INSTANCE= \\\n"
        "vrrp_instance VI_${NUM} { \\\n"
        "    interface eth0.${NUM} \\\n"
        "    @high priority 130 \\\n"
        "    @low priority 120 \\\n"
        "    virtual_ipaddress { \\\n"
        "        10.0.${NUM}.254/24 \\\n"
        "    } \\\n"
        "}\n"
        "\n"
        "$NUM=0\n"
        "$INSTANCE\n"
        "$NUM=1\n"
        "$INSTANCE\n",
        id("high"));
    EXPECT_EQ(p->tree(),
              "vrrp_instance VI_0 { interface eth0.0; priority 130; virtual_ipaddress { 10.0.0.254/24 } }; "
              "vrrp_instance VI_1 { interface eth0.1; priority 130; virtual_ipaddress { 10.0.1.254/24 } }");
    EXPECT_EQ(p->diags.items.size(), 0u) << p->gnu();
}

TEST(KeepalivedDefinition, MultiLineNestedWithDefinitionsInside) {
    auto p = parse(
        "$RS= \\\n"
        "real_server 192.168.${VS_NUM}.${RS_NUM} 80 { \\\n"
        "    weight 1 \\\n"
        "\n"
        "    MISC_CHECK { \\\n"
        "        misc_path \"${_PWD}/vs.sh ${VS_NUM}\" \\\n"
        "    } \\\n"
        "}\n"
        "$VS= \\\n"
        "virtual_server 10.0.${VS_NUM}.4 80 { \\\n"
        "    $RS_NUM=1 \\\n"
        "    $RS \\\n"
        "    $RS_NUM=2 \\\n"
        "    $RS \\\n"
        "}\n"
        "$VS_NUM=0\n"
        "$VS\n");
    std::string pwd = std::filesystem::current_path().string();
    EXPECT_EQ(p->tree(),
              "virtual_server 10.0.0.4 80 { real_server 192.168.0.1 80 { weight 1; MISC_CHECK { misc_path \"" + pwd +
                  "/vs.sh 0\" } }; real_server 192.168.0.2 80 { weight 1; MISC_CHECK { misc_path \"" + pwd +
                  "/vs.sh 0\" } } }");
    EXPECT_EQ(p->diags.items.size(), 0u) << p->gnu();
}

// ---- built-ins -------------------------------------------------------------------------

TEST(KeepalivedBuiltin, Pwd) {
    testutil::TempDir dir;
    auto path = dir.write("conf/k.conf", "script \"${_PWD}/check.sh\"\n");
    auto p = testutil::parse_file(path);
    auto expect = std::filesystem::canonical(dir.path()).string() + "/conf/check.sh";
    auto got = p->doc.statements.at(0).args.at(0).text;
    // The directory as an absolute path (the temp dir itself may be a symlink).
    EXPECT_EQ(std::filesystem::weakly_canonical(got).string(), expect);
}

TEST(KeepalivedBuiltin, PwdIsTheDirectoryOfTheFileTheReferenceIsIn) {
    testutil::TempDir dir;
    dir.write("conf/inc/part.conf", "inner \"${_PWD}\"\n");
    auto path = dir.write("conf/k.conf", "outer \"${_PWD}\"\ninclude inc/part.conf\nagain \"${_PWD}\"\n");
    auto p = testutil::parse_file(path);
    ASSERT_EQ(p->doc.statements.size(), 3u) << p->gnu();
    auto canon = [](const std::string& s) { return std::filesystem::weakly_canonical(s).string(); };
    auto base = std::filesystem::canonical(dir.path()).string();
    EXPECT_EQ(canon(p->doc.statements[0].args.at(0).text), base + "/conf");
    EXPECT_EQ(canon(p->doc.statements[1].args.at(0).text), base + "/conf/inc");
    EXPECT_EQ(canon(p->doc.statements[2].args.at(0).text), base + "/conf");
}

TEST(KeepalivedBuiltin, Instance) { EXPECT_EQ(parse("router_id ${_INSTANCE}\n", id("lb1"))->tree(), "router_id lb1"); }

TEST(KeepalivedBuiltin, RandomIsDeterministicMin) {
    auto p = parse("a ${_RANDOM}\nb ${_RANDOM 5}\nc ${_RANDOM 7 9}\n");
    EXPECT_EQ(p->tree(), "a 0; b 5; c 7");
    EXPECT_EQ(p->diags.items.size(), 0u) << p->gnu();
    auto bad = parse("d ${_RANDOM 9 7}\ne ${_RANDOM -1}\n");
    EXPECT_EQ(bad->count("HV005"), 2u) << bad->gnu();
}

TEST(KeepalivedBuiltin, Env) {
    kp::Options o;
    o.getenv = [](std::string_view n) -> std::optional<std::string> {
        if (n == "SITE") return std::string("fra1");
        return std::nullopt;
    };
    auto p = parse("router_id lb-${_ENV SITE}\nx ${_ENV MISSING}y\n", o);
    EXPECT_EQ(p->tree(), "router_id lb-fra1; x y");
    EXPECT_EQ(p->count("HV005"), 1u);  // MISSING is not set
}

TEST(KeepalivedBuiltin, HashAndBang) {
    auto p = parse("auth_pass a${_HASH}b${_BANG}c\nscript \"echo ${_HASH}\"\n");
    EXPECT_EQ(p->tree(), "auth_pass a#b!c; script \"echo #\"");
}

// ---- generators ---------------------------------------------------------------------------

TEST(KeepalivedGenerator, SeqFourArgs) {
    EXPECT_EQ(parse("~SEQ(N, 1, 2, 7) ip 10.0.${N}.1\n")->tree(), "ip 10.0.1.1; ip 10.0.3.1; ip 10.0.5.1; ip 10.0.7.1");
}

TEST(KeepalivedGenerator, SeqThreeArgs) {
    EXPECT_EQ(parse("~SEQ(SUBNET, 0, 3) ip_address 10.0.${SUBNET}.1\n")->tree(),
              "ip_address 10.0.0.1; ip_address 10.0.1.1; ip_address 10.0.2.1; ip_address 10.0.3.1");
    EXPECT_EQ(parse("~SEQ(N, 3, 1) n ${N}\n")->tree(), "n 3; n 2; n 1");
}

TEST(KeepalivedGenerator, SeqTwoArgs) {
    EXPECT_EQ(parse("~SEQ(N, 3) n ${N}\n")->tree(), "n 1; n 2; n 3");
    EXPECT_EQ(parse("~SEQ(N, -2) n ${N}\n")->tree(), "n -1; n -2");
}

TEST(KeepalivedGenerator, SeqHex) {
    EXPECT_EQ(parse("~SEQx(SUBNET, 0x90, 0x10, 0xc0) ip_address fe80::20:${SUBNET}:1\n")->tree(),
              "ip_address fe80::20:90:1; ip_address fe80::20:a0:1; ip_address fe80::20:b0:1; ip_address fe80::20:c0:1");
    EXPECT_EQ(parse("~SEQx(A, 144, 16, 160) ${A}\n")->tree(), "90; a0");
}

TEST(KeepalivedGenerator, NestedSeq) {
    EXPECT_EQ(parse("~SEQx(AD2, 0x90, 0x10, 0xa0) ~SEQx(AD1, 0x12, -1, 0x11) fe81::10:${AD2}:${AD1}\n")->tree(),
              "fe81::10:90:12; fe81::10:90:11; fe81::10:a0:12; fe81::10:a0:11");
}

TEST(KeepalivedGenerator, List) {
    EXPECT_EQ(parse("~LST(IP, 1, 2) ~LST(IP1, 5,6) 192.169.${IP}.${IP1}\n")->tree(),
              "192.169.1.5; 192.169.1.6; 192.169.2.5; 192.169.2.6");
}

TEST(KeepalivedGenerator, ListTuples) {
    EXPECT_EQ(parse("~LST({IP, IP1}, {10,1},{20,4}) ~SEQ(IP2,168,2,170) 192.${IP2}.${IP}.${IP1}\n")->tree(),
              "192.168.10.1; 192.170.10.1; 192.168.20.4; 192.170.20.4");
}

TEST(KeepalivedGenerator, VariableIsRestoredAfterTheLine) {
    auto p = parse("~SEQ(N, 1, 2) a ${N}\nb ${N}\n");
    EXPECT_EQ(p->tree(), "a 1; a 2; b ${N}");
    EXPECT_EQ(p->count("HV005"), 1u);
}

TEST(KeepalivedGenerator, WithMultiLineDefinition) {
    auto p = parse("$VI= \\\nvrrp_instance v${ID} { \\\n virtual_router_id ${ID} \\\n}\n~SEQ(ID,1,3) $VI\n");
    EXPECT_EQ(p->tree(),
              "vrrp_instance v1 { virtual_router_id 1 }; vrrp_instance v2 { virtual_router_id 2 }; "
              "vrrp_instance v3 { virtual_router_id 3 }");
}

TEST(KeepalivedGenerator, MalformedIsHV005) {
    const char* bad[] = {"~SEQ(N) x\n",    "~SEQ(N, 1, 2, 3, 4) x\n", "~SEQ(1N, 3) x\n",
                         "~SEQ(N, a) x\n", "~SEQ(N, 1, 0, 3) x\n",    "~SEQ(N, 3 x\n",
                         "~LST(N) x\n",    "~LST({A,B}, {1}) x\n",    "~LST(N, {1,2}) x\n"};
    for (const char* b : bad) {
        auto p = parse(std::string(b) + "after 1\n");
        EXPECT_EQ(p->count("HV005"), 1u) << b << p->gnu();
        EXPECT_EQ(p->tree(), "after 1") << b;
    }
}

TEST(KeepalivedGenerator, HugeRangeIsBounded) {
    auto p = parse("~SEQ(N, 0, 1000000000) x ${N}\nafter 1\n");
    EXPECT_EQ(p->count("HV005"), 1u);
    auto q = parse("~SEQ(A,0,2000) ~SEQ(B,0,2000) x\n");
    EXPECT_EQ(q->count("HV005"), 1u);
}

}  // namespace
