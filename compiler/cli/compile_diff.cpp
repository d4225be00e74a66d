// SPDX-License-Identifier: MIT
#include "cli/compile_diff.hpp"

#include <iostream>
#include <optional>

#include "base/quote.hpp"
#include "diag/render_util.hpp"
#include "node/from_plan.hpp"
#include "node/plan_diff.hpp"
#include "plan/loader.hpp"

namespace havip::cli {

namespace {

using daemon::Change;

std::optional<daemon::NodeConfig> load(const std::string& path) {
    auto bytes = plan::read_plan_file(path);
    if (!bytes) {
        std::cerr << "havip-compile: " << diag::detail::sanitize(bytes.error().message, false) << "\n";
        return std::nullopt;
    }
    auto view = plan::PlanView::load(*bytes);
    if (!view) {
        std::cerr << "havip-compile: " << diag::detail::sanitize(path, false) << ": " << view.error().message << "\n";
        return std::nullopt;
    }
    auto cfg = daemon::from_plan(*view);
    if (!cfg) {
        std::cerr << "havip-compile: " << diag::detail::sanitize(path, false)
                  << ": havipd cannot run this plan: " << diag::detail::sanitize(cfg.message(), false) << "\n";
        return std::nullopt;
    }
    return std::move(*cfg);
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

std::string what(Change c) {
    switch (c) {
        case Change::Kept:
            return "kept";
        case Change::Updated:
            return "updated in place (state kept)";
        case Change::Restarted:
            return "restarted (stopped, a master resigns, then started anew)";
        case Change::Added:
            return "added (started)";
        case Change::Removed:
            return "removed (stopped, a master resigns)";
    }
    return "?";
}

constexpr const char* kLockstep =
    "peers drop each other's adverts while these differ: reload the backup first, then the master "
    "right after (after a VIP list or interval change havipd accepts its peer's previous values for 300 s)";

void human(const daemon::PlanDiff& d, const std::string& a, const std::string& b) {
    auto s = [](const std::string& t) { return diag::detail::sanitize(t, false); };
    std::cout << s(a) << " -> " << s(b) << " (node " << s(d.new_node) << ")\n";
    if (d.old_node != d.new_node)
        std::cout << "warning: the plans are for different nodes (" << s(d.old_node) << ", " << s(d.new_node) << ")\n";
    for (const auto& i : d.instances) {
        std::cout << "  " << s(i.name) << ": " << what(i.change);
        if (!i.fields.empty()) std::cout << ": " << s(join(i.fields));
        std::cout << "\n";
    }
    if (!d.node_fields.empty()) std::cout << "  node settings: " << join(d.node_fields) << "\n";
    for (const auto& i : d.instances)
        if (!i.lockstep.empty())
            std::cout << "warning: " << s(i.name) << ": " << join(i.lockstep) << " changed: " << kLockstep << "\n";
    std::cout << d.count(Change::Kept) << " kept, " << d.count(Change::Updated) << " updated, "
              << d.count(Change::Restarted) << " restarted, " << d.count(Change::Added) << " added, "
              << d.count(Change::Removed) << " removed\n";
}

void json(const daemon::PlanDiff& d, const std::string& a, const std::string& b) {
    std::string o = "{\"old\":";
    base::append_quoted(o, a);
    o += ",\"new\":";
    base::append_quoted(o, b);
    o += ",\"old_node\":";
    base::append_quoted(o, d.old_node);
    o += ",\"new_node\":";
    base::append_quoted(o, d.new_node);
    o += ",\"changed\":";
    o += d.changed() ? "true" : "false";
    auto list = [&](const std::vector<std::string>& v) {
        o += '[';
        for (std::size_t k = 0; k < v.size(); ++k) {
            if (k) o += ',';
            base::append_quoted(o, v[k]);
        }
        o += ']';
    };
    o += ",\"instances\":[";
    bool lockstep = false;
    for (std::size_t k = 0; k < d.instances.size(); ++k) {
        const auto& i = d.instances[k];
        if (k) o += ',';
        o += "{\"name\":";
        base::append_quoted(o, i.name);
        o += ",\"change\":\"";
        o += daemon::change_name(i.change);
        o += "\",\"fields\":";
        list(i.fields);
        o += ",\"lockstep\":";
        list(i.lockstep);
        o += '}';
        lockstep = lockstep || !i.lockstep.empty();
    }
    o += "],\"node_fields\":";
    list(d.node_fields);
    o += ",\"rollout\":";
    o += lockstep ? "\"together\"" : "\"any order\"";
    o += "}\n";
    std::cout << o;
}

}  // namespace

int diff_plan_files(const std::string& old_path, const std::string& new_path, const std::string& format) {
    auto a = load(old_path);
    if (!a) return 2;
    auto b = load(new_path);
    if (!b) return 2;
    const daemon::PlanDiff d = daemon::diff_plans(*a, *b);
    if (format == "json")
        json(d, old_path, new_path);
    else
        human(d, old_path, new_path);
    return d.changed() ? 1 : 0;
}

}  // namespace havip::cli
