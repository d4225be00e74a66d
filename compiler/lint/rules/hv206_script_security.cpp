// SPDX-License-Identifier: MIT
// HV206 script-security: scripts with a relative path, without
// enable_script_security, or (checked on this host) missing / not executable.
#include <fmt/format.h>
#include <unistd.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

constexpr model::Version kScriptSecurity{1, 3, 0};

class ScriptSecurity final : public RuleBase {
  public:
    ScriptSecurity()
        : RuleBase({"HV206", "script-security", "scripts with a relative path or without enable_script_security",
                    diag::Severity::Warning, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        std::vector<const model::Command*> cmds;
        for (std::uint32_t n = 0; n < cx.fleet.nodes.size(); ++n) {
            const auto& node = cx.node(n);
            cmds.clear();
            for (const auto& s : node.scripts)
                if (!s.command.empty()) cmds.push_back(&s.command);
            for (const auto& i : node.instances)
                each_notify(i, [&](const char*, const model::Command& c) { cmds.push_back(&c); });
            for (const auto& g : node.sync_groups)
                for (const auto* c : {&g.notify_master, &g.notify_backup, &g.notify_fault, &g.notify_stop, &g.notify})
                    if (!c->empty()) cmds.push_back(c);
            if (cmds.empty()) continue;
            for (const auto* c : cmds) {
                const auto& prog = c->argv.front();
                if (prog.empty() || prog[0] != '/') {
                    out.report(out.make(fmt::format("script {} has a relative path", tick(prog)))
                                   .at(c->span, "relative path")
                                   .note("keepalived resolves it through PATH at run time, and script security "
                                         "rejects it")
                                   .help("write the script's absolute path"));
                } else if (cx.opt.check_scripts_on_host && access(prog.c_str(), X_OK) != 0) {
                    bool exists = access(prog.c_str(), F_OK) == 0;
                    out.report(out.make(fmt::format("script {} {} on this host", tick(prog),
                                                    exists ? "is not executable" : "does not exist"))
                                   .at(c->span, exists ? "not executable" : "missing")
                                   .help(exists ? "chmod +x the script" : "install the script or fix the path"));
                }
            }
            if (!(cx.target(n) < kScriptSecurity) && !node.globals.enable_script_security.value) {
                out.report(out.make("scripts run without enable_script_security")
                               .at(cmds.front()->span, "first script")
                               .note("keepalived 1.3.0 and later then runs scripts as root and warns; with it, "
                                     "scripts writable by others are refused")
                               .help("add `enable_script_security` (and `script_user`) to global_defs"));
            }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv206, ScriptSecurity)
