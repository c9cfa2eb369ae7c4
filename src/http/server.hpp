#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace stackd::http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    uint16_t port = 8102;
    size_t io_threads = 2;
    size_t worker_threads = 8;
    // Requests placed on the heavy pool (password hashing routes) run on a pool of their
    // own, so a sign-in storm that saturates bcrypt cannot occupy the workers that serve
    // reads and refreshes.
    size_t heavy_worker_threads = 4;
    size_t body_limit_bytes = 8 * 1024 * 1024;
    int header_timeout_seconds = 30;
    int idle_timeout_seconds = 60;
    int shutdown_grace_seconds = 10;
};

// Turns a request into a response. It must not throw (the error boundary sits inside it).
using Handler = std::function<Response(Request&)>;

// Where a request's handler runs: on the I/O thread that read it (for short handlers that
// never wait: no pool hop, no context switch), on the worker pool, where blocking on the
// database is fine, or on the pool of password-hashing routes.
enum class Placement { kInline, kWorkers, kHeavy };
// Decides, from the method and target alone, where a request runs.
// Views into the parsed request, valid during the call only (no copies per request).
using PlacementPolicy = std::function<Placement(std::string_view method, std::string_view target)>;

// The Beast/Asio HTTP/1.1 server: each I/O thread runs its own event loop over the
// connections it was given; handlers run inline or on a worker pool (see Placement), so a
// slow query never stalls socket I/O.
class Server {
public:
    Server(ServerOptions options, Handler handler, PlacementPolicy placement);
    ~Server();

    // Binds and starts listening; returns the bound port (useful with port 0).
    uint16_t Start();
    // Blocks until SIGINT/SIGTERM or Stop(), then drains in-flight requests.
    void Wait();
    void Stop();

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace stackd::http
