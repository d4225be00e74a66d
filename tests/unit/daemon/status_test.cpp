// SPDX-License-Identifier: MIT
// `havipd status` (runtime/daemon/status.hpp): havipd's own metrics read back,
// state files read from a directory, the table and the JSON.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "exec/metrics.hpp"
#include "daemon/status.hpp"
#include "sys/files.hpp"

using namespace havip;
using namespace havip::daemon;

namespace {

std::string rendered() {
    havip::exec::metrics::Node n;
    n.node = "db-a";
    n.plan_checksum = 0x7a8f52c6;
    havip::exec::metrics::Instance a, b;
    a.name = "VI_1";
    a.vrid = 51;
    a.state = vrrp::State::Master;
    a.priority = 100;
    a.effective_priority = 90;
    a.vips_held = 2;
    a.counters.last_transition_unix_ms = 1'796'299'001'500;
    b.name = "VI \"2\"";
    b.vrid = 52;
    b.state = vrrp::State::Init;
    b.priority = 50;
    b.effective_priority = 50;
    n.instances = {a, b};
    std::string out;
    havip::exec::metrics::render(n, out);
    return out;
}

}  // namespace

TEST(Status, ReadsHavipdsOwnMetricsBack) {
    status::Report r;
    status::merge_metrics(rendered(), r);
    EXPECT_TRUE(r.up);
    EXPECT_EQ(r.node, "db-a");
    EXPECT_EQ(r.plan_checksum, "0x7a8f52c6");
    ASSERT_EQ(r.instances.size(), 2u);
    const auto& a = r.instances[0];
    EXPECT_EQ(a.name, "VI_1");
    EXPECT_EQ(a.vrid, 51);
    EXPECT_EQ(a.state, "MASTER");
    EXPECT_EQ(a.priority, 100);
    EXPECT_EQ(a.effective_priority, 90);
    EXPECT_EQ(a.vips, 2);
    EXPECT_DOUBLE_EQ(a.last_transition, 1796299001.5);
    EXPECT_EQ(r.instances[1].name, "VI \"2\"");
    EXPECT_EQ(r.instances[1].state, "STOP");
    EXPECT_DOUBLE_EQ(r.instances[1].last_transition, 0);
}

TEST(Status, TableAndJson) {
    status::Report r;
    status::merge_metrics(rendered(), r);
    EXPECT_EQ(status::format_text(r, 1'796'299'001 + 125),
              "node db-a, plan 0x7a8f52c6, havipd up\n"
              "INSTANCE  VRID  STATE   PRIORITY  EFFECTIVE  VIPS  MASTER  SINCE\n"
              "VI_1        51  MASTER       100         90     2  -       2026-12-03 11:56:41 UTC (2m5s ago)\n"
              "VI \"2\"      52  STOP          50         50     0  -       -\n");
    EXPECT_EQ(status::format_json(r),
              "{\"node\":\"db-a\",\"plan_checksum\":\"0x7a8f52c6\",\"up\":true,\"instances\":["
              "{\"instance\":\"VI_1\",\"vrid\":51,\"state\":\"MASTER\",\"priority\":100,\"effective_priority\":90,"
              "\"vips\":2,\"since\":1796299001.500,\"master\":null,\"last_transition\":null},"
              "{\"instance\":\"VI \\\"2\\\"\",\"vrid\":52,\"state\":\"STOP\",\"priority\":50,\"effective_priority\":50,"
              "\"vips\":0,\"since\":null,\"master\":null,\"last_transition\":null}]}\n");
}

TEST(Status, StateFilesWinAndStandAlone) {
    char tmpl[] = "/tmp/havip-status-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    std::string dir = tmpl;
    ASSERT_TRUE(sys::write_file_atomic(dir + "/VI_1.state", "BACKUP\n"));
    ASSERT_TRUE(sys::write_file_atomic(dir + "/VI_9.state", "FAULT\n"));
    ASSERT_TRUE(sys::write_file_atomic(dir + "/stats", "loop max_lag_us=1\n"));
    ASSERT_TRUE(sys::write_file_atomic(dir + "/m.prom", rendered()));
    auto only = status::read(dir, "");
    ASSERT_TRUE(only.ok()) << only.message();
    EXPECT_FALSE(only->have_metrics);
    ASSERT_EQ(only->instances.size(), 2u);
    EXPECT_EQ(only->instances[1].name, "VI_9");
    EXPECT_EQ(only->instances[1].state, "FAULT");
    EXPECT_EQ(only->instances[1].priority, -1);
    EXPECT_GT(only->instances[1].state_since, 0);
    std::string table = status::format_text(*only, std::time(nullptr));
    EXPECT_NE(table.find("VI_9         -  FAULT          -          -     -  -       20"), std::string::npos) << table;

    auto both = status::read(dir, dir + "/m.prom");
    ASSERT_TRUE(both.ok());
    ASSERT_EQ(both->instances.size(), 3u);
    EXPECT_EQ(both->instances[1].name, "VI_1");
    EXPECT_EQ(both->instances[1].state, "BACKUP");  // the state file, not the older textfile
    EXPECT_EQ(both->instances[1].priority, 100);

    EXPECT_FALSE(status::read(dir + "/missing", "").ok());
    EXPECT_FALSE(status::read(dir, dir + "/missing.prom").ok());
    for (const char* f : {"/VI_1.state", "/VI_9.state", "/stats", "/m.prom"}) ::unlink((dir + f).c_str());
    ::rmdir(dir.c_str());
}

TEST(Status, TransitionFileGivesMasterSinceAndWhy) {
    char tmpl[] = "/tmp/havip-status-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    std::string dir = tmpl;
    ASSERT_TRUE(sys::write_file_atomic(dir + "/VI_1.state", "BACKUP\n"));
    ASSERT_TRUE(sys::write_file_atomic(dir + "/VI_1.transition",
                                       "state=BACKUP\nsince_ms=1796299001500\nreason=higher_priority_advert\n"
                                       "detail=higher priority advert from 10.0.0.2\nmaster=10.0.0.2\nbogus line\n"));
    auto r = status::read(dir, "");
    ASSERT_TRUE(r.ok()) << r.message();
    ASSERT_EQ(r->instances.size(), 1u);
    const auto& in = r->instances[0];
    EXPECT_EQ(in.master, "10.0.0.2");
    EXPECT_EQ(in.reason, "higher_priority_advert");
    EXPECT_DOUBLE_EQ(in.since, 1796299001.5);
    EXPECT_EQ(status::format_text(*r, 1'796'299'001 + 125),
              "INSTANCE  VRID  STATE   PRIORITY  EFFECTIVE  VIPS  MASTER    SINCE\n"
              "VI_1         -  BACKUP         -          -     -  10.0.0.2  2026-12-03 11:56:41 UTC (2m5s ago)\n"
              "          last transition: higher priority advert from 10.0.0.2\n");
    EXPECT_EQ(status::format_json(*r),
              "{\"instances\":[{\"instance\":\"VI_1\",\"vrid\":null,\"state\":\"BACKUP\",\"priority\":null,"
              "\"effective_priority\":null,\"vips\":null,\"since\":1796299001.500,\"master\":\"10.0.0.2\","
              "\"last_transition\":{\"reason\":\"higher_priority_advert\",\"detail\":\"higher priority advert from "
              "10.0.0.2\"}}]}\n");
    for (const char* f : {"/VI_1.state", "/VI_1.transition"}) ::unlink((dir + f).c_str());
    ::rmdir(dir.c_str());
}

TEST(Status, SyncGroupsFromTheMetrics) {
    havip::exec::metrics::Node n;
    n.node = "db-a";
    havip::exec::metrics::Instance a, b;
    a.name = "VI_1";
    a.vrid = 51;
    a.state = vrrp::State::Master;
    b.name = "VI_2";
    b.vrid = 52;
    b.state = vrrp::State::Master;
    n.instances = {a, b};
    n.groups = {{"G", vrrp::State::Master, 3, 1'796'299'001'500, {"VI_1", "VI_2"}}, {"E", vrrp::State::Init, 0, 0, {}}};
    std::string text;
    havip::exec::metrics::render(n, text);
    status::Report r;
    status::merge_metrics(text, r);
    ASSERT_EQ(r.groups.size(), 2u);
    EXPECT_EQ(r.groups[0].name, "G");
    EXPECT_EQ(r.groups[0].state, "MASTER");
    EXPECT_EQ(r.groups[0].members, (std::vector<std::string>{"VI_1", "VI_2"}));
    EXPECT_DOUBLE_EQ(r.groups[0].last_transition, 1796299001.5);
    EXPECT_EQ(r.groups[1].state, "STOP");
    EXPECT_TRUE(r.groups[1].members.empty());
    std::sort(r.groups.begin(), r.groups.end(),
              [](const status::Group& x, const status::Group& y) { return x.name < y.name; });
    const std::string table = status::format_text(r, 1'796'299'001 + 125);
    EXPECT_NE(table.find("\nSYNC GROUP  STATE   MEMBERS    SINCE\n"
                         "E           STOP    -          -\n"
                         "G           MASTER  VI_1,VI_2  2026-12-03 11:56:41 UTC (2m5s ago)\n"),
              std::string::npos)
        << table;
    const std::string json = status::format_json(r);
    EXPECT_NE(
        json.find(",\"sync_groups\":[{\"group\":\"E\",\"state\":\"STOP\",\"members\":[],\"last_transition\":null},"
                  "{\"group\":\"G\",\"state\":\"MASTER\",\"members\":[\"VI_1\",\"VI_2\"],"
                  "\"last_transition\":1796299001.500}]}\n"),
        std::string::npos)
        << json;
}
