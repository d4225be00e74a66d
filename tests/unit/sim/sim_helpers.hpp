// SPDX-License-Identifier: MIT
#pragma once
// Small builders for simulator tests: a cluster from the built-in description.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "sim/scenario.hpp"
#include "sim/sim.hpp"

namespace simtest {

using havip::sim::Result;
using havip::sim::Setup;
using havip::vrrp::usec;

constexpr usec kSec = 1'000'000;

/// Nodes ("a:prio=100"), options ({"advert", "1s"}), and events ("kill:a@10s").
inline havip::sim::Setup make(std::initializer_list<const char*> nodes,
                              std::initializer_list<std::pair<const char*, const char*>> options,
                              std::initializer_list<const char*> events, usec duration = 60 * kSec) {
    havip::sim::Setup s;
    havip::sim::BuiltinCluster b;
    for (const char* n : nodes) b.nodes.emplace_back(n);
    for (const auto& [k, v] : options) {
        const auto err = havip::sim::apply_option(k, v, s, b);
        EXPECT_EQ(err, "") << k;
    }
    for (const char* e : events) {
        const auto err = havip::sim::apply_option("event", e, s, b);
        EXPECT_EQ(err, "") << e;
    }
    EXPECT_EQ(havip::sim::build_cluster(b, s.nodes), "");
    s.duration = duration;
    EXPECT_EQ(havip::sim::validate(s), "");
    return s;
}

/// Names of the masters of the first group at the end.
inline std::vector<std::string> masters(const Setup& s, const Result& r) {
    std::vector<std::string> out;
    if (r.end_cluster0.empty()) return out;
    for (auto n : r.end_cluster0[0].masters) out.push_back(s.nodes[n].name);
    return out;
}

/// The time node `name` last became `to`, or -1.
inline usec last_became(const Setup& s, const Result& r, const std::string& name, havip::vrrp::State to) {
    usec t = -1;
    for (const auto& tr : r.transitions)
        if (s.nodes[tr.node].name == name && tr.to == to) t = tr.t;
    return t;
}

}  // namespace simtest
