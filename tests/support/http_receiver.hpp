#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace stackd::testing {

// A real HTTP/1.1 server on 127.0.0.1 (a free port) for integration tests: it records every
// request and answers each with what `responder` returns (by default 200 "{}"). One request
// per connection (it answers with Connection: close). Stands in for third-party services
// such as Svix that stackd calls out to.
class HttpReceiver {
public:
    struct Request {
        std::string method;
        std::string target;                          // path and query, as sent
        std::map<std::string, std::string> headers;  // names lower-cased
        std::string body;
    };
    struct Reply {
        int status = 200;
        std::string body = "{}";
    };
    using Responder = std::function<Reply(const Request&)>;

    HttpReceiver();
    ~HttpReceiver();
    HttpReceiver(const HttpReceiver&) = delete;
    HttpReceiver& operator=(const HttpReceiver&) = delete;

    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    void SetResponder(Responder responder);

    std::vector<Request> Requests() const;
    // Waits until `predicate` holds for the recorded requests; throws after `timeout`.
    std::vector<Request> WaitUntil(const std::function<bool(const std::vector<Request>&)>& predicate,
                                   std::chrono::milliseconds timeout = std::chrono::seconds(15)) const;

private:
    void Serve();
    void HandleConnection(int fd);

    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    mutable std::condition_variable arrived_;
    Responder responder_;
    std::vector<Request> requests_;
    std::thread thread_;
};

}  // namespace stackd::testing
