#include "support/smtp_sink.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <stdexcept>

namespace stackd::testing {
namespace {

std::string Base64Decode(const std::string& encoded) {
    std::string clean;
    for (const char c : encoded) {
        if (c != '\r' && c != '\n' && c != ' ') {
            clean.push_back(c);
        }
    }
    std::string out(clean.size(), '\0');
    const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                       reinterpret_cast<const unsigned char*>(clean.data()),
                                       static_cast<int>(clean.size()));
    if (length < 0) {
        return {};
    }
    out.resize(static_cast<size_t>(length));
    // EVP_DecodeBlock counts padding as zero bytes: drop one per '='.
    size_t padding = 0;
    for (auto it = clean.rbegin(); it != clean.rend() && *it == '='; ++it) {
        ++padding;
    }
    out.resize(out.size() - std::min(padding, out.size()));
    return out;
}

std::string DecodeHeader(const std::string& value) {
    static const std::regex kWord(R"(=\?UTF-8\?B\?([^?]*)\?=)", std::regex::icase);
    std::smatch match;
    if (std::regex_search(value, match, kWord)) {
        return Base64Decode(match[1]);
    }
    return value;
}

std::string HeaderValue(const std::string& headers, const std::string& name) {
    std::regex pattern("(^|\r\n)" + name + ": ([^\r\n]*)", std::regex::icase);
    std::smatch match;
    return std::regex_search(headers, match, pattern) ? match[2].str() : std::string();
}

// Splits the multipart/alternative body into its decoded text and html parts.
void ParseMessage(SmtpSink::Message& message) {
    const auto header_end = message.raw.find("\r\n\r\n");
    const std::string headers = message.raw.substr(0, header_end);
    message.subject = DecodeHeader(HeaderValue(headers, "Subject"));
    std::smatch match;
    static const std::regex kBoundary("boundary=\"([^\"]+)\"");
    if (!std::regex_search(headers, match, kBoundary)) {
        return;
    }
    const std::string delimiter = "--" + match[1].str();
    size_t position = message.raw.find(delimiter, header_end);
    while (position != std::string::npos) {
        const size_t start = position + delimiter.size();
        const size_t next = message.raw.find(delimiter, start);
        if (next == std::string::npos) {
            break;
        }
        const std::string part = message.raw.substr(start, next - start);
        const auto part_headers_end = part.find("\r\n\r\n");
        if (part_headers_end != std::string::npos) {
            const std::string part_headers = part.substr(0, part_headers_end);
            const std::string body = Base64Decode(part.substr(part_headers_end + 4));
            if (part_headers.find("text/plain") != std::string::npos) {
                message.text = body;
            } else if (part_headers.find("text/html") != std::string::npos) {
                message.html = body;
            }
        }
        position = next;
    }
}

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

std::string Address(const std::string& argument) {
    const auto open = argument.find('<');
    const auto close = argument.find('>');
    if (open == std::string::npos || close == std::string::npos || close < open) {
        return argument;
    }
    return argument.substr(open + 1, close - open - 1);
}

}  // namespace

SmtpSink::SmtpSink(std::string directory) : directory_(std::move(directory)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listen_fd_ < 0) {
        throw std::runtime_error("smtp sink: socket failed");
    }
    int yes = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::listen(listen_fd_, 16) != 0) {
        ::close(listen_fd_);
        throw std::runtime_error("smtp sink: cannot listen on 127.0.0.1");
    }
    socklen_t length = sizeof(address);
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
}

SmtpSink::~SmtpSink() {
    stopping_ = true;
    if (thread_.joinable()) {
        thread_.join();
    }
    ::close(listen_fd_);
}

void SmtpSink::Serve() {
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

void SmtpSink::HandleConnection(int fd) {
    std::string buffer;
    // Reads one CRLF-terminated line; false when the peer closed or the sink stops.
    auto read_line = [&](std::string& line) {
        while (true) {
            const auto end = buffer.find("\r\n");
            if (end != std::string::npos) {
                line = buffer.substr(0, end);
                buffer.erase(0, end + 2);
                return true;
            }
            pollfd waiting{fd, POLLIN, 0};
            const int ready = ::poll(&waiting, 1, 100);
            if (stopping_) {
                return false;
            }
            if (ready <= 0) {
                continue;
            }
            char chunk[4096];
            const ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
            if (n <= 0) {
                return false;
            }
            buffer.append(chunk, static_cast<size_t>(n));
        }
    };
    SendAll(fd, "220 stackd-test-sink ESMTP\r\n");
    Message current;
    std::string auth_username;
    std::string line;
    while (read_line(line)) {
        std::string verb = line.substr(0, line.find(' '));
        std::transform(verb.begin(), verb.end(), verb.begin(), [](unsigned char c) { return std::toupper(c); });
        if (verb == "EHLO") {
            SendAll(fd, "250-stackd-test-sink\r\n250-8BITMIME\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 10485760\r\n");
        } else if (verb == "AUTH") {
            // PLAIN: base64("\0user\0password"), inline or after a 334; LOGIN: user, then password.
            const bool plain = line.size() >= 10 && std::toupper(static_cast<unsigned char>(line[5])) == 'P';
            std::string argument = line.find(' ', 5) != std::string::npos ? line.substr(line.find(' ', 5) + 1) : "";
            if (plain) {
                if (argument.empty()) {
                    SendAll(fd, "334 \r\n");
                    read_line(argument);
                }
                const std::string decoded = Base64Decode(argument);
                const size_t first = decoded.find('\0');
                const size_t second = decoded.find('\0', first + 1);
                auth_username = first == std::string::npos ? "" : decoded.substr(first + 1, second - first - 1);
            } else {
                // The user may come with the command (SASL-IR), else after a prompt.
                std::string user = argument;
                std::string password;
                if (user.empty()) {
                    SendAll(fd, "334 VXNlcm5hbWU6\r\n");
                    read_line(user);
                }
                SendAll(fd, "334 UGFzc3dvcmQ6\r\n");
                read_line(password);
                auth_username = Base64Decode(user);
            }
            SendAll(fd, "235 Authentication successful\r\n");
        } else if (verb == "HELO" || verb == "NOOP") {
            SendAll(fd, "250 OK\r\n");
        } else if (verb == "RSET") {
            current = Message{};
            SendAll(fd, "250 OK\r\n");
        } else if (verb == "MAIL") {
            current = Message{};
            current.mail_from = Address(line);
            current.auth_username = auth_username;
            SendAll(fd, "250 OK\r\n");
        } else if (verb == "RCPT") {
            current.rcpt_to.push_back(Address(line));
            SendAll(fd, "250 OK\r\n");
        } else if (verb == "DATA") {
            SendAll(fd, "354 End data with <CR><LF>.<CR><LF>\r\n");
            std::string data_line;
            while (read_line(data_line) && data_line != ".") {
                if (!data_line.empty() && data_line[0] == '.') {
                    data_line.erase(0, 1);  // dot-stuffing
                }
                current.raw += data_line + "\r\n";
            }
            ParseMessage(current);
            Store(std::move(current));
            current = Message{};
            SendAll(fd, "250 OK: queued\r\n");
        } else if (verb == "QUIT") {
            SendAll(fd, "221 Bye\r\n");
            return;
        } else {
            SendAll(fd, "502 Command not implemented\r\n");
        }
    }
}

void SmtpSink::Store(Message message) {
    std::lock_guard lock(mutex_);
    if (!directory_.empty()) {
        std::ofstream(directory_ + "/" + std::to_string(messages_.size() + 1) + ".eml", std::ios::binary)
            << message.raw;
    }
    messages_.push_back(std::move(message));
    arrived_.notify_all();
}

std::vector<SmtpSink::Message> SmtpSink::Messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
}

std::vector<SmtpSink::Message> SmtpSink::MessagesTo(const std::string& recipient) const {
    std::lock_guard lock(mutex_);
    std::vector<Message> matching;
    for (const auto& message : messages_) {
        if (std::find(message.rcpt_to.begin(), message.rcpt_to.end(), recipient) != message.rcpt_to.end()) {
            matching.push_back(message);
        }
    }
    return matching;
}

SmtpSink::Message SmtpSink::WaitFor(const std::string& recipient, size_t count,
                                    std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        const auto matching = MessagesTo(recipient);
        if (matching.size() >= count) {
            return matching.back();
        }
        if (std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error("no email to " + recipient + " arrived in time");
        }
        std::unique_lock lock(mutex_);
        arrived_.wait_for(lock, std::chrono::milliseconds(50));
    }
}

std::string SmtpSink::LinkOf(const Message& message) {
    static const std::regex kLink(R"((https?://[^\s\]\[<>"]*code=[0-9a-z]{45}[^\s\]\[<>"]*))");
    std::smatch match;
    return std::regex_search(message.text, match, kLink) ? match[1].str() : std::string();
}

std::string SmtpSink::CodeFromLink(const Message& message) {
    static const std::regex kCode("code=([0-9a-z]{45})");
    std::smatch match;
    const std::string link = LinkOf(message);
    return std::regex_search(link, match, kCode) ? match[1].str() : std::string();
}

}  // namespace stackd::testing
