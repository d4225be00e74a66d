// SPDX-License-Identifier: MIT
// Spans map back to the original bytes: through includes and through expansion.
#include <gtest/gtest.h>

#include "helpers.hpp"

using testutil::parse;

namespace {

TEST(KeepalivedSpan, KeywordArgsAndBlock) {
    auto p = parse("global_defs {\n    router_id  \"r 1\"\n}\n");
    const auto& g = p->doc.statements.at(0);
    EXPECT_EQ(p->where(g.keyword_span), "test.conf:1:1");
    EXPECT_EQ(p->text(g.span), "global_defs {\n    router_id  \"r 1\"\n}");
    const auto& r = g.children.at(0);
    EXPECT_EQ(p->where(r.keyword_span), "test.conf:2:5");
    EXPECT_EQ(p->text(r.keyword_span), "router_id");
    EXPECT_EQ(p->where(r.args.at(0).span), "test.conf:2:16");
    EXPECT_EQ(p->text(r.args.at(0).span), "\"r 1\"");
    EXPECT_EQ(p->text(r.span), "router_id  \"r 1\"");
}

TEST(KeepalivedSpan, IncludedFileReportsItsOwnPathAndLine) {
    testutil::TempDir d;
    auto inc = d.write("conf.d/vi.conf", "# part\nvrrp_instance VI_1 {\n    priority 100\n}\n");
    auto root = d.write("keepalived.conf", "global_defs {\n}\ninclude conf.d/vi.conf\n");
    auto p = testutil::parse_file(root);
    ASSERT_EQ(p->doc.statements.size(), 2u);
    const auto& vi = p->doc.statements[1];
    EXPECT_EQ(p->where(vi.keyword_span), inc + ":2:1");
    EXPECT_EQ(p->where(vi.children.at(0).args.at(0).span), inc + ":3:14");
    // The included file records the include statement.
    const auto& f = p->sm.file(vi.span.file);
    ASSERT_TRUE(f.included_from.has_value());
    EXPECT_EQ(p->where(*f.included_from), root + ":3:1");
    EXPECT_EQ(p->text(*f.included_from), "include conf.d/vi.conf");
}

TEST(KeepalivedSpan, ExpandedVariableMapsToTheReference) {
    auto p = parse("$PRIO=150\nvrrp_instance A {\n  priority ${PRIO}\n  weight $PRIO\n}\n");
    const auto& kids = p->doc.statements.at(0).children;
    EXPECT_EQ(kids[0].args[0].text, "150");
    EXPECT_EQ(p->where(kids[0].args[0].span), "test.conf:3:12");
    EXPECT_EQ(p->text(kids[0].args[0].span), "${PRIO}");
    EXPECT_EQ(p->text(kids[1].args[0].span), "$PRIO");
    // Literal text on the same line keeps its own position.
    EXPECT_EQ(p->where(kids[0].keyword_span), "test.conf:3:3");
}

TEST(KeepalivedSpan, PartlyExpandedWordCoversLiteralAndReference) {
    auto p = parse("$NET=10.1\nvip ${NET}.0.7/24\n");
    const auto& a = p->doc.statements.at(0).args.at(0);
    EXPECT_EQ(a.text, "10.1.0.7/24");
    EXPECT_EQ(p->text(a.span), "${NET}.0.7/24");
}

TEST(KeepalivedSpan, MultiLineDefinitionMapsToTheReference) {
    auto p = parse("$BLOCK= \\\nvrrp_instance X { \\\n state MASTER \\\n}\nfoo 1\n  $BLOCK\n");
    ASSERT_EQ(p->doc.statements.size(), 2u);
    const auto& x = p->doc.statements[1];
    EXPECT_EQ(x.keyword, "vrrp_instance");
    EXPECT_EQ(p->where(x.keyword_span), "test.conf:6:3");
    EXPECT_EQ(p->text(x.children.at(0).span), "$BLOCK");
}

TEST(KeepalivedSpan, GeneratedLineMapsLiteralsAndVariable) {
    auto p = parse("~SEQ(N, 1, 2) ip 10.0.${N}.1\n");
    ASSERT_EQ(p->doc.statements.size(), 2u);
    for (const auto& s : p->doc.statements) {
        EXPECT_EQ(p->where(s.keyword_span), "test.conf:1:15");
        EXPECT_EQ(p->text(s.args.at(0).span), "10.0.${N}.1");
    }
}

TEST(KeepalivedSpan, ConditionalLineKeepsColumns) {
    kp::Options o;
    o.config_id = "main";
    auto p = parse("unicast_peer {\n    @main 1.2.3.4\n}\n", o);
    const auto& peer = p->doc.statements.at(0).children.at(0);
    EXPECT_EQ(p->where(peer.keyword_span), "test.conf:2:11");
}

TEST(KeepalivedSpan, ErrorInIncludedFileHasIncludedPath) {
    testutil::TempDir d;
    auto inc = d.write("bad.conf", "x {\n  y \"open\n}\n");
    auto root = d.write("k.conf", "include bad.conf\n");
    auto p = testutil::parse_file(root);
    EXPECT_EQ(p->gnu(), inc + ":2:5: error: unterminated quote [HV001]\n");
}

}  // namespace
