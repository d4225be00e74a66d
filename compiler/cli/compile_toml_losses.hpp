// SPDX-License-Identifier: MIT
#pragma once
/// What `havip-compile --emit toml` leaves out. havip.toml holds one cluster,
/// and less than keepalived.conf can say; rather than trust a list of what it
/// lacks, the emitted text is read back through the TOML front end and each
/// member node's canonical keepalived.conf (model::dump_keepalived) is compared
/// with the original's, line by line within its blocks. Compared are the
/// member's own instance, global_defs, the static_* blocks, and the
/// vrrp_script / track_file / vrrp_track_process / vrrp_sync_group blocks that
/// instance uses: the node's other instances belong to other clusters.
#include <string>
#include <vector>

#include "emit/toml_writer.hpp"

namespace havip::cli {

/// One line per member node that loses something: "node `a`: `static_ipaddress`,
/// `vrrp_instance > track_file`" (the blocks, or the instance's keywords, whose
/// lines the TOML does not give back). Empty: nothing is lost.
std::vector<std::string> toml_losses(const std::vector<emit::ClusterMember>& members, const std::string& toml);

}  // namespace havip::cli
