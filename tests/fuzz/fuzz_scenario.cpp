// SPDX-License-Identifier: MIT
// Fuzz target: any bytes as a havip-sim scenario file, then the built-in
// cluster it describes and the checks the simulator runs before it starts.
// A refusal always says why; never a crash, an out-of-bounds read or a hang.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/scenario.hpp"
#include "sim/sim.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    havip::sim::Setup setup;
    havip::sim::BuiltinCluster builtin;
    const std::string err = havip::sim::parse_scenario(text, setup, builtin);
    if (!err.empty()) {
        if (err.rfind("line ", 0) != 0) __builtin_trap();  // every refusal names its line
        return 0;
    }
    if (!havip::sim::build_cluster(builtin, setup.nodes).empty()) return 0;
    (void)havip::sim::validate(setup);
    return 0;
}
