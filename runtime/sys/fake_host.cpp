// SPDX-License-Identifier: MIT
#include "sys/fake_host.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>

namespace havip::sys {

FakeHost::~FakeHost() = default;

// ---- the world -----------------------------------------------------------------

int FakeHost::add_link(const std::string& name, const MacAddr& mac, bool up) {
    LinkInfo li;
    li.ifindex = links_.empty() ? 2 : links_.back().ifindex + 1;  // 1 is lo on a real host
    li.name = name;
    li.mac = mac;
    li.up = li.running = up;
    li.mtu = 1500;
    links_.push_back(li);
    return li.ifindex;
}

void FakeHost::set_link(const std::string& name, bool up, bool running) {
    for (auto& li : links_)
        if (li.name == name) {
            li.up = up;
            li.running = running;
            if (events_ && !crashed_) {
                LinkEvent ev;
                ev.ifindex = li.ifindex;
                ev.name = li.name;
                ev.up = up;
                ev.running = running;
                events_->on_link(ev);
                settle();
            }
        }
}

void FakeHost::remove_address(int ifindex, const IpAddr& a) {
    std::erase_if(addrs_, [&](const AddrEntry& e) { return e.ifindex == ifindex && e.addr == a; });
    report_address_removed(ifindex, a);
}

void FakeHost::report_address_removed(int ifindex, const IpAddr& a) {
    if (!events_ || crashed_) return;
    events_->on_address_removed({ifindex, a, a.is_v4() ? 32 : 128});
    settle();
}

void FakeHost::lose_link_events() {
    if (!events_ || crashed_) return;
    events_->on_links_lost();
    settle();
}

void FakeHost::add_address(int ifindex, const IpAddr& a, int prefix, int scope) {
    AddrEntry e;
    e.ifindex = ifindex;
    e.addr = a;
    e.prefix = prefix;
    e.scope = scope;
    addrs_.push_back(e);
}

bool FakeHost::has_address(int ifindex, const IpAddr& a) const {
    return std::any_of(addrs_.begin(), addrs_.end(),
                       [&](const AddrEntry& e) { return e.ifindex == ifindex && e.addr == a; });
}

bool FakeHost::has_address(const IpAddr& a) const {
    return std::any_of(addrs_.begin(), addrs_.end(), [&](const AddrEntry& e) { return e.addr == a; });
}

void FakeHost::add_user(const std::string& name, std::uint32_t uid, std::uint32_t gid) { users_[name] = {uid, gid}; }

std::size_t FakeHost::count_log(const std::string& event) const {
    return std::size_t(std::count_if(logs.begin(), logs.end(), [&](const LogLine& l) { return l.event == event; }));
}

std::size_t FakeHost::count_level(Level level) const {
    return std::size_t(std::count_if(logs.begin(), logs.end(), [&](const LogLine& l) { return l.level == level; }));
}

// ---- driving ---------------------------------------------------------------------

std::int64_t FakeHost::next_due() const {
    std::int64_t best = INT64_MAX;
    if (crashed_) return best;
    for (const auto& t : timers_)
        if (t.used && t.armed) best = std::min(best, t.due);
    return best;
}

void FakeHost::fire_due() {
    for (;;) {
        if (crashed_) return;
        std::size_t pick = timers_.size();
        for (std::size_t i = 0; i < timers_.size(); ++i)
            if (timers_[i].used && timers_[i].armed && timers_[i].due <= *clock_ &&
                (pick == timers_.size() || timers_[i].due < timers_[pick].due))
                pick = i;
        if (pick == timers_.size()) return;
        Timer& t = timers_[pick];
        if (t.period > 0)
            t.due += t.period;
        else
            t.armed = false;
        auto handler = t.handler;  // the handler may remove its own timer
        handler();
        settle();
    }
}

void FakeHost::advance_to(std::int64_t t) {
    for (;;) {
        const std::int64_t d = next_due();
        if (d > t) break;
        if (d > *clock_) *clock_ = d;
        fire_due();
    }
    if (t > *clock_) *clock_ = t;
}

void FakeHost::deliver(const RxAdvert& rx) {
    if (crashed_ || !events_) return;
    events_->on_advert(rx);
    settle();
}

void FakeHost::settle() {
    if (!after_event_ || crashed_) return;
    while (after_event_()) {
    }
}

void FakeHost::crash() {
    crashed_ = true;
    events_ = nullptr;
    for (auto& t : timers_) t.armed = false;
    queues_.clear();
    running_ = 0;
}

void FakeHost::restart() {
    timers_.clear();
    script_timers_.clear();
    queues_.clear();
    running_ = 0;
    groups.clear();
    watchers_.clear();
    proc_event_ = nullptr;
    proc_wanted_ = nullptr;
    proc_seen_.clear();
    events_ = nullptr;
    crashed_ = false;
}

LinkInfo* FakeHost::find_link(int ifindex) {
    for (auto& li : links_)
        if (li.ifindex == ifindex) return &li;
    return nullptr;
}

// ---- Host: timers -------------------------------------------------------------------

Result<HostTimer> FakeHost::add_timer(std::function<void()> handler) {
    if (crashed_) return Status::error("crashed");
    for (std::size_t i = 0; i < timers_.size(); ++i)
        if (!timers_[i].used) {
            timers_[i] = Timer{std::move(handler), true, false, 0, 0};
            return HostTimer{std::uint32_t(i)};
        }
    timers_.push_back(Timer{std::move(handler), true, false, 0, 0});
    return HostTimer{std::uint32_t(timers_.size() - 1)};
}

void FakeHost::arm(HostTimer t, std::int64_t after_ns, std::int64_t period_ns) {
    if (!t.valid() || t.slot >= timers_.size() || !timers_[t.slot].used || crashed_) return;
    Timer& tm = timers_[t.slot];
    tm.armed = true;
    tm.due = *clock_ + (after_ns > 0 ? after_ns : 0);
    tm.period = period_ns > 0 ? period_ns : 0;
}

void FakeHost::disarm(HostTimer t) {
    if (t.valid() && t.slot < timers_.size()) timers_[t.slot].armed = false;
}

bool FakeHost::armed(HostTimer t) const {
    return t.valid() && t.slot < timers_.size() && timers_[t.slot].used && timers_[t.slot].armed;
}

std::int64_t FakeHost::due_ns(HostTimer t) const { return armed(t) ? timers_[t.slot].due : INT64_MAX; }

void FakeHost::remove_timer(HostTimer t) {
    if (t.valid() && t.slot < timers_.size()) timers_[t.slot] = Timer{};
}

// ---- Host: links and addresses ------------------------------------------------------

Result<int> FakeHost::ifindex(std::string_view name) {
    for (const auto& li : links_)
        if (li.name == name) return li.ifindex;
    return Status::error("interface " + std::string(name) + ": no such device");
}

Result<LinkInfo> FakeHost::link(int ifindex) {
    for (const auto& li : links_)
        if (li.ifindex == ifindex) return li;
    return Status::error("link " + std::to_string(ifindex) + ": no such device");
}

Result<LinkInfo> FakeHost::link(std::string_view name) {
    for (const auto& li : links_)
        if (li.name == name) return li;
    return Status::error("interface " + std::string(name) + ": no such device");
}

Result<std::vector<AddrEntry>> FakeHost::addresses(int ifindex, int family) {
    std::vector<AddrEntry> out;
    for (const auto& e : addrs_)
        if ((ifindex == 0 || e.ifindex == ifindex) && (family == 0 || e.addr.family == family)) out.push_back(e);
    return out;
}

std::vector<Status> FakeHost::change_addresses(std::span<const AddrChange> changes) {
    std::vector<Status> out;
    for (const auto& c : changes) {
        if (addr_errno_ || crashed_) {
            out.push_back(Status::from_errno(c.add ? "add address" : "delete address", crashed_ ? EBADF : addr_errno_));
            continue;
        }
        auto it = std::find_if(addrs_.begin(), addrs_.end(),
                               [&](const AddrEntry& e) { return e.ifindex == c.ifindex && e.addr == c.addr; });
        if (c.add) {
            if (it == addrs_.end()) {
                AddrEntry e;
                e.ifindex = c.ifindex;
                e.addr = c.addr;
                e.prefix = c.prefix >= 0 ? c.prefix : c.addr.is_v4() ? 32 : 128;
                e.label = c.label;
                e.scope = c.addr.is_v4() ? c.scope : 0;
                addrs_.push_back(e);
            }
        } else if (it != addrs_.end()) {
            addrs_.erase(it);
        }
        out.emplace_back();  // present on add, absent on delete: both fine, as the batch says
    }
    return out;
}

std::vector<Status> FakeHost::change_routes(std::span<const RouteChange> changes) {
    // As the kernel answers: EEXIST for a route already there, ESRCH for one that is not.
    route_batches.emplace_back(now_ns(), changes.size());
    std::vector<Status> out;
    for (const auto& c : changes) {
        const char* what = c.add ? "add route" : "delete route";
        if (route_errno_ || crashed_) {
            out.push_back(Status::from_errno(what, crashed_ ? EBADF : route_errno_));
            continue;
        }
        // As the kernel: a preferred source must be an address of the host.
        if (c.add && !c.rule && c.src.valid() && !has_address(c.src)) {
            out.push_back(Status::from_errno(what, EINVAL));
            continue;
        }
        auto it = std::find_if(routes_.begin(), routes_.end(), [&](const RouteChange& r) { return r.same(c); });
        if (c.add == (it != routes_.end())) {
            out.push_back(Status::from_errno(what, c.add ? EEXIST : ESRCH));
            continue;
        }
        if (c.add) {
            routes_.push_back(c);
        } else {
            routes_.erase(it);
        }
        out.emplace_back();
    }
    return out;
}

Result<int> FakeHost::create_macvlan(std::string_view name, int parent, const MacAddr& mac) {
    if (crashed_) return Status::from_errno("create " + std::string(name), EBADF);
    for (const auto& li : links_)
        if (li.name == name) return Status::from_errno("create " + std::string(name), EEXIST);
    const int idx = add_link(std::string(name), mac, true);
    links_.back().kind = "macvlan";
    links_.back().parent = parent;
    return idx;
}

Status FakeHost::delete_link(int ifindex) {
    if (crashed_) return Status::from_errno("delete link", EBADF);
    auto it = std::find_if(links_.begin(), links_.end(), [&](const LinkInfo& li) { return li.ifindex == ifindex; });
    if (it == links_.end()) return Status::from_errno("delete link", ENODEV);
    links_.erase(it);
    std::erase_if(addrs_, [&](const AddrEntry& e) { return e.ifindex == ifindex; });
    return {};
}

// ---- Host: the wire ------------------------------------------------------------------

Status FakeHost::join_group(int family, int ifindex) {
    if (crashed_) return Status::from_errno("join", EBADF);
    groups.insert({family, ifindex});
    return {};
}

Status FakeHost::leave_group(int family, int ifindex) {
    if (crashed_) return Status::from_errno("leave", EBADF);
    groups.erase({family, ifindex});
    return {};
}

Status FakeHost::send_advert(int family, const IpAddr& dst, const IpAddr& src, int ifindex,
                             std::span<const std::uint8_t> msg) {
    if (crashed_) return Status::from_errno("sendmsg", EBADF);
    if (send_errno_) return Status::from_errno("sendmsg", send_errno_);
    const LinkInfo* li = find_link(ifindex);
    if (!li) return Status::from_errno("sendmsg", ENODEV);
    if (!li->up) return Status::from_errno("sendmsg", ENETDOWN);
    ++adverts_sent;
    if (record_)
        adverts.push_back({*clock_, family, dst, src, ifindex, std::vector<std::uint8_t>(msg.begin(), msg.end())});
    if (on_send_) on_send_(*this, family, dst, src, msg);
    return {};
}

Status FakeHost::send_frame(int ifindex, std::span<const std::uint8_t> frame) {
    if (crashed_) return Status::from_errno("sendto", EBADF);
    ++frames_sent;
    if (record_) frames.push_back({*clock_, ifindex, std::vector<std::uint8_t>(frame.begin(), frame.end())});
    return {};
}

// ---- Host: scripts --------------------------------------------------------------------

std::int64_t FakeHost::spawn(const ScriptSpec& spec, std::uint64_t key, ScriptDone done) {
    ScriptRun r;
    r.t = *clock_;
    r.argv = spec.argv;
    r.key = key;
    r.as_user = spec.as_user;
    scripts.push_back(r);
    const std::size_t run = scripts.size() - 1;
    ScriptOutcome o;
    if (!spec.argv.empty())
        if (auto it = outcomes_.find(spec.argv[0]); it != outcomes_.end()) o = it->second;
    ++running_;
    const std::int64_t timeout = spec.timeout.count() > 0 ? spec.timeout.count() * 1'000'000 : INT64_MAX;
    const bool times_out = o.hang || o.run_ns > timeout;
    if (o.hang && timeout == INT64_MAX) return 0;  // ends only by kill_scripts
    auto t = add_timer({});
    if (!t) return 0;
    const HostTimer id = *t;
    script_timers_.push_back(id);
    timers_[id.slot].handler = [this, run, key, o, times_out, id, done = std::move(done)] {
        ScriptResult res;
        res.exit_code = times_out ? -1 : o.exit_code;
        res.signal = times_out ? 9 : 0;
        res.timed_out = times_out;
        res.elapsed_ns = *clock_ - scripts[run].t;
        scripts[run].ended = *clock_;
        --running_;
        std::erase_if(script_timers_, [&](const HostTimer& x) { return x.slot == id.slot; });
        remove_timer(id);  // the handler is a copy: safe
        done(res);
        if (key) job_ended(key);
    };
    arm(id, times_out ? timeout : o.run_ns);
    return 0;
}

Status FakeHost::start_script(const ScriptSpec& spec, ScriptDone done) {
    if (crashed_) return Status::error("crashed");
    (void)spawn(spec, 0, std::move(done));
    return {};
}

void FakeHost::enqueue_script(std::uint64_t key, ScriptSpec spec, ScriptDone done) {
    if (crashed_) return;
    auto& q = queues_[key];
    q.push_back(Job{0, std::move(spec), std::move(done)});
    if (q.size() == 1) (void)spawn(q.front().spec, key, q.front().done);
}

void FakeHost::job_ended(std::uint64_t key) {
    auto it = queues_.find(key);
    if (it == queues_.end() || it->second.empty()) return;
    it->second.pop_front();
    if (it->second.empty()) {
        queues_.erase(it);
        return;
    }
    (void)spawn(it->second.front().spec, key, it->second.front().done);
}

bool FakeHost::scripts_idle() const { return running_ == 0 && queues_.empty(); }

void FakeHost::kill_scripts() {
    for (const HostTimer& t : script_timers_) remove_timer(t);
    script_timers_.clear();
    for (auto& r : scripts)
        if (r.ended < 0) r.ended = *clock_;
    queues_.clear();
    running_ = 0;
}

// ---- Host: accounts, files, log -----------------------------------------------------------

Result<Credentials> FakeHost::resolve_user(std::string_view user, std::string_view group) {
    auto it = users_.find(std::string(user));
    if (it == users_.end()) return Status::error("user `" + std::string(user) + "` not found");
    Credentials c;
    c.uid = it->second.first;
    c.gid = it->second.second;
    if (!group.empty()) {
        auto g = users_.find(std::string(group));  // a group named like a user: its gid
        if (g == users_.end()) return Status::error("group `" + std::string(group) + "` not found");
        c.gid = g->second.second;
    }
    c.groups = {c.gid};
    return c;
}

Status FakeHost::check_trusted_file(const std::string& path) {
    if (refused_.count(path)) return Status::error(path + " is writable by others");
    return {};
}

void FakeHost::put_file(const std::string& path, std::optional<std::string> content) {
    if (content)
        disk_[path] = std::move(*content);
    else
        disk_.erase(path);
    if (crashed_) return;
    if (auto it = watchers_.find(path); it != watchers_.end()) {
        it->second();
        settle();
    }
}

Status FakeHost::watch_file(const std::string& path, std::function<void()> changed) {
    const auto slash = path.rfind('/');
    if (path.empty() || path.front() != '/' || slash + 1 == path.size())
        return Status::error("watch " + path + ": not an absolute file path");
    const std::string dir = slash == 0 ? "/" : path.substr(0, slash);
    if (missing_dirs_.count(dir)) return Status::from_errno("watch directory " + dir, ENOENT);
    watchers_[path] = std::move(changed);
    return {};
}

Result<std::string> FakeHost::read_small_file(const std::string& path, std::size_t max) {
    if (auto e = read_errno_.find(path); e != read_errno_.end() && e->second)
        return Status::from_errno("read " + path, e->second);
    auto it = disk_.find(path);
    if (it == disk_.end()) return Status::from_errno("open " + path, ENOENT);
    return it->second.substr(0, max);
}

Result<bool> FakeHost::init_small_file(const std::string& path, std::string_view content, bool replace) {
    const bool there = disk_.count(path) || not_regular_files.count(path);
    if (there && !replace) return false;
    if (not_regular_files.count(path)) return Status::error(path + " is not a regular file");
    disk_[path] = std::string(content);
    return true;
}

const FakeHost::Fifo* FakeHost::fifo(const std::string& path) const {
    for (auto it = fifos.rbegin(); it != fifos.rend(); ++it)
        if (it->path == path) return &*it;
    return nullptr;
}

Result<int> FakeHost::open_fifo(const FifoSpec& spec) {
    if (refused_fifos_.count(spec.path))
        return Status::error(spec.path + ": exists and is not a FIFO (remove it, or name another path)");
    Fifo f;
    f.path = spec.path;
    f.open = true;
    f.chown = spec.chown;
    f.owner = spec.owner;
    f.reader = spec.reader.argv;
    if (auto c = fifo_capacity_.find(spec.path); c != fifo_capacity_.end()) f.capacity = c->second;
    if (!f.reader.empty()) scripts.push_back({*clock_, f.reader, 0, spec.reader.as_user, -1});
    fifos.push_back(std::move(f));
    return static_cast<int>(fifos.size() - 1);
}

Status FakeHost::write_fifo(int handle, std::string_view line) {
    if (handle < 0 || static_cast<std::size_t>(handle) >= fifos.size() || !fifos[handle].open)
        return Status::error("notify fifo not open");
    Fifo& f = fifos[handle];
    if (crashed_) return {};
    if (f.lines.size() >= f.capacity) return Status::from_errno("write notify fifo", EAGAIN);
    f.lines.emplace_back(line);
    return {};
}

void FakeHost::close_fifo(int handle) {
    if (handle < 0 || static_cast<std::size_t>(handle) >= fifos.size()) return;
    Fifo& f = fifos[handle];
    f.open = false;
    for (auto& s : scripts)
        if (s.key == 0 && s.ended < 0 && !f.reader.empty() && s.argv == f.reader) s.ended = *clock_;
}

void FakeHost::write_file(std::string path, std::string content) {
    if (crashed_ || !record_) return;
    file_content[path] = content;
    files.push_back({*clock_, std::move(path), std::move(content)});
}

void FakeHost::log(Level level, std::string_view event, std::initializer_list<LogField> fields) {
    ++log_lines;
    if (!record_) return;
    char buf[1024];
    const std::size_t n = format_log_line(buf, sizeof buf, level, "-", fields, false, -1);
    std::string text(buf, n);
    // The line reads "level=... event=- key=value...\n": keep the fields.
    if (auto p = text.find(" event=- "); p != std::string::npos)
        text = text.substr(p + 9);
    else
        text.clear();
    if (!text.empty() && text.back() == '\n') text.pop_back();
    logs.push_back({*clock_, level, std::string(event), std::move(text)});
}

// ---- FakeNet ------------------------------------------------------------------------------

void FakeNet::add(FakeHost& h) {
    hosts_.push_back(&h);
    h.use_clock(&clock_);
    h.on_send(
        [this](FakeHost& from, int family, const IpAddr& dst, const IpAddr& src, std::span<const std::uint8_t> msg) {
            sent(from, {clock_, family, dst, src, 0, std::vector<std::uint8_t>(msg.begin(), msg.end())});
        });
}

void FakeNet::sent(FakeHost& from, const FakeHost::Advert& ad) {
    for (FakeHost* to : hosts_) {
        if (to == &from) continue;
        if (drop_ && drop_(from, *to, ad)) continue;
        flight_.push_back({clock_ + delay_ns_, seq_++, to, ad});
    }
}

void FakeNet::run_until(std::int64_t t) {
    for (;;) {
        std::int64_t next = flight_.empty() ? INT64_MAX : flight_.front().t;
        FakeHost* timer_host = nullptr;
        for (FakeHost* h : hosts_)
            if (const std::int64_t d = h->next_due(); d < next) {
                next = d;
                timer_host = h;
            }
        if (next > t) break;
        if (next > clock_) clock_ = next;
        if (timer_host) {
            timer_host->fire_due();
            continue;
        }
        InFlight f = std::move(flight_.front());
        flight_.pop_front();
        FakeHost& to = *f.to;
        if (to.crashed()) continue;
        // Received on the link that has the destination (unicast) or has joined the group.
        int ifindex = 0;
        auto addrs = to.addresses();
        for (const auto& e : *addrs)
            if (e.addr == f.ad.dst) ifindex = e.ifindex;
        if (!ifindex)
            for (const auto& [fam, idx] : to.groups)
                if (fam == f.ad.family && f.ad.dst.is_multicast()) ifindex = idx;
        if (!ifindex) continue;
        auto li = to.link(ifindex);
        if (!li || !li->up || !li->running) continue;
        RxAdvert rx;
        rx.family = f.ad.family;
        rx.ifindex = ifindex;
        rx.src = f.ad.src;
        rx.dst = f.ad.dst;
        rx.ttl = 255;
        rx.multicast = f.ad.dst.is_multicast();
        rx.payload = std::as_bytes(std::span(f.ad.msg));
        to.deliver(rx);
    }
    if (t > clock_) clock_ = t;
}

}  // namespace havip::sys
