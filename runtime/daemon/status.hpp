// SPDX-License-Identifier: MIT
#pragma once
/// `havipd status`: what a running (or stopped) havipd exposes, read back and
/// shown per instance: the state files of its state directory and, when given,
/// its metrics textfile (priority, effective priority, VIPs held, the last
/// transition, and each vrrp_sync_group's state and members). Pure functions over text, plus one that reads the files.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sys/result.hpp"

namespace havip::daemon::status {

struct Instance {
    std::string name;
    std::string state;             ///< from <name>.state: MASTER, BACKUP, FAULT, STOP ("" unknown)
    std::int64_t state_since = 0;  ///< the state file's mtime (Unix s), 0 unknown
    // From the metrics textfile; -1 where it has no value.
    long vrid = -1, priority = -1, effective_priority = -1, vips = -1;
    double last_transition = -1;  ///< Unix seconds (0: none yet)
    // From <name>.transition; "" where there is none.
    std::string master;  ///< the master it follows: an address, "self" or "-"
    std::string reason;  ///< the last transition's cause, a stable word ("master_down_timer")
    std::string detail;  ///< the same for people ("higher priority advert from 10.0.0.2")
    double since = -1;   ///< when it entered its state, Unix seconds (-1 unknown)
};

/// A vrrp_sync_group, from the metrics textfile.
struct Group {
    std::string name;
    std::string state;                 ///< MASTER, BACKUP, FAULT, STOP ("" unknown)
    std::vector<std::string> members;  ///< in the textfile's order
    double last_transition = -1;       ///< Unix seconds (0: none yet, -1 unknown)
};

struct Report {
    std::vector<Instance> instances;  ///< sorted by name
    std::vector<Group> groups;        ///< sorted by name
    bool have_metrics = false;
    bool up = false;  ///< havipd_up in the textfile
    std::string node, plan_checksum;
};

/// Adds what the exposition text (havipd's own metrics) says to `r`, creating
/// instances it names. Lines it does not know are skipped.
void merge_metrics(std::string_view text, Report& r);

/// Adds what a <name>.transition file says (key=value lines) to `in`.
void merge_transition(std::string_view text, Instance& in);

/// Reads <state_dir>/*.state (and each one's .transition) and, if `textfile` is not empty, the metrics textfile.
sys::Result<Report> read(const std::string& state_dir, const std::string& textfile);

/// A table for people (times relative to `now`, Unix s), or JSON.
std::string format_text(const Report& r, std::int64_t now);
std::string format_json(const Report& r);

}  // namespace havip::daemon::status
