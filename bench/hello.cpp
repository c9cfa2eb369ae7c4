// The HTTP ceiling of this machine for stackd's server layer: stackd's own http::Server
// (Beast/Asio, same threads and options as `stackd serve`) answering every request with a
// fixed 200 JSON body, run inline on the I/O threads. bench/run drives it with wrk like the
// real scenarios; a scenario's rate as a fraction of this one is the share of the machine's
// HTTP capacity left after stackd's own work (auth, database, JSON).
//   stackd_bench_hello   prints "listening on http://127.0.0.1:<port>", serves until SIGTERM.
#include <cstdio>
#include <thread>

#include "http/server.hpp"

int main() {
    stackd::http::ServerOptions options;
    options.port = 0;
    options.io_threads = std::max(1u, std::thread::hardware_concurrency());
    stackd::http::Server server(
        options,
        [](stackd::http::Request&) {
            stackd::http::Response response;
            response.SetHeader("content-type", "application/json");
            response.body = R"({"status":"ok"})";
            return response;
        },
        [](std::string_view, std::string_view) { return stackd::http::Placement::kInline; });
    const uint16_t port = server.Start();
    std::printf("listening on http://127.0.0.1:%u\n", port);
    std::fflush(stdout);
    server.Wait();
    return 0;
}
