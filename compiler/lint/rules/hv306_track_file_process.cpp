// SPDX-License-Identifier: MIT
// HV306 track-file-process: process tracking, and the init_file of a tracked
// file, which havipd does not run (havipd runs track_file itself).
#include "lint/rule.hpp"

namespace havip::lint {
namespace {

bool pick(const model::KeywordUse& k) {
    if (k.block().empty()) return k.keyword() == "vrrp_track_process";
    if (k.block() == "track_file" || k.block() == "vrrp_track_file") return k.keyword() == "init_file";
    return k.keyword() == "track_process";
}

class TrackFileProcess final : public RuleBase {
  public:
    TrackFileProcess()
        : RuleBase({"HV306", "track-file-process", "track_process and track_file's init_file are not run by havipd",
                    diag::Severity::Error, Scope::Node, Audience::Havipd}) {}
    void check(const Context& cx, Emitter& out) const override {
        report_unsupported(cx, out, pick, "process tracking or init_file");
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv306, TrackFileProcess)
