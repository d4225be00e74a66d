// SPDX-License-Identifier: MIT
// havip-sim: run VRRP nodes through havip's own codec and state machine on a
// virtual clock and a simulated network. Exit codes: 0 ran, 2 usage or input error.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "base/completion_cli11.hpp"
#include "sim/plan_nodes.hpp"
#include "sim/scenario.hpp"
#include "sim/sim.hpp"

namespace {

constexpr const char* kFooter = R"(Nodes come from compiled plans (--plan a.hvp, one per node, the file stem is the
node name) or from the built-in description:
  --node NAME[:key=value,...]   keys: prio=N, state=master|backup, nopreempt,
                                preempt_delay=DUR, addr=IP, track=NAME:WEIGHT
                                (weight 0: FAULT when down), garp_delay=DUR,
                                garp_repeat=N
  --advert DUR  --vrrp-version 2|3  --vrid N  --vip IP (repeatable)  --multicast
  --auth PASS   --fast-takeover (single unicast peer takes over on priority 0)
  Built-in nodes get 192.0.2.1, .2, ... (or 2001:db8::1, ... for an IPv6 VIP) and
  peer with each other over unicast unless --multicast.
Events (--event, repeatable; times like 10s, 250ms, 1.5s, 2m):
  kill:a@10s  stop:a@10s  start:a@30s  link-down:a@10s  link-up:a@12s
  partition:a|b@10s (sides split by '|', nodes in a side by ',')  heal@20s
  track-down:a[:NAME]@10s  track-up:a[:NAME]@20s
A --scenario file holds the same, one per line: an event, or an option and its
value ("loss 0.3", "node a:prio=100", "kill:a@10s"); '#' starts a comment.
--json prints every transition and a summary: takeover time per failure event,
total split-brain time, masters at the end.
Exit status: 0 the run completed, 2 usage, input or output error.)";

constexpr const char* kVersionText = "havip-sim 0.1.0";
/// A scenario is a few lines of events; anything larger is refused unread.
constexpr std::size_t kMaxScenarioBytes = std::size_t(1) << 20;

/// Reads a scenario: a regular file of at most kMaxScenarioBytes (a device,
/// FIFO or directory is refused before any read).
std::string read_file(const std::string& path, std::string& err) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        err = "cannot read " + path + ": " + std::strerror(errno);
        return {};
    }
    struct stat sb {};
    std::string text;
    if (::fstat(fd, &sb) != 0)
        err = "cannot read " + path + ": " + std::strerror(errno);
    else if (!S_ISREG(sb.st_mode))
        err = "cannot read " + path + ": not a regular file";
    else if (static_cast<std::size_t>(sb.st_size) > kMaxScenarioBytes)
        err = "cannot read " + path + ": larger than 1 MiB (a scenario is a few lines)";
    else {
        text.resize(kMaxScenarioBytes + 1);
        std::size_t got = 0;
        for (;;) {
            const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                err = "cannot read " + path + ": " + std::strerror(errno);
                break;
            }
            if (n == 0 || (got += static_cast<std::size_t>(n)) == text.size()) break;
        }
        if (err.empty() && got > kMaxScenarioBytes) err = "cannot read " + path + ": larger than 1 MiB";
        text.resize(err.empty() ? got : 0);
    }
    ::close(fd);
    return text;
}

/// Control bytes (an escape sequence in a scenario, say) shown as \xNN, never sent raw.
std::string printable(std::string_view s, bool keep_newlines) {
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if ((c < 0x20 && c != '\t' && !(keep_newlines && c == '\n')) || c == 0x7f)
            out += fmt::format("\\x{:02x}", c);
        else
            out += static_cast<char>(c);
    }
    return out;
}

/// Flushes standard output; a write that failed (a full disk, a closed pipe)
/// is an error with the reason, never a silent exit 0.
int finish(int rc) {
    errno = 0;
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        const int e = errno;
        std::fprintf(stderr, "havip-sim: error: cannot write standard output: %s\n",
                     e ? std::strerror(e) : "write error");
        return 2;
    }
    return rc;
}

}  // namespace

int main(int argc, char** argv) try {
    CLI::App app{"havip-sim: simulate VRRP nodes (havip's own core) on a virtual clock and network"};
    app.footer(kFooter);
    std::vector<std::string> plans, nodes, events, vips;
    std::string scenario, loss, delay, jitter, dup, reorder, seed, duration, clusters, advert, version, vrid, auth;
    bool json = false, multicast = false, fast = false, quiet = false;
    app.add_option("--plan", plans, "a node's compiled plan (.hvp); repeat per node");
    app.add_option("--node", nodes, "built-in node NAME[:key=value,...] (see below)");
    app.add_option("--loss", loss, "packet loss probability 0..1 (default 0)");
    app.add_option("--delay", delay, "one-way delay, ms unless a unit is given (default 1)");
    app.add_option("--jitter", jitter, "extra uniform delay, ms (default 0)");
    app.add_option("--duplicate", dup, "duplication probability 0..1");
    app.add_option("--reorder", reorder, "probability a packet is held back and overtaken");
    app.add_option("--seed", seed, "random seed (default 1)");
    app.add_option("--duration", duration, "virtual time to run (default 60s)");
    app.add_option("--event", events, "KIND:NODE@TIME (repeatable, see below)");
    app.add_option("--scenario", scenario, "file of events and options");
    app.add_option("--clusters", clusters, "replicate the cluster N times in one VPC");
    app.add_option("--advert", advert, "built-in nodes: advert interval (default 1s)");
    app.add_option("--vrrp-version", version, "built-in nodes: VRRP version 2 or 3 (default 2)");
    app.set_version_flag("--version", kVersionText);
    app.add_option("--vrid", vrid, "built-in nodes: virtual router id (default 51)");
    app.add_option("--vip", vips, "built-in nodes: a VIP (default 192.0.2.100)");
    app.add_option("--auth", auth, "built-in nodes: VRRPv2 PASS authentication");
    app.add_flag("--multicast", multicast, "built-in nodes: multicast instead of unicast");
    app.add_flag("--fast-takeover", fast, "built-in nodes: single-peer fast takeover");
    app.add_flag("--json", json, "print transitions and summary as JSON");
    app.add_flag("-q,--quiet", quiet, "print only the summary (no transitions)");
    std::string completion;
    havip::base::add_completion_option(app, completion);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? finish(0) : 2;
    }
    if (havip::base::print_completion(std::cout, app, "havip-sim", completion)) return 0;

    havip::sim::Setup setup;
    havip::sim::BuiltinCluster builtin;
    auto fail = [](const std::string& msg) {
        fmt::print(stderr, "havip-sim: error: {}\n", printable(msg, false));
        return 2;
    };
    if (!scenario.empty()) {
        std::string err;
        const std::string text = read_file(scenario, err);
        if (!err.empty()) return fail(err);
        err = havip::sim::parse_scenario(text, setup, builtin);
        if (!err.empty()) return fail(scenario + ": " + err);
    }
    // Command-line options come after the scenario file, so they override it.
    const std::pair<const char*, const std::string*> single[] = {
        {"loss", &loss},       {"delay", &delay},     {"jitter", &jitter},     {"duplicate", &dup},
        {"reorder", &reorder}, {"seed", &seed},       {"duration", &duration}, {"clusters", &clusters},
        {"advert", &advert},   {"version", &version}, {"vrid", &vrid},         {"auth", &auth}};
    for (const auto& [key, val] : single)
        if (!val->empty())
            if (auto err = havip::sim::apply_option(key, *val, setup, builtin); !err.empty()) return fail(err);
    for (const auto& n : nodes)
        if (auto err = havip::sim::apply_option("node", n, setup, builtin); !err.empty()) return fail(err);
    for (const auto& v : vips)
        if (auto err = havip::sim::apply_option("vip", v, setup, builtin); !err.empty()) return fail(err);
    for (const auto& e : events)
        if (auto err = havip::sim::apply_option("event", e, setup, builtin); !err.empty()) return fail(err);
    if (multicast) builtin.multicast = true;
    if (fast) builtin.fast_takeover = true;

    if (!plans.empty()) {
        if (!builtin.nodes.empty()) return fail("give either --plan files or --node descriptions, not both");
        for (std::size_t i = 0; i < plans.size(); ++i) {
            auto n = havip::sim::node_from_plan_file(plans[i], i);
            if (!n) return fail(n.message());
            setup.nodes.push_back(std::move(n).value());
        }
    } else if (auto err = havip::sim::build_cluster(builtin, setup.nodes); !err.empty()) {
        return fail(err);
    }
    if (auto err = havip::sim::validate(setup); !err.empty()) return fail(err);
    // Keeping every transition of a huge replicated run costs memory for nothing.
    setup.record_transitions = json || (!quiet && setup.clusters == 1);

    const auto t0 = std::chrono::steady_clock::now();
    const auto result = havip::sim::run(setup);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    try {  // fmt::print throws when a write fails
        if (json) {
            fmt::print("{}", havip::sim::to_json(setup, result));
        } else {
            fmt::print("{}", printable(havip::sim::to_text(setup, result), true));
            fmt::print("wall {:.3f} s for {:.0f} s of virtual time x {} clusters\n", wall, double(setup.duration) / 1e6,
                       setup.clusters);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "havip-sim: error: cannot write standard output: %s\n", e.what());
        return 2;
    }
    return finish(0);
} catch (const std::exception& e) {  // out of memory, or a library's surprise: an error, not an abort
    std::fprintf(stderr, "havip-sim: error: %s\n", e.what());
    return 2;
} catch (...) {
    std::fprintf(stderr, "havip-sim: error: unexpected exception\n");
    return 2;
}
