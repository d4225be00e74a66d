// SPDX-License-Identifier: MIT
#include "daemon/status.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "base/quote.hpp"
#include "sys/files.hpp"

namespace havip::daemon::status {

namespace {

constexpr std::size_t kMaxTextfile = 64u << 20;  // 255 instances render ~0.6 MB

// key="value" pairs between the braces of a sample line (exposition escapes undone).
std::map<std::string, std::string, std::less<>> labels_of(std::string_view l) {
    std::map<std::string, std::string, std::less<>> out;
    std::size_t i = 0;
    while (i < l.size()) {
        std::size_t eq = l.find("=\"", i);
        if (eq == std::string_view::npos) break;
        std::string key(l.substr(i, eq - i));
        std::string val;
        std::size_t j = eq + 2;
        for (; j < l.size() && l[j] != '"'; ++j) {
            if (l[j] == '\\' && j + 1 < l.size()) {
                ++j;
                val += l[j] == 'n' ? '\n' : l[j];
            } else {
                val += l[j];
            }
        }
        out.emplace(std::move(key), std::move(val));
        i = j + 1;
        if (i < l.size() && l[i] == ',') ++i;
    }
    return out;
}

Instance& find(Report& r, const std::string& name) {
    for (auto& in : r.instances)
        if (in.name == name) return in;
    r.instances.push_back({});
    r.instances.back().name = name;
    return r.instances.back();
}

Group& find_group(Report& r, const std::string& name) {
    for (auto& g : r.groups)
        if (g.name == name) return g;
    r.groups.push_back({});
    r.groups.back().name = name;
    return r.groups.back();
}

std::string upper(std::string_view s) {
    std::string o(s);
    for (char& c : o) c = char(c >= 'a' && c <= 'z' ? c - 32 : c);
    return o == "INIT" ? "STOP" : o;  // the state file's word for init
}

std::string when(double t, std::int64_t now) {
    if (t <= 0) return "-";
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    ::gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    std::int64_t ago = now - static_cast<std::int64_t>(t);
    if (ago < 0) ago = 0;
    std::string rel = ago >= 86400  ? fmt::format("{}d{}h", ago / 86400, ago % 86400 / 3600)
                      : ago >= 3600 ? fmt::format("{}h{}m", ago / 3600, ago % 3600 / 60)
                      : ago >= 60   ? fmt::format("{}m{}s", ago / 60, ago % 60)
                                    : fmt::format("{}s", ago);
    return fmt::format("{} UTC ({} ago)", buf, rel);
}

double since(const Instance& in) {
    if (in.since > 0) return in.since;
    return in.last_transition > 0 ? in.last_transition : double(in.state_since);
}

std::string or_dash(const std::string& s) { return s.empty() ? "-" : s; }

void merge_group_sample(std::string_view name, std::map<std::string, std::string, std::less<>>& l, double v, Group& g) {
    if (name == "havipd_sync_group_state" && v == 1 && g.state.empty())
        g.state = upper(l["state"]);
    else if (name == "havipd_sync_group_member_info" && l.count("instance"))
        g.members.push_back(l["instance"]);
    else if (name == "havipd_sync_group_last_transition_timestamp_seconds")
        g.last_transition = v;
}

}  // namespace

void merge_metrics(std::string_view text, Report& r) {
    r.have_metrics = true;
    while (!text.empty()) {
        std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (line.empty() || line[0] == '#') continue;
        std::size_t sp = line.rfind(' ');
        if (sp == std::string_view::npos) continue;
        std::string_view series = line.substr(0, sp);
        const double v = std::strtod(std::string(line.substr(sp + 1)).c_str(), nullptr);
        std::string_view name = series.substr(0, series.find('{'));
        std::string_view inner;
        if (auto b = series.find('{'); b != std::string_view::npos && series.back() == '}')
            inner = series.substr(b + 1, series.size() - b - 2);
        if (name == "havipd_up") {
            r.up = v == 1;
            continue;
        }
        auto l = labels_of(inner);
        if (name == "havipd_plan_info") {
            r.node = l["node"];
            r.plan_checksum = l["checksum"];
            continue;
        }
        if (name.substr(0, 18) == "havipd_sync_group_" && l.count("group")) {
            merge_group_sample(name, l, v, find_group(r, l["group"]));
            continue;
        }
        if (name.substr(0, 16) != "havipd_instance_" || !l.count("instance")) continue;
        Instance& in = find(r, l["instance"]);
        if (l.count("vrid")) in.vrid = std::strtol(l["vrid"].c_str(), nullptr, 10);
        if (name == "havipd_instance_state" && v == 1 && in.state.empty())
            in.state = upper(l["state"]);
        else if (name == "havipd_instance_priority")
            in.priority = long(v);
        else if (name == "havipd_instance_effective_priority")
            in.effective_priority = long(v);
        else if (name == "havipd_instance_vips")
            in.vips = long(v);
        else if (name == "havipd_instance_last_transition_timestamp_seconds")
            in.last_transition = v;
    }
}

void merge_transition(std::string_view text, Instance& in) {
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        const std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        const std::size_t eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        const std::string_view k = line.substr(0, eq);
        std::string v(line.substr(eq + 1));
        if (k == "master")
            in.master = std::move(v);
        else if (k == "reason")
            in.reason = std::move(v);
        else if (k == "detail")
            in.detail = std::move(v);
        else if (k == "since_ms" && std::strtoll(v.c_str(), nullptr, 10) > 0)
            in.since = double(std::strtoll(v.c_str(), nullptr, 10)) / 1000;
    }
}

sys::Result<Report> read(const std::string& state_dir, const std::string& textfile) {
    Report r;
    DIR* d = ::opendir(state_dir.c_str());
    if (!d) return sys::Status::from_errno("state directory " + state_dir, errno);
    while (dirent* e = ::readdir(d)) {
        std::string_view f = e->d_name;
        if (f.size() <= 6 || f.substr(f.size() - 6) != ".state") continue;
        std::string path = state_dir + "/" + std::string(f);
        auto text = sys::read_file(path, 64);
        if (!text) continue;  // gone meanwhile, or not a state file
        Instance& in = find(r, std::string(f.substr(0, f.size() - 6)));
        std::string s = *text;
        while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
        in.state = s;
        struct stat st {};
        if (::stat(path.c_str(), &st) == 0) in.state_since = st.st_mtime;
        if (auto t = sys::read_file(state_dir + "/" + in.name + ".transition", 4096)) merge_transition(*t, in);
    }
    ::closedir(d);
    if (!textfile.empty()) {
        auto text = sys::read_file(textfile, kMaxTextfile);
        if (!text) return text.status();
        merge_metrics(*text, r);
    }
    std::sort(r.instances.begin(), r.instances.end(),
              [](const Instance& a, const Instance& b) { return a.name < b.name; });
    std::sort(r.groups.begin(), r.groups.end(), [](const Group& a, const Group& b) { return a.name < b.name; });
    return r;
}

std::string format_text(const Report& r, std::int64_t now) {
    std::string out;
    if (r.have_metrics)
        out += fmt::format("node {}, plan {}, havipd {}\n", r.node.empty() ? "?" : r.node,
                           r.plan_checksum.empty() ? "?" : r.plan_checksum, r.up ? "up" : "stopped");
    if (r.instances.empty()) return out + "no instance (no state file yet)\n";
    std::size_t w = 8;
    for (const auto& in : r.instances) w = std::max(w, in.name.size());
    auto num = [](long v) { return v < 0 ? std::string("-") : std::to_string(v); };
    std::size_t mw = 6;
    for (const auto& in : r.instances) mw = std::max(mw, in.master.size());
    out += fmt::format("{:<{}}  {:>4}  {:<6}  {:>8}  {:>9}  {:>4}  {:<{}}  {}\n", "INSTANCE", w, "VRID", "STATE",
                       "PRIORITY", "EFFECTIVE", "VIPS", "MASTER", mw, "SINCE");
    for (const auto& in : r.instances) {
        out += fmt::format("{:<{}}  {:>4}  {:<6}  {:>8}  {:>9}  {:>4}  {:<{}}  {}\n", in.name, w, num(in.vrid),
                           or_dash(in.state), num(in.priority), num(in.effective_priority), num(in.vips),
                           or_dash(in.master), mw, when(since(in), now));
        if (!in.detail.empty()) out += fmt::format("{:<{}}  last transition: {}\n", "", w, in.detail);
    }
    if (r.groups.empty()) return out;
    std::size_t gw = 10;
    for (const auto& g : r.groups) gw = std::max(gw, g.name.size());
    std::vector<std::string> members;
    std::size_t memw = 7;
    for (const auto& g : r.groups) {
        std::string m;
        for (const auto& name : g.members) {
            if (!m.empty()) m += ',';
            m += name;
        }
        memw = std::max(memw, m.size());
        members.push_back(m.empty() ? "-" : std::move(m));
    }
    out += fmt::format("\n{:<{}}  {:<6}  {:<{}}  {}\n", "SYNC GROUP", gw, "STATE", "MEMBERS", memw, "SINCE");
    for (std::size_t i = 0; i < r.groups.size(); ++i) {
        const Group& g = r.groups[i];
        out += fmt::format("{:<{}}  {:<6}  {:<{}}  {}\n", g.name, gw, or_dash(g.state), members[i], memw,
                           when(g.last_transition, now));
    }
    return out;
}

namespace {
std::string str(const std::string& s) { return s.empty() ? "null" : base::quote(s); }
std::string transition_json(const Instance& in) {
    if (in.reason.empty()) return "null";
    return fmt::format("{{\"reason\":{},\"detail\":{}}}", base::quote(in.reason), base::quote(in.detail));
}
}  // namespace

std::string format_json(const Report& r) {
    std::string out = "{";
    if (r.have_metrics)
        out += fmt::format("\"node\":{},\"plan_checksum\":{},\"up\":{},", base::quote(r.node),
                           base::quote(r.plan_checksum), r.up ? "true" : "false");
    out += "\"instances\":[";
    auto num = [](long v) { return v < 0 ? std::string("null") : std::to_string(v); };
    for (std::size_t i = 0; i < r.instances.size(); ++i) {
        const Instance& in = r.instances[i];
        double t = since(in);
        out += fmt::format(
            "{}{{\"instance\":{},\"vrid\":{},\"state\":{},\"priority\":{},\"effective_priority\":{},"
            "\"vips\":{},\"since\":{},\"master\":{},\"last_transition\":{}}}",
            i ? "," : "", base::quote(in.name), num(in.vrid), in.state.empty() ? "null" : base::quote(in.state),
            num(in.priority), num(in.effective_priority), num(in.vips),
            t > 0 ? fmt::format("{:.3f}", t) : std::string("null"), str(in.master), transition_json(in));
    }
    out += "]";
    if (!r.groups.empty()) {
        out += ",\"sync_groups\":[";
        for (std::size_t i = 0; i < r.groups.size(); ++i) {
            const Group& g = r.groups[i];
            std::string members;
            for (const auto& m : g.members) {
                if (!members.empty()) members += ',';
                members += base::quote(m);
            }
            out += fmt::format("{}{{\"group\":{},\"state\":{},\"members\":[{}],\"last_transition\":{}}}", i ? "," : "",
                               base::quote(g.name), g.state.empty() ? "null" : base::quote(g.state), members,
                               g.last_transition > 0 ? fmt::format("{:.3f}", g.last_transition) : std::string("null"));
        }
        out += "]";
    }
    return out + "}\n";
}

}  // namespace havip::daemon::status
