// SPDX-License-Identifier: MIT
// track_file: each tracked file is watched on the host (inotify on its
// directory for RealHost) and re-read when it changes; its integer value goes
// to the state machine of every instance tracking it, which applies the weight.
#include "exec/track_file.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <set>
#include <string>

#include "exec/executor_impl.hpp"

namespace havip::exec {

using sys::Level;
using sys::Status;

std::optional<std::int32_t> track_file_value(std::string_view content) {
    std::string buf(content.substr(0, kTrackFileReadMax));
    if (buf.find('\0') != std::string::npos) buf.resize(buf.find('\0'));  // C reads a string: up to the NUL
    errno = 0;
    const long v = std::strtol(buf.c_str(), nullptr, 0);
    if (errno == ERANGE || v < INT_MIN || v > INT_MAX) return std::nullopt;
    return static_cast<std::int32_t>(v);
}

void Executor::Impl::init_track_file(const TrackSpec& t, bool reloading) {
    // keepalived: written when the file is missing; with overwrite also over a
    // regular file, but not on a reload. A failure is reported, not fatal.
    auto wrote = host.init_small_file(t.path, std::to_string(t.init_value) + "\n", t.overwrite && !reloading);
    if (!wrote)
        host.log(Level::warning, "track_file_init_failed",
                 {{"track", t.name}, {"file", t.path}, {"error", wrote.message()}});
    else if (*wrote)
        host.log(Level::notice, "track_file_initialised",
                 {{"track", t.name}, {"file", t.path}, {"value", t.init_value}});
}

Status Executor::Impl::watch_files(const NodeConfig& c, bool reloading) {
    std::set<std::string_view> initialised;
    for (const auto& in : c.instances)
        for (const auto& t : in.tracks)
            if (t.kind == TrackSpec::Kind::File && t.init_file && initialised.insert(t.path).second)
                init_track_file(t, reloading);
    for (const auto& in : c.instances)
        for (const auto& t : in.tracks) {
            if (t.kind != TrackSpec::Kind::File || file_values.count(t.path)) continue;
            const std::string path = t.path;
            file_values[path] = 0;
            if (Status st = watch_file(path); !st) {
                if (!file_retry_timer.valid()) {
                    auto timer = host.add_timer([this] { retry_file_watches(); });
                    if (!timer) return timer.status();
                    file_retry_timer = *timer;
                }
                host.log(Level::warning, "track_file_unwatched",
                         {{"track", t.name},
                          {"file", path},
                          {"error", st.message()},
                          {"why", "its value is 0 until the directory exists (tried again every 5 s)"}});
                unwatched_files.insert(path);
                if (!host.armed(file_retry_timer)) host.arm(file_retry_timer, kTrackFileRetryNs, kTrackFileRetryNs);
                continue;
            }
            // The value now, before any instance starts (keepalived reads it at start too).
            auto text = host.read_small_file(path, kTrackFileReadMax);
            if (!text) continue;  // missing or unreadable: 0
            if (auto v = track_file_value(*text))
                file_values[path] = *v;
            else
                host.log(Level::warning, "track_file_invalid",
                         {{"file", path}, {"why", "out of the int range: ignored"}});
            host.log(Level::info, "track_file", {{"file", path}, {"value", file_values[path]}});
        }
    return {};
}

Status Executor::Impl::watch_file(const std::string& path) {
    return host.watch_file(path, [this, path] { file_changed(path); });
}

void Executor::Impl::retry_file_watches() {
    for (auto it = unwatched_files.begin(); it != unwatched_files.end();) {
        const std::string path = *it;
        if (!file_values.count(path) || watch_file(path)) {  // no longer tracked, or watched now
            it = unwatched_files.erase(it);
            if (!file_values.count(path)) continue;
            host.log(Level::notice, "track_file_watched", {{"file", path}});
            file_changed(path);  // the value it has now
        } else {
            ++it;
        }
    }
    if (unwatched_files.empty()) host.disarm(file_retry_timer);
}

void Executor::Impl::start_file_track(Inst& in, std::size_t i) {
    auto it = file_values.find(in.spec.tracks[i].path);
    if (it == file_values.end() || it->second == 0) return;  // the state machine starts at 0
    execute(in, in.fsm->step(now_us(), vrrp::Event::track_value(static_cast<std::uint16_t>(i), it->second)));
}

void Executor::Impl::file_changed(const std::string& path) {
    if (stopping) return;
    auto it = file_values.find(path);
    if (it == file_values.end()) return;
    std::int32_t value = 0;  // keepalived: a file that is gone or cannot be read counts as 0
    if (auto text = host.read_small_file(path, kTrackFileReadMax)) {
        auto v = track_file_value(*text);
        if (!v) {
            host.log(Level::warning, "track_file_invalid", {{"file", path}, {"why", "out of the int range: ignored"}});
            return;
        }
        value = *v;
    }
    if (value == it->second) return;
    host.log(Level::notice, "track_file", {{"file", path}, {"value", value}, {"was", it->second}});
    it->second = value;
    for (auto& in : insts)
        for (std::size_t i = 0; i < in->spec.tracks.size(); ++i)
            if (in->spec.tracks[i].kind == TrackSpec::Kind::File && in->spec.tracks[i].path == path)
                step(*in, vrrp::Event::track_value(static_cast<std::uint16_t>(i), value));
    changed();
}

}  // namespace havip::exec
