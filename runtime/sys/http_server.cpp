// SPDX-License-Identifier: MIT
#include "sys/http_server.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace havip::sys {

namespace {
constexpr int kBacklog = 16;
constexpr int kAcceptsPerWakeup = 64;  // a connect flood cannot hold the loop

bool is_token_char(char c) { return c >= 'A' && c <= 'Z'; }

std::string_view reason(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 400:
            return "Bad Request";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 431:
            return "Request Header Fields Too Large";
    }
    return "Error";
}
}  // namespace

HttpRequest parse_http_request(std::string_view buf, std::size_t max_bytes) {
    HttpRequest r;
    std::size_t end = buf.find("\r\n\r\n");
    if (end == std::string_view::npos) end = buf.find("\n\n");  // a bare-LF client
    if (end == std::string_view::npos || end > max_bytes) {
        r.result = buf.size() >= max_bytes ? HttpRequest::Parse::TooLarge : HttpRequest::Parse::Incomplete;
        return r;
    }
    r.result = HttpRequest::Parse::Bad;
    std::string_view line = buf.substr(0, buf.find('\n'));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t sp1 = line.find(' ');
    if (sp1 == 0 || sp1 == std::string_view::npos) return r;
    std::size_t sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) return r;
    std::string_view method = line.substr(0, sp1);
    std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string_view version = line.substr(sp2 + 1);
    for (char c : method)
        if (!is_token_char(c)) return r;
    if (target.empty() || target[0] != '/' || version.substr(0, 5) != "HTTP/" || version.size() != 8) return r;
    r.result = HttpRequest::Parse::Ok;
    r.method = method;
    r.path = target.substr(0, target.find('?'));
    return r;
}

int http_status_for(const HttpRequest& req, std::string_view path) {
    switch (req.result) {
        case HttpRequest::Parse::Incomplete:
            return 0;
        case HttpRequest::Parse::TooLarge:
            return 431;
        case HttpRequest::Parse::Bad:
            return 400;
        case HttpRequest::Parse::Ok:
            break;
    }
    if (req.method != "GET" && req.method != "HEAD") return 405;
    return req.path == path ? 200 : 404;
}

void http_response(std::string& out, int status, std::string_view content_type, std::string_view body, bool head_only) {
    fmt::format_to(std::back_inserter(out),
                   "HTTP/1.0 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{}Connection: close\r\n\r\n", status,
                   reason(status), content_type, body.size(), status == 405 ? "Allow: GET, HEAD\r\n" : "");
    if (!head_only) out.append(body);
}

HttpServer::HttpServer(int fd, std::uint16_t port, Options opt) : fd_(fd), port_(port), opt_(opt) {}

HttpServer::~HttpServer() {
    for (auto& c : conns_) {
        if (c->fd >= 0) close_conn(*c);
        if (loop_ && c->timer.valid()) loop_->remove_timer(c->timer);
    }
    if (loop_ && resume_accept_.valid()) loop_->remove_timer(resume_accept_);
    if (fd_ >= 0) {
        if (loop_) loop_->unwatch(fd_);
        ::close(fd_);
    }
}

Result<std::unique_ptr<HttpServer>> HttpServer::listen(const IpAddr& addr, std::uint16_t port, Options opt) {
    if (!addr.valid()) return Status::error("listen: no address");
    const int fam = addr.is_v4() ? AF_INET : AF_INET6;
    int fd = ::socket(fam, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return Status::from_errno("socket", errno);
    auto fail = [fd](std::string_view what) {
        int e = errno;
        ::close(fd);
        return Status::from_errno(what, e);
    };
    int one = 1;
    if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) return fail("SO_REUSEADDR");
    if (fam == AF_INET6 && ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) < 0)
        return fail("IPV6_V6ONLY");
    sockaddr_storage ss{};
    unsigned len = to_sockaddr(addr, ss);
    if (fam == AF_INET)
        reinterpret_cast<sockaddr_in&>(ss).sin_port = htons(port);
    else
        reinterpret_cast<sockaddr_in6&>(ss).sin6_port = htons(port);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) < 0)
        return fail(fmt::format("bind {}{}{}:{}", addr.is_v6() ? "[" : "", addr.str(), addr.is_v6() ? "]" : "", port));
    if (::listen(fd, kBacklog) < 0) return fail("listen");
    socklen_t sl = sizeof ss;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &sl) < 0) return fail("getsockname");
    std::uint16_t bound = ntohs(fam == AF_INET ? reinterpret_cast<sockaddr_in&>(ss).sin_port
                                               : reinterpret_cast<sockaddr_in6&>(ss).sin6_port);
    if (opt.max_connections == 0) opt.max_connections = 1;
    return std::unique_ptr<HttpServer>(new HttpServer(fd, bound, opt));
}

Status HttpServer::attach(EventLoop& loop, std::string path, std::string content_type, Render render) {
    loop_ = &loop;
    path_ = std::move(path);
    content_type_ = std::move(content_type);
    render_ = std::move(render);
    for (std::size_t i = 0; i < opt_.max_connections; ++i) {
        auto c = std::make_unique<Conn>();
        Conn* cp = c.get();
        auto t = loop.add_timer([this, cp] {
            ++counters_.timed_out;
            close_conn(*cp);
        });
        if (!t) return t.status();
        c->timer = *t;
        c->in.reserve(opt_.max_request + 1);
        conns_.push_back(std::move(c));
    }
    auto r =
        loop.add_timer([this] { (void)loop_->watch(fd_, EventLoop::kIn, [this](std::uint32_t) { on_accept(); }); });
    if (!r) return r.status();
    resume_accept_ = *r;
    return loop.watch(fd_, EventLoop::kIn, [this](std::uint32_t) { on_accept(); });
}

std::size_t HttpServer::active() const {
    std::size_t n = 0;
    for (const auto& c : conns_) n += c->fd >= 0;
    return n;
}

void HttpServer::on_accept() {
    for (int k = 0; k < kAcceptsPerWakeup; ++k) {
        int fd = ::accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            // Out of descriptors: the pending connection keeps the listener
            // readable, so stop watching it for a while instead of spinning.
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                loop_->unwatch(fd_);
                (void)loop_->arm(resume_accept_, std::chrono::milliseconds(100));
            }
            return;  // EAGAIN, or a connection already reset: nothing to serve
        }
        Conn* slot = nullptr;
        for (auto& c : conns_)
            if (c->fd < 0) {
                slot = c.get();
                break;
            }
        if (!slot) {
            ++counters_.rejected;
            ::close(fd);
            continue;
        }
        ++counters_.accepted;
        slot->fd = fd;
        slot->in.clear();
        slot->out.clear();
        slot->sent = 0;
        slot->responding = slot->draining = false;
        if (!loop_->watch(fd, EventLoop::kIn, [this, slot](std::uint32_t ev) { on_io(*slot, ev); })) {
            ::close(fd);
            slot->fd = -1;
            continue;
        }
        (void)loop_->arm(slot->timer, opt_.timeout);
    }
}

void HttpServer::on_io(Conn& c, std::uint32_t events) {
    if (c.fd < 0) return;
    if (events & EventLoop::kErr) return close_conn(c);
    if (c.responding) return on_write(c);
    on_read(c);
}

void HttpServer::on_read(Conn& c) {
    char buf[2048];
    bool eof = false;
    for (;;) {
        ssize_t n = ::recv(c.fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n == 0) {
            // The client is gone, or done sending: a client that half-closes
            // after its request (`nc -N`) still gets its answer.
            if (c.draining) return close_conn(c);
            eof = true;
            break;
        }
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            return close_conn(c);
        }
        if (c.draining) continue;  // what follows a request is read and dropped
        std::size_t room = opt_.max_request + 1 - c.in.size();
        c.in.append(buf, std::min<std::size_t>(room, std::size_t(n)));
        if (c.in.size() > opt_.max_request) break;
    }
    if (c.draining) return;
    HttpRequest req = parse_http_request(c.in, opt_.max_request);
    int status = http_status_for(req, path_);
    if (status == 0) {
        if (eof) close_conn(c);  // an incomplete request that will not be completed
        return;
    }
    respond(c, status, req.method == "HEAD");
}

void HttpServer::respond(Conn& c, int status, bool head) {
    c.head.clear();
    c.out.clear();
    if (status == 200) {
        // The body is rendered straight into the connection's buffer and sent
        // after the header (sendmsg with two pieces): no copy of a large body.
        ++counters_.served;
        c.out.reserve(last_body_ + last_body_ / 8);  // one allocation, not a doubling series
        render_(c.out);
        last_body_ = c.out.size();
        http_response(c.head, 200, content_type_, c.out, true);
        if (head) c.out.clear();
    } else {
        ++counters_.errors;
        std::string_view msg = status == 404   ? "not found: only /metrics is served\n"
                               : status == 405 ? "method not allowed: GET or HEAD\n"
                               : status == 431 ? "request too large\n"
                                               : "bad request\n";
        http_response(c.head, status, "text/plain; charset=utf-8", msg, head);
    }
    c.responding = true;
    c.sent = 0;
    on_write(c);
    if (c.fd >= 0 && c.responding) (void)loop_->rewatch(c.fd, EventLoop::kOut);
}

void HttpServer::on_write(Conn& c) {
    const std::size_t total = c.head.size() + c.out.size();
    while (c.sent < total) {
        iovec iov[2];
        int k = 0;
        if (c.sent < c.head.size()) iov[k++] = {c.head.data() + c.sent, c.head.size() - c.sent};
        const std::size_t body_off = c.sent > c.head.size() ? c.sent - c.head.size() : 0;
        if (body_off < c.out.size()) iov[k++] = {c.out.data() + body_off, c.out.size() - body_off};
        msghdr mh{};
        mh.msg_iov = iov;
        mh.msg_iovlen = std::size_t(k);
        ssize_t n = ::sendmsg(c.fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;  // the loop calls again when writable
            return close_conn(c);
        }
        c.sent += std::size_t(n);
    }
    // All sent: half-close, then wait (within the timeout) for the client to
    // close, so unread request bytes cannot turn our close into a reset that
    // would destroy the response in flight.
    std::string().swap(c.out);  // a scrape's body is not kept between scrapes
    c.responding = false;
    c.draining = true;
    ::shutdown(c.fd, SHUT_WR);
    (void)loop_->rewatch(c.fd, EventLoop::kIn);
}

void HttpServer::close_conn(Conn& c) {
    if (c.fd < 0) return;
    loop_->unwatch(c.fd);
    ::close(c.fd);
    c.fd = -1;
    loop_->disarm(c.timer);
    c.responding = c.draining = false;
    c.in.clear();
    c.head.clear();
    std::string().swap(c.out);
}

}  // namespace havip::sys
