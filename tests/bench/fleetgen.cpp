// SPDX-License-Identifier: MIT
// Generates a realistic, lint-clean fleet for the benchmarks: N clusters of two
// keepalived.conf nodes each (tracking and notify scripts, auth, unicast peers),
// grouped into VPCs of P clusters, plus one inventory describing them all and
// the fleet's lint policy (.havip-lint.toml): its nodes run Debian 12's
// keepalived 2.2.7, so the keywords the configs use (script_user,
// enable_script_security: 1.3.0) are not newer than the target.
//   fleetgen OUTDIR CLUSTERS [CLUSTERS_PER_VPC=240]
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

static void write_node(const fs::path& path, int vrid, const std::string& self, const std::string& peer,
                       const std::string& vip, int prio, const std::string& name) {
    std::ofstream f(path);
    f << "! Configuration File for keepalived (" << name
      << ")\n"
         "global_defs {\n"
         "   router_id "
      << name
      << "\n"
         "   script_user root\n"
         "   enable_script_security\n"
         "   vrrp_garp_master_refresh 60\n"
         "   vrrp_startup_delay 5\n"
         "}\n\n"
         "vrrp_script chk_service {\n"
         "    script \"/usr/local/bin/check_service.sh --port 3306\"\n"
         "    interval 2\n"
         "    timeout 3\n"
         "    weight -30\n"
         "    rise 2\n"
         "    fall 3\n"
         "}\n\n"
         "vrrp_instance VI_"
      << vrid
      << " {\n"
         "    state BACKUP\n"
         "    interface eth0\n"
         "    virtual_router_id "
      << vrid
      << "\n"
         "    nopreempt\n"
         "    priority "
      << prio
      << "\n"
         "    advert_int 1\n"
         "    authentication {\n"
         "        auth_type PASS\n"
         "        auth_pass k"
      << vrid % 10000
      << "pw\n"
         "    }\n"
         "    unicast_src_ip "
      << self
      << "\n"
         "    unicast_peer {\n"
         "        "
      << peer
      << "\n"
         "    }\n"
         "    virtual_ipaddress {\n"
         "        "
      << vip
      << "/16 dev eth0\n"
         "    }\n"
         "    track_script {\n"
         "        chk_service\n"
         "    }\n"
         "    notify_master \"/etc/keepalived/notify_action.sh MASTER\"\n"
         "    notify_backup \"/etc/keepalived/notify_action.sh BACKUP\"\n"
         "    notify_fault \"/etc/keepalived/notify_action.sh FAULT\"\n"
         "    notify_stop \"/etc/keepalived/notify_action.sh STOP\"\n"
         "    garp_master_delay 1\n"
         "    garp_master_refresh 5\n"
         "}\n";
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: fleetgen OUTDIR CLUSTERS [CLUSTERS_PER_VPC]\n");
        return 2;
    }
    fs::path out(argv[1]);
    int clusters = std::atoi(argv[2]);
    int per_vpc = argc > 3 ? std::atoi(argv[3]) : 240;
    if (clusters <= 0 || per_vpc <= 0 || per_vpc > 255 || clusters / per_vpc > 250) {
        std::fprintf(stderr, "fleetgen: CLUSTERS 1.., CLUSTERS_PER_VPC 1..255, at most 250 VPCs\n");
        return 2;
    }
    fs::create_directories(out / "nodes");
    std::ofstream policy(out / ".havip-lint.toml");
    policy << "# The fleet's nodes run Debian 12's keepalived.\n"
              "target_keepalived = \"2.2.7\"\n"
              "inventory = \"vpc.toml\"\n"
              "# The notify scripts write a state file and a log line: their order does not matter.\n"
              "ignore = [\"HV210\"]\n";
    std::ofstream inv(out / "vpc.toml");
    int vpcs = (clusters + per_vpc - 1) / per_vpc;
    for (int v = 0; v < vpcs; ++v)
        inv << "[[vpc]]\nname = \"vpc" << v << "\"\nsubnets = [\"10." << v << ".0.0/16\"]\nmulticast = false\n\n";
    for (int c = 0; c < clusters; ++c) {
        int v = c / per_vpc, k = c % per_vpc, vrid = k + 1;
        std::string net = "10." + std::to_string(v) + "." + std::to_string(k) + ".";
        std::string a = net + "11", b = net + "12", vip = net + "100";
        std::string base = "c" + std::to_string(c);
        write_node(out / "nodes" / (base + "a.conf"), vrid, a, b, vip, 100, base + "a");
        write_node(out / "nodes" / (base + "b.conf"), vrid, b, a, vip, 100, base + "b");
    }
    std::printf("fleetgen: %d clusters, %d node files, %d VPCs in %s\n", clusters, clusters * 2, vpcs,
                out.string().c_str());
    return 0;
}
