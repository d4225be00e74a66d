// SPDX-License-Identifier: MIT
// The keyword catalogue: the embedded schemas/keywords.tsv parses cleanly and
// holds the facts lowering and HV105 rely on; the TSV reader rejects broken rows.
#include "model/catalogue.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "diag/spellcheck.hpp"
#include "model/argspec.hpp"

namespace havip::model {
namespace {

std::string read_schema() {
    std::ifstream in(std::string(HAVIP_SOURCE_DIR) + "/schemas/keywords.tsv", std::ios::binary);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

TEST(Catalogue, SchemaParsesWithoutErrors) {
    std::string text = read_schema();
    ASSERT_FALSE(text.empty());
    std::vector<std::string> errors;
    Catalogue cat = Catalogue::parse(text, &errors);
    for (const auto& e : errors) ADD_FAILURE() << e;
    EXPECT_GT(cat.all().size(), 500u);
    // The embedded copy is the same data.
    EXPECT_EQ(Catalogue::builtin().all().size(), cat.all().size());
}

TEST(Catalogue, BuiltinIsParsedOnce) { EXPECT_EQ(&Catalogue::builtin(), &Catalogue::builtin()); }

TEST(Catalogue, EveryShapeCompilesAndEveryRangeParses) {
    const auto& cat = Catalogue::builtin();
    for (const auto& s : cat.all()) {
        std::string err;
        EXPECT_TRUE(argspec::compile(s.args, &err).has_value()) << s.block << " " << s.keyword << ": " << err;
        (void)cat.shape(s);  // never null: a reference
        EXPECT_EQ(cat.range(s).has_value(), !s.range.empty()) << s.keyword;
    }
}

TEST(Catalogue, NoDuplicateBlockKeyword) {
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& s : Catalogue::builtin().all())
        EXPECT_TRUE(seen.emplace(s.block, s.keyword).second) << s.block << " " << s.keyword;
}

TEST(Catalogue, KnownFacts) {
    const auto& cat = Catalogue::builtin();
    const KeywordSpec* prio = cat.find("vrrp_instance", "priority");
    ASSERT_NE(prio, nullptr);
    EXPECT_EQ(prio->kind, KeywordKind::Value);
    ASSERT_TRUE(cat.range(*prio).has_value());
    EXPECT_EQ(cat.range(*prio)->min, 1);
    EXPECT_EQ(cat.range(*prio)->max, 255);
    EXPECT_FALSE(prio->since.known());

    const KeywordSpec* vmac = cat.find("vrrp_instance", "use_vmac");
    ASSERT_NE(vmac, nullptr);
    EXPECT_EQ(vmac->since, (Version{1, 2, 3}));
    const KeywordSpec* delay = cat.find("global_defs", "vrrp_startup_delay");
    ASSERT_NE(delay, nullptr);
    EXPECT_EQ(delay->since.str(), "2.0.14");

    const KeywordSpec* inst = cat.find("", "vrrp_instance");
    ASSERT_NE(inst, nullptr);
    EXPECT_EQ(inst->kind, KeywordKind::NamedBlock);
    EXPECT_TRUE(inst->takes_block());
    const KeywordSpec* vips = cat.find("vrrp_instance", "virtual_ipaddress");
    ASSERT_NE(vips, nullptr);
    EXPECT_EQ(vips->kind, KeywordKind::List);
    const KeywordSpec* dev = cat.find("vrrp_instance/virtual_ipaddress", "dev");
    ASSERT_NE(dev, nullptr);
    EXPECT_EQ(dev->kind, KeywordKind::Option);
    EXPECT_FALSE(dev->is_statement());

    EXPECT_EQ(cat.find("vrrp_instance", "no_such_keyword"), nullptr);
    EXPECT_EQ(cat.find("global_defs", "priority"), nullptr);
}

TEST(Catalogue, ShapeMatchesWords) {
    const auto& cat = Catalogue::builtin();
    const KeywordSpec* prio = cat.find("vrrp_instance", "priority");
    ASSERT_NE(prio, nullptr);
    EXPECT_TRUE(argspec::match(cat.shape(*prio), {"100"}).ok);
    EXPECT_FALSE(argspec::match(cat.shape(*prio), {"high"}).ok);
    EXPECT_FALSE(argspec::match(cat.shape(*prio), {}).ok);
    // A copy of a spec is found by its key.
    KeywordSpec copy = *prio;
    EXPECT_EQ(&cat.shape(copy), &cat.shape(*prio));
    EXPECT_EQ(cat.range(copy)->max, 255);
}

TEST(Catalogue, InBlockAndBlocksOf) {
    const auto& cat = Catalogue::builtin();
    auto auth = cat.in_block("vrrp_instance/authentication");
    std::set<std::string> words;
    for (const auto* s : auth) words.insert(s->keyword);
    EXPECT_TRUE(words.count("auth_type"));
    EXPECT_TRUE(words.count("auth_pass"));

    auto blocks = cat.blocks_of("vrrp_startup_delay");
    ASSERT_EQ(blocks.size(), 1u);
    EXPECT_EQ(blocks[0], "global_defs");
    EXPECT_TRUE(cat.blocks_of("no_such_keyword").empty());
    // Option words are not statements.
    for (const auto& b : cat.blocks_of("dev")) EXPECT_NE(b, "vrrp_instance/virtual_ipaddress");
}

TEST(Catalogue, Suggest) {
    const auto& cat = Catalogue::builtin();
    EXPECT_EQ(cat.suggest("vrrp_instance", "priorty"), "priority");
    EXPECT_EQ(cat.suggest("vrrp_instance", "virtual_ruoter_id"), "virtual_router_id");
    EXPECT_EQ(cat.suggest("vrrp_instance", "advret_int"), "advert_int");
    EXPECT_EQ(cat.suggest("vrrp_instance", "zzzzzzzz"), "");
    EXPECT_EQ(cat.suggest("vrrp_instance", "x"), "");
    // Only keywords of the block are offered.
    EXPECT_EQ(cat.suggest("global_defs", "priorty"), "");
    // Option words only when asked for.
    EXPECT_EQ(cat.suggest("vrrp_instance/virtual_ipaddress", "lable", true), "label");
    EXPECT_EQ(cat.suggest("vrrp_instance/virtual_ipaddress", "lable"), "");
    // A huge word costs nothing and suggests nothing.
    EXPECT_EQ(cat.suggest("vrrp_instance", std::string(100000, 'p')), "");
}

// The distance suggest() relies on (diag::closest), unbounded here.
TEST(EditDistance, Cases) {
    auto edit_distance = [](std::string_view a, std::string_view b) { return diag::edit_distance(a, b, 64); };
    EXPECT_EQ(edit_distance("", ""), 0u);
    EXPECT_EQ(edit_distance("abc", ""), 3u);
    EXPECT_EQ(edit_distance("", "abc"), 3u);
    EXPECT_EQ(edit_distance("priority", "priority"), 0u);
    EXPECT_EQ(edit_distance("priorty", "priority"), 1u);    // deletion
    EXPECT_EQ(edit_distance("prioriity", "priority"), 1u);  // insertion
    EXPECT_EQ(edit_distance("priorjty", "priority"), 1u);   // substitution
    EXPECT_EQ(edit_distance("prioirty", "priority"), 1u);   // transposition
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
    EXPECT_EQ(edit_distance("ca", "abc"), 3u);  // OSA, not unrestricted Damerau
    EXPECT_EQ(edit_distance("abcdef", "badcfe"), 3u);
}

TEST(Version, ParseAndPrint) {
    EXPECT_EQ(Version::parse("2.2.7"), (Version{2, 2, 7}));
    EXPECT_EQ(Version::parse("2.2"), (Version{2, 2, 0}));
    EXPECT_EQ(Version::parse("1.2.3")->str(), "1.2.3");
    EXPECT_FALSE(Version::parse(""));
    EXPECT_FALSE(Version::parse("2"));
    EXPECT_FALSE(Version::parse("2.2.7.1"));
    EXPECT_FALSE(Version::parse("2..7"));
    EXPECT_FALSE(Version::parse("v2.2.7"));
    EXPECT_FALSE(Version::parse("?"));
    EXPECT_FALSE(Version::parse("99999999999.0"));
    EXPECT_LT((Version{2, 0, 18}), (Version{2, 2, 0}));
    EXPECT_LT((Version{1, 2, 20}), (Version{2, 0, 0}));
    EXPECT_FALSE(Version{}.known());
}

TEST(Range, Parse) {
    auto r = Range::parse("1..255");
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->contains(1));
    EXPECT_TRUE(r->contains(255));
    EXPECT_FALSE(r->contains(0));
    EXPECT_FALSE(r->contains(256));
    auto n = Range::parse("-253..253");
    ASSERT_TRUE(n);
    EXPECT_EQ(n->min, -253);
    auto f = Range::parse("0.01..255");
    ASSERT_TRUE(f);
    EXPECT_DOUBLE_EQ(f->min, 0.01);
    EXPECT_FALSE(Range::parse(""));
    EXPECT_FALSE(Range::parse("1-255"));
    EXPECT_FALSE(Range::parse("255..1"));
    EXPECT_FALSE(Range::parse("a..b"));
    EXPECT_FALSE(Range::parse("inf..nan"));
    EXPECT_FALSE(Range::parse("1..255x"));
}

TEST(KeywordKindNames, RoundTripThroughTheCatalogueSpelling) {
    EXPECT_STREQ(to_string(KeywordKind::Flag), "flag");
    EXPECT_STREQ(to_string(KeywordKind::NamedBlock), "named_block");
    EXPECT_STREQ(to_string(KeywordKind::List), "list");
    EXPECT_STREQ(to_string(KeywordKind::Option), "option");
    EXPECT_STREQ(to_string(KeywordKind::Syntax), "syntax");
}

TEST(CatalogueParse, MalformedLinesAreReported) {
    const std::string tsv =
        "# comment\n"
        "\n"
        "vrrp_instance\tpriority\tvalue\tuint\t1..255\t?\tok\n"
        "vrrp_instance\tshort\tvalue\n"                                 // 4: too few columns
        "vrrp_instance\tbadkind\tthing\t\t\t?\t\n"                      // 5: unknown kind
        "vrrp_instance\tbadshape\tvalue\tenum(A|\t\t?\t\n"              // 6: shape does not compile
        "vrrp_instance\tbadrange\tvalue\tuint\t9..1\t?\t\n"             // 7: empty range
        "vrrp_instance\tbadsince\tvalue\tuint\t\tsoon\t\n"              // 8: not a version
        "vrrp_instance\tpriority\tvalue\tuint\t\t?\tagain\n"            // 9: duplicate
        "vrrp_instance\t\tflag\t\t\t?\t\n"                              // 10: no keyword
        "vrrp_instance\tnotes_left_off\tflag\t\t\t2.0.0\n"              // fine: 6 columns
        "\tvrrp_script\tnamed_block\tname\t\t1.1.13 lower bound\t\r\n"  // fine: remark after the
                                                                        // version, CRLF
        "a\tb\tflag\t\t\t?\tx\ty\n";                                    // 13: too many columns
    std::vector<std::string> errors;
    Catalogue cat = Catalogue::parse(tsv, &errors);
    ASSERT_EQ(errors.size(), 8u);
    EXPECT_NE(errors[0].find("line 4"), std::string::npos) << errors[0];
    EXPECT_NE(errors[1].find("line 5"), std::string::npos) << errors[1];
    EXPECT_NE(errors[1].find("unknown kind"), std::string::npos) << errors[1];
    EXPECT_NE(errors[2].find("line 6"), std::string::npos) << errors[2];
    EXPECT_NE(errors[2].find("shape"), std::string::npos) << errors[2];
    EXPECT_NE(errors[3].find("range"), std::string::npos) << errors[3];
    EXPECT_NE(errors[4].find("version"), std::string::npos) << errors[4];
    EXPECT_NE(errors[5].find("duplicate"), std::string::npos) << errors[5];
    EXPECT_NE(errors[6].find("line 10"), std::string::npos) << errors[6];
    EXPECT_NE(errors[7].find("line 13"), std::string::npos) << errors[7];

    ASSERT_EQ(cat.all().size(), 3u);
    EXPECT_EQ(cat.find("vrrp_instance", "priority")->notes, "ok");  // the first row wins
    EXPECT_EQ(cat.find("vrrp_instance", "notes_left_off")->since, (Version{2, 0, 0}));
    const KeywordSpec* script = cat.find("", "vrrp_script");
    ASSERT_NE(script, nullptr);
    EXPECT_EQ(script->since, (Version{1, 1, 13}));
    EXPECT_EQ(script->kind, KeywordKind::NamedBlock);
    // Errors are optional.
    EXPECT_EQ(Catalogue::parse(tsv).all().size(), 3u);
}

TEST(CatalogueParse, ArbitraryBytesNeverThrow) {
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk.push_back(static_cast<char>((i * 131 + 7) % 256));
    std::vector<std::string> errors;
    EXPECT_NO_THROW((void)Catalogue::parse(junk, &errors));
    EXPECT_NO_THROW((void)Catalogue::parse("\t\t\t\t\t\t", &errors));
}

}  // namespace
}  // namespace havip::model
