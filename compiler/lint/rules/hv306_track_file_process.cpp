// SPDX-License-Identifier: MIT
// HV306 track-file-process: file and process tracking, which havipd does not run.
#include "lint/rule.hpp"

namespace havip::lint {
namespace {

bool pick(const model::KeywordUse& k) {
    if (k.block().empty()) return k.keyword() == "vrrp_track_file" || k.keyword() == "vrrp_track_process";
    return k.keyword() == "track_file" || k.keyword() == "track_process";
}

class TrackFileProcess final : public RuleBase {
public:
    TrackFileProcess()
        : RuleBase({"HV306", "track-file-process", "track_file and track_process are not run by havipd",
                    diag::Severity::Error, Scope::Node, Audience::Havipd}) {}
    void check(const Context& cx, Emitter& out) const override {
        report_unsupported(cx, out, pick, "file or process tracking");
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv306, TrackFileProcess)
