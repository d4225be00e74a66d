// SPDX-License-Identifier: MIT
#pragma once
/// A minimal HTTP/1.0-style server on the event loop, for one read-only
/// resource (havipd's /metrics). Bounded in every way a client controls: the
/// request size, the number of connections and the time a connection may take
/// (slow clients are closed). Every response carries Content-Length and
/// `Connection: close`, and the connection closes after it; no keep-alive,
/// no pipelining. Non-blocking throughout: the loop never waits for a client.
/// The listening socket is opened by listen() (before privileges are dropped,
/// so a port below 1024 works) and served once attach()ed to a loop.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sys/addr.hpp"
#include "sys/event_loop.hpp"
#include "sys/result.hpp"

namespace havip::sys {

/// One parsed request line (headers are read and ignored).
struct HttpRequest {
    enum class Parse : std::uint8_t {
        Incomplete,  ///< no blank line yet: read more
        Ok,
        TooLarge,  ///< more than the limit without the end of the headers
        Bad,       ///< not an HTTP request line
    };
    Parse result = Parse::Incomplete;
    std::string_view method;  ///< into the parsed buffer
    std::string_view path;    ///< without the query string
};

/// Parses what a client sent so far. Pure; `buf` must outlive the views.
HttpRequest parse_http_request(std::string_view buf, std::size_t max_bytes);

/// The status code and reason for a parsed request against the one resource
/// `path`: 200, 404 (another path), 405 (a method other than GET or HEAD),
/// 400 (malformed), 431 (too large); 0 while incomplete.
int http_status_for(const HttpRequest& req, std::string_view path);

/// Appends a whole response (status line, Content-Type, Content-Length,
/// Connection: close, Allow for 405; the body unless `head_only`) to `out`.
void http_response(std::string& out, int status, std::string_view content_type, std::string_view body,
                   bool head_only = false);

class HttpServer {
  public:
    struct Options {
        std::size_t max_connections = 8;          ///< more are accepted and closed at once
        std::size_t max_request = 4096;           ///< request line + headers
        std::chrono::milliseconds timeout{5000};  ///< accept to last byte written
    };
    /// Renders the resource's body into `out` (cleared by the caller).
    using Render = std::function<void(std::string& out)>;

    /// Opens a listening TCP socket on addr:port (port 0: any free one).
    static Result<std::unique_ptr<HttpServer>> listen(const IpAddr& addr, std::uint16_t port, Options opt);
    static Result<std::unique_ptr<HttpServer>> listen(const IpAddr& addr, std::uint16_t port) {
        return listen(addr, port, Options{});
    }
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Serves `path` (GET and HEAD) with `render`'s output on `loop`; creates
    /// one timer per connection slot now, so serving adds none.
    Status attach(EventLoop& loop, std::string path, std::string content_type, Render render);
    /// The bound port (useful after port 0).
    std::uint16_t port() const { return port_; }

    struct Counters {
        std::uint64_t accepted = 0;
        std::uint64_t served = 0;     ///< 200 responses
        std::uint64_t errors = 0;     ///< 4xx responses
        std::uint64_t rejected = 0;   ///< closed at once: every slot busy
        std::uint64_t timed_out = 0;  ///< closed by the timeout
    };
    const Counters& counters() const { return counters_; }
    /// Connections open now.
    std::size_t active() const;

  private:
    struct Conn {
        int fd = -1;
        bool responding = false;    // request read, response being written
        bool draining = false;      // response written, waiting for the client's close
        std::string in, head, out;  // request; response header and body
        std::size_t sent = 0;
        TimerId timer;
    };
    HttpServer(int fd, std::uint16_t port, Options opt);
    void on_accept();
    void on_io(Conn& c, std::uint32_t events);
    void on_read(Conn& c);
    void on_write(Conn& c);
    void respond(Conn& c, int status, bool head);
    void close_conn(Conn& c);

    int fd_ = -1;
    std::uint16_t port_ = 0;
    Options opt_;
    EventLoop* loop_ = nullptr;
    std::string path_, content_type_;
    Render render_;
    std::size_t last_body_ = 0;  // the previous body's size: the next one's reservation
    std::vector<std::unique_ptr<Conn>> conns_;
    Counters counters_;
    TimerId resume_accept_;  // out of descriptors: accepting pauses, then resumes
};

}  // namespace havip::sys
