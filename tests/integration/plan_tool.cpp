// SPDX-License-Identifier: MIT
// havip-test-plan: keepalived.conf / havip.toml → one plan per node, for the
// daemon's integration tests (the same front end, model and plan writer as
// havip-compile, without the lint gate, so tests can also build odd plans).
//   havip-test-plan OUTDIR FILE...     writes OUTDIR/NODE.hvp, prints the node names
#include <cstdio>
#include <string>
#include <vector>

#include "driver/driver.hpp"
#include "emit/plan_writer.hpp"
#include "sys/files.hpp"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: havip-test-plan OUTDIR FILE...\n");
        return 2;
    }
    std::string out = argv[1];
    std::vector<std::string> inputs(argv + 2, argv + argc), errors;
    auto files = havip::driver::collect(inputs, errors);
    for (const auto& e : errors) std::fprintf(stderr, "havip-test-plan: %s\n", e.c_str());
    if (!errors.empty()) return 2;
    havip::driver::Workspace ws;
    havip::driver::load(ws, files, {});
    int rc = 0;
    for (const auto& d : ws.diags.items)
        if (d.severity == havip::diag::Severity::Error) {
            std::fprintf(stderr, "havip-test-plan: %s: %s\n", d.code.c_str(), d.message.c_str());
            rc = 1;
        }
    if (rc) return rc;
    for (const auto& node : ws.fleet.nodes) {
        std::string err;
        auto bytes = havip::emit::write_plan(node, {"havip-test", 0}, &err);
        if (bytes.empty()) {
            std::fprintf(stderr, "havip-test-plan: %s: %s\n", node.name.c_str(), err.c_str());
            return 1;
        }
        std::string path = out + "/" + node.name + ".hvp";
        auto st = havip::sys::write_file_atomic(
            path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), 0644);
        if (!st) {
            std::fprintf(stderr, "havip-test-plan: %s\n", st.message().c_str());
            return 1;
        }
        std::printf("%s\n", node.name.c_str());
    }
    return 0;
}
