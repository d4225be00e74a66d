// SPDX-License-Identifier: MIT
// havip.toml errors: TOML syntax (HV001 with line and column), unknown keys
// (HV003 with "did you mean"), wrong types and values (HV004); never a throw.
#include <gtest/gtest.h>

#include <random>

#include "syntax/toml/inventory.hpp"
#include "syntax/toml/policy.hpp"
#include "toml_test_util.hpp"

using havip::test::Read;

namespace {
const std::string kNodes =
    "[[node]]\nname = \"a\"\naddress = \"10.0.0.1\"\n[[node]]\nname = \"b\"\naddress = \"10.0.0.2\"\n";
const std::string kHead = "name = \"web\"\nrouter_id = 7\n";
}  // namespace

TEST(TomlErrors, SyntaxErrorHasLineAndColumnAndNoDocuments) {
    Read r("name = \"web\"\nrouter_id = \n");
    EXPECT_TRUE(r.docs.empty());
    ASSERT_EQ(r.codes(), "HV001");
    EXPECT_EQ(r.diags.items[0].severity, havip::diag::Severity::Error);
    EXPECT_EQ(r.where(0).line, 2u);
    EXPECT_EQ(r.where(0).col, 13u);
    EXPECT_NE(r.diags.items[0].message.find("missing value"), std::string::npos) << r.messages();
    EXPECT_EQ(r.diags.items[0].message.find("toml::"), std::string::npos) << r.messages();
}

TEST(TomlErrors, UnterminatedStringPointsAtTheString) {
    Read r("name = \"web\nrouter_id = 7\n");
    ASSERT_EQ(r.codes(), "HV001");
    EXPECT_EQ(r.where(0).line, 1u);
    EXPECT_EQ(r.where(0).col, 8u);
}

TEST(TomlErrors, DuplicateKeyShowsBothPlaces) {
    Read r("name = \"web\"\nname = \"db\"\n");
    ASSERT_EQ(r.codes(), "HV001");
    const auto& d = r.diags.items[0];
    EXPECT_EQ(r.where(0).line, 2u);
    EXPECT_EQ(r.at(0), "\"db\"");
    ASSERT_EQ(d.labels.size(), 2u);
    EXPECT_FALSE(d.labels[1].primary);
    EXPECT_EQ(r.text(d.labels[1].span), "\"web\"");
}

TEST(TomlErrors, UnknownKeysSuggestTheClosest) {
    Read r(kHead + "priorty = 50\nvip = [\"10.0.0.9\"]\n[garp]\nrefesh = 5\n" + kNodes);
    ASSERT_EQ(r.codes(), "HV003 HV003 HV003") << r.messages();
    EXPECT_EQ(r.at(0), "priorty");
    EXPECT_EQ(r.diags.items[0].severity, havip::diag::Severity::Warning);
    EXPECT_EQ(r.diags.items[0].help, "did you mean `priority`?");
    EXPECT_EQ(r.at(1), "vip");
    EXPECT_EQ(r.diags.items[1].help, "did you mean `vips`?");
    EXPECT_EQ(r.at(2), "refesh");
    EXPECT_EQ(r.diags.items[2].help, "did you mean `refresh`?");
    EXPECT_EQ(r.docs.size(), 2u);  // still read
}

TEST(TomlErrors, UnknownKeyWithNothingCloseHasNoGuess) {
    Read r(kHead + "colour = \"blue\"\n" + kNodes);
    ASSERT_EQ(r.codes(), "HV003");
    EXPECT_TRUE(r.diags.items[0].help.empty());
}

TEST(TomlErrors, UnknownKeysInNodesAndSubTables) {
    Read r(kHead +
           "[[node]]\nname = \"a\"\naddress = \"10.0.0.1\"\nadress = \"x\"\n"
           "notify = { mastr = \"/x\" }\ntrack = { interface = [\"eth1\"] }\n");
    ASSERT_EQ(r.codes(), "HV003 HV003 HV003") << r.messages();
    EXPECT_EQ(r.diags.items[0].help, "did you mean `address`?");
    EXPECT_EQ(r.diags.items[1].help, "did you mean `interfaces`?");
    EXPECT_EQ(r.diags.items[2].help, "did you mean `master`?");
}

TEST(TomlErrors, WrongTypesAreBadValues) {
    Read r(
        "name = \"web\"\nrouter_id = \"51\"\npriority = 5.5\ninterface = 0\nvips = \"10.0.0.9\"\n"
        "multicast = \"no\"\n[auth]\ntype = 1\n" +
        kNodes);
    // Once each, although every node reads the cluster's values.
    ASSERT_EQ(r.codes(), "HV004 HV004 HV004 HV004 HV004 HV004") << r.messages();
    bool saw_router = false, saw_vips = false;
    for (std::size_t i = 0; i < r.diags.items.size(); ++i) {
        const auto& m = r.diags.items[i].message;
        if (m == "`router_id` must be an integer, not a string") {
            saw_router = true;
            EXPECT_EQ(r.at(i), "\"51\"");
        }
        if (m == "`vips` must be an array, not a string") saw_vips = true;
    }
    EXPECT_TRUE(saw_router) << r.messages();
    EXPECT_TRUE(saw_vips) << r.messages();
}

TEST(TomlErrors, BadModeSuggests) {
    Read r(kHead + "mode = \"nonstanding\"\n" + kNodes);
    ASSERT_EQ(r.codes(), "HV004");
    EXPECT_EQ(r.diags.items[0].message, "`mode` must be \"standing\" or \"non-standing\", not `nonstanding`");
    EXPECT_EQ(r.diags.items[0].help, "did you mean `non-standing`?");
    EXPECT_TRUE(r.docs[0].mode.text.empty());
}

TEST(TomlErrors, MissingRequiredKeys) {
    Read r("mode = \"standing\"\n[[node]]\naddress = \"10.0.0.1\"\n[[node]]\nname = \"b\"\n");
    ASSERT_EQ(r.codes(), "HV004 HV004 HV004 HV004") << r.messages();
    EXPECT_NE(r.diags.items[0].message.find("missing `name`"), std::string::npos);
    EXPECT_NE(r.diags.items[1].message.find("missing `router_id`"), std::string::npos);
    EXPECT_EQ(r.diags.items[2].message, "[[node]] without `name`");
    EXPECT_NE(r.diags.items[3].message.find("without `address`"), std::string::npos);
    ASSERT_EQ(r.docs.size(), 1u);  // the named node is still read
}

TEST(TomlErrors, NoNodes) {
    Read r(kHead);
    ASSERT_EQ(r.codes(), "HV004");
    EXPECT_TRUE(r.docs.empty());
    Read t(kHead + "node = 3\n");
    ASSERT_EQ(t.codes(), "HV004");
    EXPECT_EQ(t.at(0), "3");
}

TEST(TomlErrors, DuplicateNodeNamesPointAtBoth) {
    Read r(kHead + "[[node]]\nname = \"a\"\naddress = \"10.0.0.1\"\n[[node]]\nname = \"a\"\naddress = \"10.0.0.2\"\n");
    ASSERT_EQ(r.codes(), "HV004");
    const auto& d = r.diags.items[0];
    EXPECT_EQ(d.message, "node `a` is declared twice");
    ASSERT_EQ(d.labels.size(), 2u);
    EXPECT_EQ(r.sm.begin_of(d.labels[0].span).line, 7u);
    EXPECT_EQ(r.sm.begin_of(d.labels[1].span).line, 4u);
    EXPECT_EQ(r.docs.size(), 1u);
}

TEST(TomlErrors, BadAddressesAndSubnets) {
    Read r(kHead + "subnet = \"10.0.0.0\"\n[[node]]\nname = \"a\"\naddress = \"10.0.0.300\"\n");
    ASSERT_EQ(r.codes(), "HV004 HV004") << r.messages();
    EXPECT_EQ(r.at(0), "\"10.0.0.0\"");
    EXPECT_EQ(r.at(1), "\"10.0.0.300\"");
}

TEST(TomlErrors, NamesMustBeWords) {
    Read r("name = \"my cluster\"\nrouter_id = 1\n[[node]]\nname = \"a/b\"\naddress = \"10.0.0.1\"\n");
    ASSERT_EQ(r.codes(), "HV004 HV004") << r.messages();
    EXPECT_TRUE(r.docs.empty());
}

TEST(TomlErrors, ScriptWithoutCommandAndPeersWithMulticast) {
    Read r(kHead + "multicast = true\n[script.chk]\ninterval = 2\n[[node]]\nname = \"a\"\npeers = [\"10.0.0.2\"]\n");
    ASSERT_EQ(r.codes(), "HV004 HV004") << r.messages();
    EXPECT_EQ(r.diags.items[0].message, "[script.chk] without `command`");
    EXPECT_EQ(r.at(0), "[script.chk]");
    EXPECT_EQ(r.at(1), "peers");
}

TEST(TomlErrors, PassThroughRejectsNestedTables) {
    Read r(kHead + "[global]\nnotification_email = { a = 1 }\n" + kNodes);
    ASSERT_EQ(r.codes(), "HV004") << r.messages();  // once, not once per node
    EXPECT_NE(r.diags.items[0].help.find("blocks"), std::string::npos);
}

TEST(TomlErrors, DeepNestingIsRefusedBeforeTheParserRecurses) {
    std::string deep = "a = " + std::string(100000, '[') + std::string(100000, ']') + "\n";
    Read r(deep);
    ASSERT_EQ(r.codes(), "HV001");
    EXPECT_NE(r.diags.items[0].message.find("nested deeper"), std::string::npos);
    std::string dotted = "a";
    for (int i = 0; i < 50000; ++i) dotted += ".a";
    Read d(dotted + " = 1\n");
    ASSERT_EQ(d.codes(), "HV001");
    std::string inl = "a = ";
    for (int i = 0; i < 5000; ++i) inl += "{b = ";
    Read e(inl + "1" + std::string(5000, '}') + "\n");
    ASSERT_EQ(e.codes(), "HV001");
    // Brackets inside strings and comments do not count.
    Read ok(kHead + "# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n[notify]\nmaster = \"/x [[[[[[[[[[[[[[[[[[[[[[[[[[\"\n" +
            kNodes);
    EXPECT_EQ(ok.diags.items.size(), 0u) << ok.messages();
}

TEST(TomlErrors, GarbageNeverThrows) {
    std::mt19937 rng(12345);
    const std::string alphabet = "[]{}=\"'#.,\n\\ abc123-_tfu\x01\xff\r\t";
    for (int n = 0; n < 3000; ++n) {
        std::string s;
        auto len = rng() % 200;
        for (unsigned i = 0; i < len; ++i) s += alphabet[rng() % alphabet.size()];
        EXPECT_NO_THROW({ Read r(s); });
    }
    std::string nul("name = \"a\0b\"\n", 13);
    EXPECT_NO_THROW({ Read r(nul); });
}

TEST(TomlErrors, InvalidUtf8IsASyntaxError) {
    Read r("name = \"\xed\xa0\x80\"\n");
    ASSERT_EQ(r.codes(), "HV001");
}

TEST(TomlErrors, InvalidUtf8IsRefusedBeforeTomlElevenReadsIt) {
    // Found by fuzzing: toml11 3.7 reads past the end of a literal string that
    // holds an invalid byte. Every reader refuses such a file with its location.
    for (std::string text :
         {std::string("'\xff'"), std::string("a.'\xff' = 1\n"), std::string("x = 1\ny = '\xc0\x80'\n"),
          std::string("s = \"\xf4\x90\x80\x80\"\n"), std::string("t = '\xe2\x82'\n")}) {
        Read r(text);
        ASSERT_EQ(r.codes(), "HV001") << r.messages();
        EXPECT_EQ(r.diags.items[0].message, "file is not valid UTF-8");
        EXPECT_TRUE(r.docs.empty());
        havip::source::SourceMap sm;
        havip::diag::DiagList d1, d2;
        EXPECT_FALSE(havip::syntax::toml::read_inventory_text(sm, "vpc.toml", text, d1).has_value());
        EXPECT_FALSE(havip::syntax::toml::read_policy_text(sm, ".havip-lint.toml", text, d2).has_value());
        EXPECT_EQ(d1.count_code("HV001") + d2.count_code("HV001"), 2u);
    }
    Read at("x = 1\ny = '\xff'\n");
    EXPECT_EQ(at.where(0).line, 2u);
    EXPECT_EQ(at.where(0).col, 6u);
    // Valid multi-byte text still reads.
    Read ok(
        "# caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\nname = \"caf\xc3\xa9\"\nrouter_id = 1\n[[node]]\nname = "
        "\"a\"\naddress = \"10.0.0.1\"\n");
    EXPECT_EQ(ok.diags.items.size(), 0u) << ok.messages();
}
