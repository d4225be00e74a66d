// SPDX-License-Identifier: MIT
// A damaged or hostile plan is refused with a message naming the field and
// its offset, never read out of bounds: every truncation, every single-bit
// flip (with the checksum left alone and re-sealed), versions, unknown
// sections, and lies in every count, offset and length.
#include <gtest/gtest.h>

#include <random>

#include "emit/plan_writer.hpp"
#include "plan/loader.hpp"
#include "plan_fixtures.hpp"
#include "plan_walk.hpp"
#include "raw_plan.hpp"

namespace havip {
namespace {

using plan::PlanView;
using plan::SectionId;
using plan_test::RawPlan;
using plan_test::RawSection;

std::vector<std::byte> guide_plan() {
    return emit::write_plan(plan_test::guide_node(), emit::PlanMeta{"havip 0.1.0", 42});
}
std::vector<std::byte> full_plan() {
    return emit::write_plan(plan_test::full_node(), emit::PlanMeta{"havip 0.1.0", 42});
}

void reseal(std::vector<std::byte>& b) { RawPlan::fix_checksum(b); }

/// Refused, with a message that names an offset and contains `needle`.
::testing::AssertionResult rejected(const std::vector<std::byte>& b, std::string_view needle = "") {
    auto r = PlanView::load(b);
    if (r.ok()) return ::testing::AssertionFailure() << "plan was accepted:\n" << plan::disassemble(*r);
    const auto& m = r.error().message;
    if (m.empty()) return ::testing::AssertionFailure() << "empty message";
    if (m.find(" at offset " + std::to_string(r.error().offset)) == std::string::npos)
        return ::testing::AssertionFailure() << "message names no offset: " << m;
    if (r.error().offset > b.size()) return ::testing::AssertionFailure() << "offset past the plan: " << m;
    if (m.find(needle) == std::string::npos)
        return ::testing::AssertionFailure() << "message lacks `" << needle << "`: " << m;
    if (plan::verify(b).message() != m) return ::testing::AssertionFailure() << "verify() disagrees with load()";
    return ::testing::AssertionSuccess() << m;
}

TEST(PlanCorruption, FixturesLoad) {
    for (const auto& b : {guide_plan(), full_plan()}) {
        ASSERT_FALSE(b.empty());
        ASSERT_TRUE(PlanView::load(b).ok()) << plan::verify(b).message();
        EXPECT_TRUE(plan::verify(b).ok());
    }
}

TEST(PlanCorruption, EveryTruncation) {
    for (const auto& b : {guide_plan(), full_plan()}) {
        for (std::size_t len = 0; len < b.size(); ++len) {
            const std::vector<std::byte> cut(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(len));
            EXPECT_TRUE(rejected(cut, "truncated")) << "length " << len;
        }
    }
}

TEST(PlanCorruption, EveryTruncationWithAResealedHeader) {
    // The header re-sealed to claim the cut length: the section table itself
    // must then show that something is missing.
    for (const auto& b : {guide_plan(), full_plan()}) {
        for (std::size_t len = plan::kHeaderSize; len < b.size(); ++len) {
            std::vector<std::byte> cut(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(len));
            plan::put_u32(&cut[plan::header::total_size], static_cast<std::uint32_t>(len));
            reseal(cut);
            EXPECT_TRUE(rejected(cut)) << "length " << len;
        }
    }
}

TEST(PlanCorruption, EveryBitFlip) {
    for (const auto& b : {guide_plan(), full_plan()}) {
        for (std::size_t i = 0; i < b.size(); ++i)
            for (int bit = 0; bit < 8; ++bit) {
                auto c = b;
                c[i] ^= static_cast<std::byte>(1u << bit);
                EXPECT_TRUE(rejected(c)) << "byte " << i << " bit " << bit;
            }
    }
}

TEST(PlanCorruption, EveryBitFlipResealed) {
    // The same flips with a correct checksum (a bug in a writer, or a forger):
    // the structural checks catch what they can, and whatever is still a
    // well-formed plan must be fully readable within bounds.
    for (const auto& b : {guide_plan(), full_plan()}) {
        const auto v = PlanView::load(b);
        ASSERT_TRUE(v.ok());
        const std::size_t table_end = v->table_end();
        std::size_t refused = 0, accepted = 0;
        for (std::size_t i = 0; i < b.size(); ++i) {
            if (i >= plan::header::checksum && i < plan::header::checksum + 4) continue;
            for (int bit = 0; bit < 8; ++bit) {
                auto c = b;
                c[i] ^= static_cast<std::byte>(1u << bit);
                reseal(c);
                auto r = PlanView::load(c);
                if (!r.ok()) {
                    ++refused;
                    EXPECT_TRUE(rejected(c)) << "byte " << i << " bit " << bit;
                    continue;
                }
                ++accepted;
                // Header and table are fully determined by the content, except
                // the "optional" flag of a known section (readers that know a
                // section read it either way).
                EXPECT_GE(i, plan::kHeaderSize) << "header byte " << i << " bit " << bit << " accepted";
                if (i < table_end) {
                    EXPECT_EQ(bit, 0) << "table byte " << i << " bit " << bit << " accepted";
                    EXPECT_EQ(c[i - 1], b[i - 1]);
                }
                EXPECT_FALSE(plan_test::describe(*r).empty());
                EXPECT_FALSE(plan::disassemble(*r).empty());
            }
        }
        std::printf("%zu-byte plan, single-bit flips re-sealed: %zu refused, %zu still well-formed\n", b.size(),
                    refused, accepted);
        EXPECT_GT(refused, 0u);
    }
}

TEST(PlanCorruption, Versions) {
    auto b = guide_plan();
    b[plan::header::version] = std::byte{plan::kFormatVersion + 1};
    reseal(b);
    EXPECT_TRUE(rejected(b, "plan format 2 is newer than this loader (format 1); upgrade havipd"));
    b[plan::header::version] = std::byte{0xff};
    reseal(b);
    EXPECT_TRUE(rejected(b, "newer than this loader"));
    b[plan::header::version] = std::byte{0};
    reseal(b);
    EXPECT_TRUE(rejected(b, "unknown plan format 0"));
    // The version is checked before the checksum: a newer plan with a newer
    // checksum rule still gets the version message, not "corrupted".
    b = guide_plan();
    b[plan::header::version] = std::byte{plan::kFormatVersion + 1};
    EXPECT_TRUE(rejected(b, "newer than this loader"));
}

TEST(PlanCorruption, HeaderFields) {
    auto b = guide_plan();
    b[0] = std::byte{'X'};
    EXPECT_TRUE(rejected(b, "not a havip plan"));
    b = guide_plan();
    b[plan::header::flags] = std::byte{0x80};
    reseal(b);
    EXPECT_TRUE(rejected(b, "unknown flag bits 0x80"));
    b = guide_plan();
    b[plan::header::reserved] = std::byte{1};
    reseal(b);
    EXPECT_TRUE(rejected(b, "reserved"));
    b = guide_plan();
    b[plan::header::checksum] ^= std::byte{1};
    EXPECT_TRUE(rejected(b, "corrupted plan"));
    b = guide_plan();
    b.push_back(std::byte{0});
    EXPECT_TRUE(rejected(b, "trailing bytes"));
    EXPECT_TRUE(rejected({}, "shorter than the 16-byte header"));
    std::vector<std::byte> big(plan::kMaxPlanSize + 1);
    EXPECT_TRUE(rejected(big, "limit"));
}

std::string content(const std::vector<std::byte>& b) {
    auto r = PlanView::load(b);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? plan_test::describe(*r) : "";
}

TEST(PlanCorruption, UnknownOptionalSectionsAreSkipped) {
    const auto b = full_plan();
    const auto want = content(b);
    const auto raw = RawPlan::parse(b);
    for (std::size_t pos = 0; pos <= raw.sections.size(); ++pos) {
        auto r = raw;
        RawSection extra{200, plan::kSectionOptional, 3, 2, {}};
        for (int i = 0; i < 6; ++i) extra.body.push_back(static_cast<std::byte>(0xa0 + i));
        r.insert(pos, extra);
        r.insert(0, RawSection{199, plan::kSectionOptional, 0, 0, {}});  // empty, at the front
        const auto c = r.build();
        EXPECT_EQ(content(c), want) << "at position " << pos;
        const auto v = PlanView::load(c);
        ASSERT_TRUE(v.ok());
        EXPECT_EQ(v->sections().size(), raw.sections.size() + 2);
        EXPECT_NE(plan::disassemble(*v).find("200"), std::string::npos);
    }
}

TEST(PlanCorruption, UnknownRequiredSectionIsRefused) {
    auto r = RawPlan::parse(guide_plan());
    r.insert(1, RawSection{199, 0, 1, 1, {std::byte{7}}});
    EXPECT_TRUE(rejected(r.build(), "required section id 199 is unknown to this loader (format 1); upgrade havipd"));
    r = RawPlan::parse(guide_plan());
    r.sections[0].flags = 0x02;
    EXPECT_TRUE(rejected(r.build(), "section[0] (node).flags"));
}

TEST(PlanCorruption, RouteRecordsAreChecked) {
    const auto raw = RawPlan::parse(full_plan());
    auto route_section = [](RawPlan& r) -> RawSection& {
        for (auto& s : r.sections)
            if (s.id == static_cast<std::uint8_t>(plan::SectionId::Route)) return s;
        return r.sections.front();
    };
    auto r = raw;
    ASSERT_EQ(route_section(r).id, static_cast<std::uint8_t>(plan::SectionId::Route));
    route_section(r).body[plan::route::kind] = std::byte{2};
    EXPECT_TRUE(rejected(r.build(), "route[0].kind"));
    r = raw;
    route_section(r).body[plan::route::instance] = std::byte{9};
    EXPECT_TRUE(rejected(r.build(), "route[0].instance"));
    r = raw;
    route_section(r).body[plan::route::dst_len] = std::byte{33};
    EXPECT_TRUE(rejected(r.build(), "route[0].dst_len"));
    r = raw;
    route_section(r).body[plan::route::flags] = std::byte{0x04};  // IPv6, with IPv4 addresses
    EXPECT_TRUE(rejected(r.build(), "address family differs"));
}

// A static route (instance 65535) is the last; any other index past the
// instances, or a record after it, is refused.
TEST(PlanCorruption, StaticRouteRecordsAreChecked) {
    auto n = plan_test::guide_node();
    model::Route rt;
    rt.dst = *model::Cidr::parse("10.9.0.0/16");
    n.static_routes = {rt, rt};
    const auto raw = RawPlan::parse(emit::write_plan(n, emit::PlanMeta{"havip 0.1.0", 42}));
    auto route_section = [](RawPlan& r) -> RawSection& {
        for (auto& s : r.sections)
            if (s.id == static_cast<std::uint8_t>(plan::SectionId::Route)) return s;
        return r.sections.front();
    };
    auto r = raw;
    ASSERT_EQ(route_section(r).id, static_cast<std::uint8_t>(plan::SectionId::Route));
    EXPECT_FALSE(rejected(r.build()));
    plan::put_u16(r.field(SectionId::Route, 0, plan::route::instance), 0xfffe);
    EXPECT_TRUE(rejected(r.build(), "route[0].instance"));
    r = raw;
    plan::put_u16(r.field(SectionId::Route, 1, plan::route::instance), 0);  // instance 0 after the node's
    EXPECT_TRUE(rejected(r.build(), "route[1].instance"));
}

// A static address names its device and carries no VIP-only flag. The
// writer trims a record's trailing zeros, so fields are set through field(),
// which widens the section to its full record first.
TEST(PlanCorruption, StaticAddressRecordsAreChecked) {
    auto n = plan_test::guide_node();
    model::StaticAddress a;
    a.addr.addr = *model::Cidr::parse("172.16.0.50/24");
    a.addr.dev = "eth0";
    n.static_addresses = {a};
    const auto raw = RawPlan::parse(emit::write_plan(n, emit::PlanMeta{"havip 0.1.0", 42}));
    auto r = raw;
    EXPECT_FALSE(rejected(r.build()));
    plan::put_u16(r.field(SectionId::Static, 0, plan::static_address::dev), 0);
    EXPECT_TRUE(rejected(r.build(), "static_address[0].dev"));
    r = raw;
    *r.field(SectionId::Static, 0, plan::static_address::flags) = std::byte{plan::kVipExcluded};
    EXPECT_TRUE(rejected(r.build(), "static_address[0].flags"));
    r = raw;
    *r.field(SectionId::Static, 0, plan::static_address::prefix) = std::byte{33};
    EXPECT_TRUE(rejected(r.build(), "static_address[0].prefix"));
}

TEST(PlanCorruption, LongerAndShorterRecords) {
    const auto b = full_plan();
    const auto want = content(b);
    for (auto id : {SectionId::Node, SectionId::Instance, SectionId::Vip, SectionId::Peer, SectionId::Track,
                    SectionId::Script, SectionId::Command, SectionId::Fifo}) {
        const auto name = plan::section_name(static_cast<std::uint8_t>(id));
        // A newer writer's longer record with zero in the new field reads the same.
        auto r = RawPlan::parse(b);
        auto& s = r.widen(id, plan::record_size(id) + 3);
        EXPECT_EQ(content(r.build()), want) << name;
        // A non-zero unknown field is a feature this reader lacks.
        s.body[s.record_size - 1] = std::byte{1};
        EXPECT_TRUE(rejected(r.build(), "unknown to this loader")) << name;
        // Every stored size from 1 to full reads as zeros beyond the cut, so
        // only shrinking below a non-zero byte changes the content.
        auto w = RawPlan::parse(b);
        w.widen(id);
        EXPECT_EQ(content(w.build()), want) << name;
    }
}

/// Data-section helpers: the section, and a blob appended to it.
std::uint16_t append_data(RawPlan& r, std::vector<std::byte> blob) {
    auto& d = *r.find(SectionId::Data);
    const auto ref = static_cast<std::uint16_t>(d.body.size());
    d.body.insert(d.body.end(), blob.begin(), blob.end());
    d.count = static_cast<std::uint32_t>(d.body.size());
    return ref;
}
std::vector<std::byte> bytes(std::initializer_list<int> v) {
    std::vector<std::byte> o;
    for (int x : v) o.push_back(static_cast<std::byte>(x));
    return o;
}

TEST(PlanCorruption, LyingTable) {
    const auto b = full_plan();
    const auto n = RawPlan::parse(b).sections.size();
    for (std::size_t i = 0; i < n; ++i) {
        const std::string f = "section[" + std::to_string(i) + "]";
        for (int delta : {-1, 1, 1000}) {
            auto r = RawPlan::parse(b);
            auto& s = r.sections[i];
            if (delta < 0 && s.count == 0) continue;
            s.table_count = static_cast<std::uint32_t>(s.count + delta);
            EXPECT_TRUE(rejected(r.build())) << f << " count " << delta;
            r = RawPlan::parse(b);
            const auto built = r.build();
            const auto off = PlanView::load(built)->sections()[i].offset;
            r.sections[i].table_offset = static_cast<std::uint32_t>(off + delta);
            EXPECT_TRUE(rejected(r.build(), ".offset")) << f << " offset " << delta;
        }
        auto r = RawPlan::parse(b);
        r.sections[i].record_size = static_cast<std::uint8_t>(r.sections[i].record_size + 1);
        EXPECT_TRUE(rejected(r.build())) << f << " record_size";
        r = RawPlan::parse(b);
        r.sections[i].table_count = 0xffffffffu;
        EXPECT_TRUE(rejected(r.build(), ".count")) << f << " huge count";
    }
    // The header's section count, too few and too many.
    for (int delta : {-1, 1}) {
        auto c = b;
        c[plan::header::section_count] =
            static_cast<std::byte>(static_cast<int>(c[plan::header::section_count]) + delta);
        reseal(c);
        EXPECT_TRUE(rejected(c)) << "section_count " << delta;
    }
    // total_size claims, re-sealed.
    for (std::uint32_t t : {0u, 15u, 16u, static_cast<std::uint32_t>(b.size() - 1),
                            static_cast<std::uint32_t>(b.size() + 1), 0xffffffffu}) {
        auto c = b;
        plan::put_u32(&c[plan::header::total_size], t);
        reseal(c);
        EXPECT_TRUE(rejected(c, "total_size")) << t;
    }
}

TEST(PlanCorruption, BadTableEntries) {
    auto r = RawPlan::parse(guide_plan());
    r.sections[1].id = r.sections[0].id;
    EXPECT_TRUE(rejected(r.build(), "appears twice"));
    r = RawPlan::parse(guide_plan());
    r.sections[1].id = 0;
    EXPECT_TRUE(rejected(r.build(), "section id 0 is reserved"));
    r = RawPlan::parse(guide_plan());
    r.sections.erase(r.sections.begin());
    EXPECT_TRUE(rejected(r.build(), "no node section"));
    r = RawPlan::parse(guide_plan());
    r.sections.pop_back();
    EXPECT_TRUE(rejected(r.build(), "no data section"));
    r = RawPlan::parse(guide_plan());
    r.find(SectionId::Data)->record_size = 2;
    r.find(SectionId::Data)->body.push_back(std::byte{0});
    r.find(SectionId::Data)->count = static_cast<std::uint32_t>(r.find(SectionId::Data)->body.size() / 2);
    EXPECT_TRUE(rejected(r.build(), "record_size"));
    r = RawPlan::parse(guide_plan());
    auto& node = *r.find(SectionId::Node);
    node.body.insert(node.body.end(), node.body.begin(), node.body.end());
    node.count = 2;
    EXPECT_TRUE(rejected(r.build(), "must be 1, is 2"));
    r = RawPlan::parse(guide_plan());
    r.find(SectionId::Peer)->record_size = 0;
    r.find(SectionId::Peer)->body.clear();
    EXPECT_TRUE(rejected(r.build(), "0 with records present"));
    r = RawPlan::parse(guide_plan());
    auto& data = *r.find(SectionId::Data);
    data.body[0] = std::byte{'x'};
    EXPECT_TRUE(rejected(r.build(), "data[0]"));
    // Non-canonical and oversized varints in the table.
    auto c = guide_plan();
    const std::size_t count_at = plan::kHeaderSize + 3;  // node section count: 1
    ASSERT_EQ(c[count_at], std::byte{1});
    c[count_at] = std::byte{0x81};
    c.insert(c.begin() + static_cast<std::ptrdiff_t>(count_at) + 1, std::byte{0});
    plan::put_u32(&c[plan::header::total_size], static_cast<std::uint32_t>(c.size()));
    reseal(c);
    EXPECT_TRUE(rejected(c, "bad varint"));
    c = guide_plan();
    c[count_at] = std::byte{0xff};
    for (int i = 0; i < 5; ++i) c.insert(c.begin() + static_cast<std::ptrdiff_t>(count_at) + 1, std::byte{0xff});
    plan::put_u32(&c[plan::header::total_size], static_cast<std::uint32_t>(c.size()));
    reseal(c);
    EXPECT_TRUE(rejected(c, "bad varint"));
}

/// Sets a u16 field and expects the plan refused with `needle`.
void lie16(SectionId id, std::size_t rec, std::size_t off, std::uint16_t v, std::string_view needle) {
    auto r = RawPlan::parse(full_plan());
    plan::put_u16(r.field(id, rec, off), v);
    EXPECT_TRUE(rejected(r.build(), needle))
        << plan::section_name(static_cast<std::uint8_t>(id)) << "[" << rec << "] +" << off << " = " << v;
}
void lie8(SectionId id, std::size_t rec, std::size_t off, std::uint8_t v, std::string_view needle) {
    auto r = RawPlan::parse(full_plan());
    plan::put_u8(r.field(id, rec, off), v);
    EXPECT_TRUE(rejected(r.build(), needle))
        << plan::section_name(static_cast<std::uint8_t>(id)) << "[" << rec << "] +" << off << " = " << int{v};
}

TEST(PlanCorruption, LyingChildRanges) {
    namespace in = plan::instance;
    const auto plan_bytes = full_plan();  // the view points into it
    const auto v = PlanView::load(plan_bytes);
    ASSERT_TRUE(v.ok());
    const auto i0 = v->instance(0), i1 = v->instance(1);
    // Past the section.
    lie16(SectionId::Instance, 1, in::vip_end, static_cast<std::uint16_t>(v->vip_count() + 1), "instance[1].vip_end");
    lie16(SectionId::Instance, 1, in::peer_end, 0xffff, "instance[1].peer_end");
    lie16(SectionId::Instance, 1, in::track_end, static_cast<std::uint16_t>(v->track_count() + 1), "track_end");
    lie16(SectionId::Instance, 1, in::command_end, static_cast<std::uint16_t>(v->command_count() + 1), "command_end");
    // Going backwards.
    ASSERT_GT(i0.vips.count, 0u);
    lie16(SectionId::Instance, 1, in::vip_end, static_cast<std::uint16_t>(i0.vips.end() - 1), "before the previous");
    // Records that belong to no instance.
    ASSERT_GT(i1.vips.count, 0u);
    lie16(SectionId::Instance, 1, in::vip_end, static_cast<std::uint16_t>(i1.vips.end() - 1), "belongs to no instance");
    ASSERT_EQ(i1.peers.count, 0u);
    lie16(SectionId::Instance, 1, in::peer_end, static_cast<std::uint16_t>(i0.peers.end() - 1),
          "is before the previous");
    lie16(SectionId::Instance, 0, in::peer_end, 0, "peer[0].addr");  // VI_6 (IPv6) now owns VI_1's IPv4 peers
    lie16(SectionId::Instance, 1, in::command_end, static_cast<std::uint16_t>(i1.commands.first),
          "belongs to no instance");
}

TEST(PlanCorruption, LyingReferences) {
    namespace in = plan::instance;
    const auto base = RawPlan::parse(full_plan());
    const auto data_size = static_cast<std::uint16_t>(const_cast<RawPlan&>(base).find(SectionId::Data)->count);
    // References past the data section.
    lie16(SectionId::Node, 0, plan::node::name, data_size, "node.name");
    lie16(SectionId::Instance, 0, in::name, data_size, "past the data section");
    lie16(SectionId::Instance, 0, in::interface, 0xffff, "instance[0].interface");
    lie16(SectionId::Instance, 0, in::src, data_size, "instance[0].src");
    lie16(SectionId::Vip, 0, plan::vip::addr, data_size, "vip[0].addr");
    lie16(SectionId::Peer, 0, plan::peer::addr, 0xfffe, "peer[0].addr");
    lie16(SectionId::Track, 0, plan::track::name, data_size, "track[0].name");
    lie16(SectionId::Script, 0, plan::script::argv, data_size, "script[0].argv");
    lie16(SectionId::Command, 0, plan::command::argv, data_size, "command[0].argv");
    lie16(SectionId::Command, 0, plan::command::runas, 0xffff, "command[0].runas");
    // Missing required references.
    lie16(SectionId::Vip, 0, plan::vip::addr, 0, "address is missing");
    lie16(SectionId::Peer, 0, plan::peer::addr, 0, "address is missing");
    lie16(SectionId::Script, 0, plan::script::argv, 0, "list is missing");
    lie16(SectionId::Instance, 0, in::name, 0, "must not be empty");
    lie16(SectionId::Instance, 0, in::interface, 0, "not an interface name");

    // A reference of the wrong kind: a string read as an address or a list.
    auto r = base;
    const auto name_ref = plan::get_u16(r.field(SectionId::Instance, 0, in::name));  // "VI_1"
    plan::put_u16(r.field(SectionId::Peer, 0, plan::peer::addr), name_ref);
    EXPECT_TRUE(rejected(r.build(), "neither 4 nor 6"));

    // A string without its NUL at the end of the data section.
    r = base;
    auto ref = append_data(r, bytes({'a', 'b'}));
    plan::put_u16(r.field(SectionId::Vip, 0, plan::vip::label), ref);
    EXPECT_TRUE(rejected(r.build(), "no terminating NUL"));
    // An address that runs past the end.
    r = base;
    ref = append_data(r, bytes({6, 0x20, 0x01, 0x0d, 0xb8}));
    plan::put_u16(r.field(SectionId::Vip, 0, plan::vip::addr), ref);
    EXPECT_TRUE(rejected(r.build(), "address runs past the end"));
    // A list whose count lies.
    r = base;
    ref = append_data(r, bytes({200, 1, 0}));
    plan::put_u16(r.field(SectionId::Command, 0, plan::command::argv), ref);
    EXPECT_TRUE(rejected(r.build(), "list of 200 runs past the end"));
    // A list element that points outside.
    r = base;
    ref = append_data(r, bytes({1, 0xff, 0xff}));
    plan::put_u16(r.field(SectionId::Command, 0, plan::command::argv), ref);
    EXPECT_TRUE(rejected(r.build(), "command[0].argv[0]"));
    // An empty program, an empty runas list, runas with three names.
    r = base;
    ref = append_data(r, bytes({1, 0, 0}));
    plan::put_u16(r.field(SectionId::Command, 0, plan::command::argv), ref);
    EXPECT_TRUE(rejected(r.build(), "argv[0] at offset"));
    r = base;
    ref = append_data(r, bytes({0}));
    plan::put_u16(r.field(SectionId::Command, 0, plan::command::runas), ref);
    EXPECT_TRUE(rejected(r.build(), "empty list"));
    r = base;
    const auto argv_ref = plan::get_u16(r.field(SectionId::Command, 0, plan::command::argv));
    plan::put_u16(r.field(SectionId::Node, 0, plan::node::script_runas), argv_ref);  // 2 elements: fine
    EXPECT_TRUE(PlanView::load(r.build()).ok());
    ref = append_data(r, bytes({3, 1, 0, 1, 0, 1, 0}));
    plan::put_u16(r.field(SectionId::Node, 0, plan::node::script_runas), ref);
    EXPECT_TRUE(rejected(r.build(), "list has 3 elements, expected 0..2"));
    // Control characters in a name, a bad interface name.
    r = base;
    ref = append_data(r, bytes({'V', 0x1b, 0}));
    plan::put_u16(r.field(SectionId::Script, 0, plan::script::name), ref);
    EXPECT_TRUE(rejected(r.build(), "control character"));
    r = base;
    ref = append_data(r, bytes({'e', 't', 'h', '/', '0', 0}));
    plan::put_u16(r.field(SectionId::Instance, 0, in::interface), ref);
    EXPECT_TRUE(rejected(r.build(), "not an interface name"));
    // A multicast group that is not one.
    r = base;
    plan::put_u16(r.field(SectionId::Instance, 1, in::mcast_group),
                  plan::get_u16(r.field(SectionId::Instance, 1, in::src)));
    EXPECT_TRUE(rejected(r.build(), "not a multicast group"));
    // A source of the other family.
    r = base;
    plan::put_u16(r.field(SectionId::Instance, 0, in::src), plan::get_u16(r.field(SectionId::Instance, 1, in::src)));
    EXPECT_TRUE(rejected(r.build(), "address family differs"));
}

TEST(PlanCorruption, BadValues) {
    namespace in = plan::instance;
    lie8(SectionId::Instance, 0, in::vrid, 0, "vrid");
    lie8(SectionId::Instance, 0, in::priority, 0, "priority");
    lie8(SectionId::Instance, 0, in::mode, 0x20, "unknown bits");
    lie8(SectionId::Instance, 0, in::mode, 3 << plan::kModeAuthShift, "auth type 3");
    lie8(SectionId::Instance, 0, in::mode, plan::kModeIpv6, "IPv6 with VRRP version 2");
    lie8(SectionId::Instance, 0, in::mode, plan::kModeV3 | (1 << plan::kModeAuthShift),
         "authentication with VRRP version 3");
    lie16(SectionId::Instance, 0, in::advert_cs, 150, "not whole seconds");
    lie16(SectionId::Instance, 0, in::advert_cs, 0, "advert_cs");
    lie16(SectionId::Instance, 1, in::advert_cs, 4096, "out of 1..4095");
    lie16(SectionId::Instance, 0, in::preempt_delay_s, 1001, "more than 1000");
    lie16(SectionId::Instance, 0, in::preempt_delay_ms, 1000, "more than 999");
    lie8(SectionId::Vip, 0, plan::vip::prefix, 33, "longer than the address");
    lie8(SectionId::Vip, 0, plan::vip::flags, 0x04, "unknown bits");
    lie8(SectionId::Peer, 0, plan::peer::max_ttl, 1, "is above max_ttl 1");
    lie8(SectionId::Track, 0, plan::track::kind, 5, "out of 0..4");
    lie8(SectionId::Track, 0, plan::track::flags, 0x80, "unknown bits");
    lie8(SectionId::Track, 0, plan::track::flags, plan::kTrackInitFile, "init_file without a file path");
    lie16(SectionId::Track, 0, plan::track::weight, 255, "out of -254..254");
    lie16(SectionId::Track, 0, plan::track::weight, static_cast<std::uint16_t>(-255), "out of -254..254");
    lie8(SectionId::Command, 0, plan::command::kind, 7, "out of 0..6");
    lie8(SectionId::Command, 1, plan::command::kind, 0, "ascending and unique");
    lie8(SectionId::Script, 0, plan::script::flags, 0x04, "unknown bits");
    lie16(SectionId::Script, 0, plan::script::rise, 0, "rise");
    lie16(SectionId::Script, 0, plan::script::fall, 0, "fall");
    lie16(SectionId::Script, 0, plan::script::weight, 300, "weight");
    lie8(SectionId::Node, 0, plan::node::flags, 0x04, "node.flags");
    lie8(SectionId::Fifo, 0, plan::fifo::kind, 2, "out of 0..1");
    lie8(SectionId::Fifo, 1, plan::fifo::kind, 0, "ascending and unique");
    lie16(SectionId::Fifo, 0, plan::fifo::path, 0, "fifo[0].path");
    namespace pr = plan::process;
    lie8(SectionId::Process, 1, pr::flags, 0x40, "unknown bits");
    lie8(SectionId::Process, 1, pr::flags, plan::kProcCmdline | plan::kProcPartial | plan::kProcInitial,
         "both partial and initial");
    lie8(SectionId::Process, 0, pr::flags, plan::kProcPartial, "without cmdline");
    lie8(SectionId::Process, 1, pr::flags, 0, "parameters without cmdline");
    lie16(SectionId::Process, 1, pr::weight, 255, "out of -254..254");
    lie16(SectionId::Process, 0, pr::quorum, 0, "0 without quorum_max 0");
    lie16(SectionId::Process, 1, pr::quorum_max, 1, "less than quorum");
    lie16(SectionId::Process, 0, pr::quorum_max, 1, "set without its flag");
    {
        auto r = RawPlan::parse(full_plan());
        plan::put_u32(r.field(SectionId::Process, 1, pr::fork_delay_ms), 3'600'001);
        EXPECT_TRUE(rejected(r.build(), "more than 3600 s"));
    }
    {
        auto r = RawPlan::parse(full_plan());
        plan::put_u32(r.field(SectionId::Script, 0, plan::script::interval_ms), 0);
        EXPECT_TRUE(rejected(r.build(), "interval_ms"));
    }
    // Sorted, unique names (the view's binary search depends on it).
    auto r = RawPlan::parse(full_plan());
    plan::put_u16(r.field(SectionId::Instance, 1, in::name), plan::get_u16(r.field(SectionId::Instance, 0, in::name)));
    EXPECT_TRUE(rejected(r.build(), "sorted and unique"));
    r = RawPlan::parse(full_plan());
    plan::put_u16(r.field(SectionId::Script, 0, plan::script::name),
                  plan::get_u16(r.field(SectionId::Script, 1, plan::script::name)));
    EXPECT_TRUE(rejected(r.build(), "sorted and unique"));
    // A track_script naming no script.
    r = RawPlan::parse(full_plan());
    auto* t = r.find(SectionId::Track);
    ASSERT_NE(t, nullptr);
    const auto plan_bytes = full_plan();
    const auto v = PlanView::load(plan_bytes);
    for (std::size_t i = 0; i < v->track_count(); ++i)
        if (v->track(i).kind == plan::TrackKind::Script) {
            plan::put_u16(r.field(SectionId::Track, i, plan::track::name),
                          plan::get_u16(r.field(SectionId::Instance, 0, in::name)));
            EXPECT_TRUE(rejected(r.build(), "no vrrp_script `VI_1`"));
        }
}

TEST(PlanCorruption, RandomBytesBehindAValidHeader) {
    // Random tables and bodies behind a correct magic, version, size and
    // checksum: a cheap in-tree stand-in for the fuzzer (see tests/fuzz).
    std::mt19937 rng(12345);
    const auto good = full_plan();
    std::size_t ok = 0;
    for (int iter = 0; iter < 20000; ++iter) {
        std::vector<std::byte> b;
        if (iter % 2) {
            b = good;  // mutate a few bytes of a real plan
            const int k = 1 + static_cast<int>(rng() % 4);
            for (int j = 0; j < k; ++j)
                b[plan::kHeaderSize + rng() % (b.size() - plan::kHeaderSize)] = std::byte(rng());
        } else {
            b.resize(plan::kHeaderSize + rng() % 300);
            for (auto& x : b) x = static_cast<std::byte>(rng());
            std::copy(plan::kMagic.begin(), plan::kMagic.end(), b.begin());
            b[plan::header::version] = std::byte{plan::kFormatVersion};
            b[plan::header::flags] = b[plan::header::reserved] = std::byte{0};
            b[plan::header::section_count] = static_cast<std::byte>(rng() % 10);
        }
        plan::put_u32(&b[plan::header::total_size], static_cast<std::uint32_t>(b.size()));
        reseal(b);
        auto r = PlanView::load(b);
        if (r.ok()) {
            ++ok;
            EXPECT_FALSE(plan_test::describe(*r).empty());
            EXPECT_FALSE(plan::disassemble(*r).empty());
        } else {
            EXPECT_FALSE(r.error().message.empty());
            EXPECT_LE(r.error().offset, b.size());
        }
    }
    std::printf("random plans accepted: %zu of 20000\n", ok);
}

}  // namespace
}  // namespace havip
