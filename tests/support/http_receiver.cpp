#include "support/http_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace stackd::testing {
namespace {

bool SendAll(int fd, const std::string& text) {
    size_t sent = 0;
    while (sent < text.size()) {
        const ssize_t n = ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            return false;
        }
        sent += static_cast<size_t>(n);
    }
    return true;
}

std::string Lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::string Trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    const auto last = text.find_last_not_of(" \t");
    return first == std::string::npos ? "" : text.substr(first, last - first + 1);
}

const char* Reason(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 202:
            return "Accepted";
        case 404:
            return "Not Found";
        case 409:
            return "Conflict";
        case 422:
            return "Unprocessable Entity";
        case 429:
            return "Too Many Requests";
        default:
            return status >= 500 ? "Server Error" : "Status";
    }
}

}  // namespace

HttpReceiver::HttpReceiver() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listen_fd_ < 0) {
        throw std::runtime_error("http receiver: socket failed");
    }
    int yes = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::listen(listen_fd_, 64) != 0) {
        ::close(listen_fd_);
        throw std::runtime_error("http receiver: cannot listen on 127.0.0.1");
    }
    socklen_t length = sizeof(address);
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
}

HttpReceiver::~HttpReceiver() {
    stopping_ = true;
    if (thread_.joinable()) {
        thread_.join();
    }
    ::close(listen_fd_);
}

void HttpReceiver::SetResponder(Responder responder) {
    std::lock_guard lock(mutex_);
    responder_ = std::move(responder);
}

std::vector<HttpReceiver::Request> HttpReceiver::Requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::vector<HttpReceiver::Request> HttpReceiver::WaitUntil(
    const std::function<bool(const std::vector<Request>&)>& predicate, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    if (!arrived_.wait_for(lock, timeout, [&] { return predicate(requests_); })) {
        throw std::runtime_error("http receiver: timed out; " + std::to_string(requests_.size()) +
                                 " request(s) recorded");
    }
    return requests_;
}

void HttpReceiver::Serve() {
    while (!stopping_) {
        pollfd waiting{listen_fd_, POLLIN, 0};
        if (::poll(&waiting, 1, 100) <= 0) {
            continue;
        }
        const int fd = ::accept(listen_fd_, nullptr, nullptr);
        if (fd >= 0) {
            HandleConnection(fd);
            ::close(fd);
        }
    }
}

void HttpReceiver::HandleConnection(int fd) {
    std::string buffer;
    // Reads until `done` holds; false when the peer closed, 5 s passed, or the receiver stops.
    auto read_until = [&](const std::function<bool()>& done) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!done()) {
            if (stopping_ || std::chrono::steady_clock::now() > deadline) {
                return false;
            }
            pollfd waiting{fd, POLLIN, 0};
            if (::poll(&waiting, 1, 100) <= 0) {
                continue;
            }
            char chunk[8192];
            const ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
            if (n <= 0) {
                return false;
            }
            buffer.append(chunk, static_cast<size_t>(n));
        }
        return true;
    };
    if (!read_until([&] { return buffer.find("\r\n\r\n") != std::string::npos; })) {
        return;
    }
    const size_t header_end = buffer.find("\r\n\r\n");
    Request request;
    size_t line_start = 0;
    bool first = true;
    while (line_start < header_end) {
        size_t line_end = buffer.find("\r\n", line_start);
        const std::string line = buffer.substr(line_start, line_end - line_start);
        line_start = line_end + 2;
        if (first) {
            const auto space = line.find(' ');
            const auto second = line.find(' ', space + 1);
            request.method = line.substr(0, space);
            request.target = line.substr(space + 1, second - space - 1);
            first = false;
            continue;
        }
        const auto colon = line.find(':');
        if (colon != std::string::npos) {
            request.headers[Lower(line.substr(0, colon))] = Trim(line.substr(colon + 1));
        }
    }
    size_t content_length = 0;
    if (auto found = request.headers.find("content-length"); found != request.headers.end()) {
        content_length = std::stoul(found->second);
    }
    const size_t body_start = header_end + 4;
    if (!read_until([&] { return buffer.size() >= body_start + content_length; })) {
        return;
    }
    request.body = buffer.substr(body_start, content_length);

    Reply reply;
    Responder responder;
    {
        std::lock_guard lock(mutex_);
        responder = responder_;
    }
    if (responder) {
        reply = responder(request);
    }
    // Recorded before the reply goes out: once the client has its answer, a test that
    // looks at the requests must find this one.
    {
        std::lock_guard lock(mutex_);
        requests_.push_back(std::move(request));
    }
    arrived_.notify_all();
    SendAll(fd, "HTTP/1.1 " + std::to_string(reply.status) + " " + Reason(reply.status) +
                    "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(reply.body.size()) +
                    "\r\nConnection: close\r\n\r\n" + reply.body);
}

}  // namespace stackd::testing
