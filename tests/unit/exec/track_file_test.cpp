// SPDX-License-Identifier: MIT
// track_file on fake hosts: a test writes the file (FakeHost::put_file, as
// another program would) and the executor moves the priority or the state.
#include <gtest/gtest.h>

#include <cerrno>
#include <climits>
#include <memory>
#include <string>

#include "exec/metrics.hpp"
#include "exec/track_file.hpp"
#include "fake_node.hpp"

using namespace havip;
using namespace havip::test;

namespace {

const std::string kFile = "/run/ops/down";

/// One instance tracking kFile with `weight` (reverse as given).
NodeConfig config(const char* self, const char* peer, int prio, int weight, bool reverse = false) {
    InstanceSpec s;
    s.vrrp.name = "VI_1";
    s.vrrp.vrid = 51;
    s.vrrp.priority = static_cast<std::uint8_t>(prio);
    s.vrrp.advert_interval = 1'000'000;
    s.vrrp.source = vip4(self);
    s.vrrp.peers = {vip4(peer)};
    s.vrrp.vips = {vip4("10.0.0.100")};
    s.vrrp.tracks = {{"down", weight, reverse, true, true}};
    s.interface = "eth0";
    s.vips = {VipSpec{vip4("10.0.0.100"), 32, "", "", false}};
    s.tracks = {{TrackSpec::Kind::File, "down", kFile}};
    NodeConfig c;
    c.name = self;
    c.instances.push_back(std::move(s));
    return c;
}

}  // namespace

TEST(TrackFileValue, ReadsTheNumberAsKeepalivedDoes) {
    using exec::track_file_value;
    EXPECT_EQ(track_file_value("5\n"), 5);
    EXPECT_EQ(track_file_value("  -3\n"), -3);
    EXPECT_EQ(track_file_value("+7"), 7);
    EXPECT_EQ(track_file_value("0x10"), 16);   // strtol base 0: hex
    EXPECT_EQ(track_file_value("010"), 8);     // and octal
    EXPECT_EQ(track_file_value("12abc"), 12);  // stops at the first other character
    EXPECT_EQ(track_file_value("abc"), 0);     // no number: 0
    EXPECT_EQ(track_file_value(""), 0);
    EXPECT_EQ(track_file_value("-2147483648"), INT_MIN);
    EXPECT_EQ(track_file_value("2147483647"), INT_MAX);
    EXPECT_EQ(track_file_value("2147483648"), std::nullopt);  // out of int: ignored
    EXPECT_EQ(track_file_value("99999999999999999999999"), std::nullopt);
    // Only the first 127 bytes are read: a number after them is not seen.
    EXPECT_EQ(track_file_value(std::string(127, ' ') + "9"), 0);
    EXPECT_EQ(track_file_value(std::string("4\0"
                                           "9",
                                           3)),
              4);
}

TEST(TrackFile, WritingTheFileMovesTheMasterAndBack) {
    sys::FakeNet net;
    Node a("a", "10.0.0.1", 1), b("b", "10.0.0.2", 2);
    net.add(a.host);
    net.add(b.host);
    ASSERT_TRUE(a.make(config("10.0.0.1", "10.0.0.2", 100, -20)));
    ASSERT_TRUE(b.make(config("10.0.0.2", "10.0.0.1", 90, -20)));
    EXPECT_TRUE(a.host.watching(kFile));
    a.start();
    b.start();
    net.run_until(5 * kS);
    ASSERT_EQ(a.state(), vrrp::State::Master);
    ASSERT_EQ(b.state(), vrrp::State::Backup);

    a.host.put_file(kFile, "1\n");  // 100 - 20 = 80 < 90: b preempts
    EXPECT_EQ(a.priority(), 80);
    net.run_until(10 * kS);
    EXPECT_EQ(a.state(), vrrp::State::Backup);
    EXPECT_EQ(b.state(), vrrp::State::Master);
    EXPECT_TRUE(b.host.has_address(ip("10.0.0.100")));
    EXPECT_FALSE(a.host.has_address(ip("10.0.0.100")));
    EXPECT_EQ(a.host.count_log("track_file"), 1u);

    a.host.put_file(kFile, std::nullopt);  // deleted: 0, a preempts back
    EXPECT_EQ(a.priority(), 100);
    net.run_until(15 * kS);
    EXPECT_EQ(a.state(), vrrp::State::Master);
    EXPECT_EQ(b.state(), vrrp::State::Backup);
}

TEST(TrackFile, TheValueAtStartCountsFromTheStart) {
    Node n("a", "10.0.0.1", 1);
    n.host.put_file(kFile, "3");
    ASSERT_TRUE(n.make(config("10.0.0.1", "10.0.0.2", 100, 5)));
    n.start();
    EXPECT_EQ(n.priority(), 115);
    n.host.advance_to(5 * kS);
    ASSERT_EQ(n.state(), vrrp::State::Master);
    auto r = vrrp::parse(std::as_bytes(std::span(n.host.adverts.back().msg)), vrrp::Family::V4);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.advert.priority, 115);
}

TEST(TrackFile, WeightZeroMeansFaultWhileTheValueIsNonZero) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(config("10.0.0.1", "10.0.0.2", 100, 0)));
    n.start();
    n.host.advance_to(5 * kS);
    ASSERT_EQ(n.state(), vrrp::State::Master);
    n.host.put_file(kFile, "2");
    EXPECT_EQ(n.state(), vrrp::State::Fault);
    EXPECT_FALSE(n.host.has_address(ip("10.0.0.100")));
    EXPECT_EQ(n.priority(), 100);
    n.host.put_file(kFile, "0\n");
    EXPECT_EQ(n.state(), vrrp::State::Backup);
    n.host.advance_to(10 * kS);
    EXPECT_EQ(n.state(), vrrp::State::Master);
}

TEST(TrackFile, GarbageIsZeroAnOutOfRangeNumberIsIgnoredAnUnreadableFileIsZero) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(config("10.0.0.1", "10.0.0.2", 100, 10)));
    n.start();
    n.host.put_file(kFile, "4");
    EXPECT_EQ(n.priority(), 140);
    n.host.put_file(kFile, "99999999999");  // keepalived: "Invalid number ... - ignoring"
    EXPECT_EQ(n.priority(), 140);
    EXPECT_EQ(n.host.count_log("track_file_invalid"), 1u);
    n.host.put_file(kFile, "none");
    EXPECT_EQ(n.priority(), 100);
    n.host.put_file(kFile, "2");
    EXPECT_EQ(n.priority(), 120);
    n.host.fail_reads(kFile, EACCES);
    n.host.put_file(kFile, "5");
    EXPECT_EQ(n.priority(), 100);
    EXPECT_EQ(n.host.count_level(sys::Level::error), 0u);
}

TEST(TrackFile, ReverseNegatesTheWeight) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(config("10.0.0.1", "10.0.0.2", 100, 10, true)));
    n.start();
    n.host.put_file(kFile, "3");
    EXPECT_EQ(n.priority(), 70);
}

TEST(TrackFile, AMissingDirectoryCountsAsZeroUntilItExists) {
    // keepalived drops the track (the same as a value of 0 for good); havipd
    // starts with 0 and watches the file once its directory appears.
    Node n("a", "10.0.0.1", 1);
    n.host.missing_dir("/run/ops");
    ASSERT_TRUE(n.make(config("10.0.0.1", "10.0.0.2", 100, 10)));
    EXPECT_EQ(n.host.count_log("track_file_unwatched"), 1u);
    n.start();
    n.host.advance_to(5 * kS);
    ASSERT_EQ(n.state(), vrrp::State::Master);
    EXPECT_EQ(n.priority(), 100);
    EXPECT_FALSE(n.host.watching(kFile));
    // The directory and the file appear; the next try (every 5 s) watches and reads it.
    n.host.make_dir("/run/ops");
    n.host.put_file(kFile, "2");  // nobody watches it yet
    EXPECT_EQ(n.priority(), 100);
    n.host.advance_to(10 * kS + 1);
    EXPECT_TRUE(n.host.watching(kFile));
    EXPECT_EQ(n.host.count_log("track_file_watched"), 1u);
    EXPECT_EQ(n.priority(), 120);
    n.host.put_file(kFile, "-3");  // watched from now on
    EXPECT_EQ(n.priority(), 70);
    EXPECT_EQ(n.host.count_level(sys::Level::error), 0u);
}

TEST(TrackFile, MetricsShowTheFileTrack) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(config("10.0.0.1", "10.0.0.2", 100, 0)));
    n.start();
    n.host.put_file(kFile, "1");
    exec::metrics::Node m;
    n.ex->fill_metrics(m);
    ASSERT_EQ(m.instances.at(0).tracks.size(), 1u);
    EXPECT_EQ(m.instances[0].tracks[0].kind, "file");
    EXPECT_FALSE(m.instances[0].tracks[0].up);  // weight 0 and a non-zero value: failing
    EXPECT_EQ(m.instances[0].state, vrrp::State::Fault);
}

// init_file [VALUE] [overwrite] (keepalived 2.2.7): VALUE is written when the
// file is missing, before its value is read; overwrite replaces a regular file
// at start, but not on a reload; something other than a regular file is left
// alone with a warning.
TEST(TrackFile, InitFileWritesTheValueWhenMissingAndOverwriteOnlyAtStart) {
    auto with_init = [](bool overwrite) {
        NodeConfig c = config("10.0.0.1", "10.0.0.2", 100, 5);
        auto& t = c.instances[0].tracks[0];
        t.init_file = true;
        t.overwrite = overwrite;
        t.init_value = 4;
        return c;
    };
    {  // missing: written, and counted from the start
        Node n("a", "10.0.0.1", 1);
        ASSERT_TRUE(n.make(with_init(false)));
        ASSERT_TRUE(n.host.read_small_file(kFile, 64));
        EXPECT_EQ(*n.host.read_small_file(kFile, 64), "4\n");
        EXPECT_EQ(n.host.count_log("track_file_initialised"), 1u);
        n.start();
        EXPECT_EQ(n.priority(), 120);
    }
    {  // present, no overwrite: left as it is
        Node n("a", "10.0.0.1", 1);
        n.host.put_file(kFile, "1\n");
        ASSERT_TRUE(n.make(with_init(false)));
        EXPECT_EQ(*n.host.read_small_file(kFile, 64), "1\n");
        n.start();
        EXPECT_EQ(n.priority(), 105);
    }
    {  // present, overwrite: replaced at start; a reload writes only a missing file
        Node n("a", "10.0.0.1", 1);
        n.host.put_file(kFile, "1\n");
        ASSERT_TRUE(n.make(with_init(true)));
        EXPECT_EQ(*n.host.read_small_file(kFile, 64), "4\n");
        n.start();
        n.host.put_file(kFile, "2\n");
        EXPECT_EQ(n.priority(), 110);
        ASSERT_TRUE(n.ex->reload(with_init(true)));
        EXPECT_EQ(*n.host.read_small_file(kFile, 64), "2\n");
        n.host.put_file(kFile, std::nullopt);
        ASSERT_TRUE(n.ex->reload(with_init(true)));
        EXPECT_EQ(*n.host.read_small_file(kFile, 64), "4\n");
    }
    {  // not a regular file: a warning, the start goes on
        Node n("a", "10.0.0.1", 1);
        n.host.not_regular_files.insert(kFile);
        ASSERT_TRUE(n.make(with_init(true)));
        EXPECT_EQ(n.host.count_log("track_file_init_failed"), 1u);
    }
}
