// SPDX-License-Identifier: MIT
// The metrics listener (runtime/sys/http_server.hpp): request parsing, and the
// server on a real loopback socket and event loop: partial requests, oversize,
// other methods and paths, HEAD, a body larger than the socket buffers, the
// connection limit and the timeout for slow clients.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "sys/http_server.hpp"

using namespace havip::sys;
using namespace std::chrono_literals;

TEST(sysHttpParse, IncompleteUntilTheBlankLine) {
    EXPECT_EQ(parse_http_request("", 4096).result, HttpRequest::Parse::Incomplete);
    EXPECT_EQ(parse_http_request("GET /metrics HTTP/1.1\r\n", 4096).result, HttpRequest::Parse::Incomplete);
    EXPECT_EQ(parse_http_request("GET /metrics HTTP/1.1\r\nHost: a\r\n", 4096).result, HttpRequest::Parse::Incomplete);
    auto r = parse_http_request("GET /metrics?x=1 HTTP/1.1\r\nHost: a\r\n\r\n", 4096);
    ASSERT_EQ(r.result, HttpRequest::Parse::Ok);
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(r.path, "/metrics");
    EXPECT_EQ(parse_http_request("HEAD /metrics HTTP/1.0\n\n", 4096).result, HttpRequest::Parse::Ok);
}

TEST(sysHttpParse, MalformedAndOversize) {
    for (const char* bad :
         {"GET\r\n\r\n", "GET /metrics\r\n\r\n", "get /metrics HTTP/1.1\r\n\r\n", "GET metrics HTTP/1.1\r\n\r\n",
          "GET /metrics FTP/1.1\r\n\r\n", "GET /a b HTTP/1.1\r\n\r\n", " GET /metrics HTTP/1.1\r\n\r\n", "\r\n\r\n"})
        EXPECT_EQ(parse_http_request(bad, 4096).result, HttpRequest::Parse::Bad) << bad;
    std::string big = "GET /metrics HTTP/1.1\r\nX: " + std::string(100, 'a');
    EXPECT_EQ(parse_http_request(big, 64).result, HttpRequest::Parse::TooLarge);
    EXPECT_EQ(parse_http_request(big + "\r\n\r\n", 64).result, HttpRequest::Parse::TooLarge);
    EXPECT_EQ(parse_http_request(big + "\r\n\r\n", 4096).result, HttpRequest::Parse::Ok);
}

TEST(sysHttpParse, StatusForEachCase) {
    auto st = [](std::string_view req) { return http_status_for(parse_http_request(req, 64), "/metrics"); };
    EXPECT_EQ(st("GET /metrics HTTP/1.1\r\n"), 0);
    EXPECT_EQ(st("GET /metrics HTTP/1.1\r\n\r\n"), 200);
    EXPECT_EQ(st("HEAD /metrics HTTP/1.1\r\n\r\n"), 200);
    EXPECT_EQ(st("GET / HTTP/1.1\r\n\r\n"), 404);
    EXPECT_EQ(st("GET /metrics/ HTTP/1.1\r\n\r\n"), 404);
    EXPECT_EQ(st("POST /metrics HTTP/1.1\r\n\r\n"), 405);
    EXPECT_EQ(st("PUT /other HTTP/1.1\r\n\r\n"), 405);
    EXPECT_EQ(st("BREW /pot HTCPCP/1.0\r\n\r\n"), 400);
    EXPECT_EQ(st(std::string(100, 'G')), 431);
}

TEST(sysHttpParse, ResponseText) {
    std::string out;
    http_response(out, 200, "text/plain", "hi\n");
    EXPECT_EQ(out, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nhi\n");
    out.clear();
    http_response(out, 405, "text/plain", "no\n", true);
    EXPECT_EQ(out,
              "HTTP/1.0 405 Method Not Allowed\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
              "Allow: GET, HEAD\r\nConnection: close\r\n\r\n");
}

namespace {

struct Fixture {
    std::unique_ptr<EventLoop> loop;
    std::unique_ptr<HttpServer> srv;
    std::string body = "metric 1\n";
    int renders = 0;

    explicit Fixture(HttpServer::Options opt = {}) {
        auto l = EventLoop::create();
        EXPECT_TRUE(l.ok()) << l.message();
        loop = std::move(l).value();
        auto s = HttpServer::listen(*IpAddr::parse("127.0.0.1"), 0, opt);
        EXPECT_TRUE(s.ok()) << s.message();
        srv = std::move(s).value();
        EXPECT_TRUE(srv->attach(*loop, "/metrics", "text/plain", [this](std::string& out) {
            ++renders;
            out += body;
        }));
    }
    ~Fixture() { srv.reset(); }

    int connect() {
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(srv->port());
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
        EXPECT_TRUE(rc == 0 || errno == EINPROGRESS);
        pump(20ms);
        return fd;
    }
    void pump(std::chrono::milliseconds d) {
        std::int64_t end = EventLoop::now_ns() + std::chrono::nanoseconds(d).count();
        while (EventLoop::now_ns() < end) (void)loop->run_once(5);
    }
    static void send_all(int fd, std::string_view s) {
        ASSERT_EQ(::send(fd, s.data(), s.size(), MSG_NOSIGNAL), ssize_t(s.size()));
    }
    // Reads what is there now; eof set when the server closed.
    static std::string read_now(int fd, bool& eof) {
        std::string got;
        char buf[65536];
        eof = false;
        for (;;) {
            ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
            if (n > 0) {
                got.append(buf, std::size_t(n));
                continue;
            }
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) eof = true;
            return got;
        }
    }
    // Pumps the loop and reads until the server closes (at most ~2 s).
    std::string read_all(int fd) {
        std::string got;
        bool eof = false;
        for (int k = 0; k < 400 && !eof; ++k) {
            pump(5ms);
            got += read_now(fd, eof);
        }
        EXPECT_TRUE(eof) << "server did not close";
        return got;
    }
};

}  // namespace

TEST(sysHttpServer, RequestInPiecesThenResponseAndClose) {
    Fixture f;
    int fd = f.connect();
    Fixture::send_all(fd, "GET /met");
    f.pump(20ms);
    Fixture::send_all(fd, "rics HTTP/1.1\r\nHost: x\r\n");
    f.pump(20ms);
    bool eof = false;
    EXPECT_EQ(Fixture::read_now(fd, eof), "");
    EXPECT_FALSE(eof);
    EXPECT_EQ(f.renders, 0);
    Fixture::send_all(fd, "\r\n");
    std::string got = f.read_all(fd);
    EXPECT_EQ(
        got, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\nmetric 1\n");
    EXPECT_EQ(f.renders, 1);
    ::close(fd);
    f.pump(20ms);
    EXPECT_EQ(f.srv->active(), 0u);
    EXPECT_EQ(f.srv->counters().served, 1u);
}

// A client that half-closes after its request (`printf ... | nc -N`) still
// gets its answer; one that half-closes before finishing it is closed.
TEST(sysHttpServer, HalfClosedClientStillGetsItsAnswer) {
    Fixture f;
    int fd = f.connect();
    Fixture::send_all(fd, "GET /metrics HTTP/1.1\r\n\r\n");
    ASSERT_EQ(::shutdown(fd, SHUT_WR), 0);
    EXPECT_EQ(f.read_all(fd).rfind("HTTP/1.0 200 OK\r\n", 0), 0u);
    ::close(fd);
    int fd2 = f.connect();
    Fixture::send_all(fd2, "GET /metr");
    ASSERT_EQ(::shutdown(fd2, SHUT_WR), 0);
    EXPECT_EQ(f.read_all(fd2), "");
    ::close(fd2);
    f.pump(20ms);
    EXPECT_EQ(f.srv->active(), 0u);
    EXPECT_EQ(f.srv->counters().served, 1u);
}

TEST(sysHttpServer, ErrorsAndHead) {
    Fixture f;
    auto ask = [&](std::string_view req) {
        int fd = f.connect();
        Fixture::send_all(fd, req);
        std::string got = f.read_all(fd);
        ::close(fd);
        return got;
    };
    EXPECT_EQ(ask("GET /nope HTTP/1.1\r\n\r\n").rfind("HTTP/1.0 404 Not Found\r\n", 0), 0u);
    std::string r405 = ask("POST /metrics HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
    EXPECT_EQ(r405.rfind("HTTP/1.0 405 Method Not Allowed\r\n", 0), 0u);
    EXPECT_NE(r405.find("\r\nAllow: GET, HEAD\r\n"), std::string::npos);
    EXPECT_EQ(ask("hello\r\n\r\n").rfind("HTTP/1.0 400 Bad Request\r\n", 0), 0u);
    std::string head = ask("HEAD /metrics HTTP/1.1\r\n\r\n");
    EXPECT_EQ(head, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(f.renders, 1);  // errors render nothing
    EXPECT_EQ(f.srv->counters().errors, 3u);
}

TEST(sysHttpServer, OversizeRequestIs431) {
    HttpServer::Options opt;
    opt.max_request = 1024;
    Fixture f(opt);
    int fd = f.connect();
    Fixture::send_all(fd, "GET /metrics HTTP/1.1\r\nX-Pad: " + std::string(3000, 'a'));
    std::string got = f.read_all(fd);
    EXPECT_EQ(got.rfind("HTTP/1.0 431 Request Header Fields Too Large\r\n", 0), 0u) << got;
    EXPECT_EQ(f.renders, 0);
    ::close(fd);
}

TEST(sysHttpServer, BodyLargerThanSocketBuffers) {
    Fixture f;
    f.body.assign(16 << 20, 'x');  // 16 MiB: more than loopback's socket buffers, written over many wakeups
    int fd = f.connect();
    Fixture::send_all(fd, "GET /metrics HTTP/1.0\r\n\r\n");
    std::string got = f.read_all(fd);
    std::size_t hdr = got.find("\r\n\r\n");
    ASSERT_NE(hdr, std::string::npos);
    EXPECT_NE(got.find("Content-Length: 16777216\r\n"), std::string::npos);
    EXPECT_EQ(got.size() - hdr - 4, f.body.size());
    ::close(fd);
}

TEST(sysHttpServer, ConnectionLimitAndSlowClientTimeout) {
    HttpServer::Options opt;
    opt.max_connections = 2;
    opt.timeout = 100ms;
    Fixture f(opt);
    int a = f.connect(), b = f.connect(), c = f.connect();
    bool eof = false;
    (void)Fixture::read_now(c, eof);
    EXPECT_TRUE(eof) << "a third connection is closed at once";
    EXPECT_EQ(f.srv->counters().rejected, 1u);
    EXPECT_EQ(f.srv->active(), 2u);
    Fixture::send_all(a, "GET /metr");  // and never the rest
    f.pump(200ms);
    (void)Fixture::read_now(a, eof);
    EXPECT_TRUE(eof);
    (void)Fixture::read_now(b, eof);
    EXPECT_TRUE(eof);
    EXPECT_EQ(f.srv->counters().timed_out, 2u);
    EXPECT_EQ(f.srv->active(), 0u);
    int d = f.connect();  // the slots are free again
    Fixture::send_all(d, "GET /metrics HTTP/1.1\r\n\r\n");
    EXPECT_EQ(f.read_all(d).rfind("HTTP/1.0 200 OK", 0), 0u);
    for (int fd : {a, b, c, d}) ::close(fd);
}

TEST(sysHttpServer, ListenErrors) {
    auto a = HttpServer::listen(*IpAddr::parse("127.0.0.1"), 0);
    ASSERT_TRUE(a.ok());
    auto b = HttpServer::listen(*IpAddr::parse("127.0.0.1"), (*a)->port());
    ASSERT_FALSE(b.ok());
    EXPECT_NE(b.message().find("bind 127.0.0.1:"), std::string::npos) << b.message();
    EXPECT_FALSE(HttpServer::listen(IpAddr{}, 0).ok());
}
