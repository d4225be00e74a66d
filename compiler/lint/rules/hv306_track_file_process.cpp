// SPDX-License-Identifier: MIT
// HV306 track-file-process: the init_file of a tracked file, which havipd does
// not run (havipd runs track_file and vrrp_track_process themselves).
#include "lint/rule.hpp"

namespace havip::lint {
namespace {

bool pick(const model::KeywordUse& k) {
    return (k.block() == "track_file" || k.block() == "vrrp_track_file") && k.keyword() == "init_file";
}

class TrackFileProcess final : public RuleBase {
  public:
    TrackFileProcess()
        : RuleBase({"HV306", "track-file-process", "track_file's init_file is not run by havipd", diag::Severity::Error,
                    Scope::Node, Audience::Havipd}) {}
    void check(const Context& cx, Emitter& out) const override { report_unsupported(cx, out, pick, "init_file"); }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv306, TrackFileProcess)
