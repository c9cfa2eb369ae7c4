#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace stackd::testing {

// A real SMTP server on 127.0.0.1 (a free port) for integration tests: it accepts every
// message (EHLO/HELO, AUTH PLAIN/LOGIN with any credentials, MAIL, RCPT, DATA, RSET, NOOP,
// QUIT; no TLS), keeps it in memory with the user it was sent as and, when given a
// directory, writes it there as <n>.eml.
class SmtpSink {
public:
    struct Message {
        std::string mail_from;
        std::vector<std::string> rcpt_to;
        std::string auth_username;  // "" when the client did not authenticate
        std::string raw;
        std::string subject;  // decoded
        std::string text;     // decoded text/plain part
        std::string html;     // decoded text/html part
    };

    explicit SmtpSink(std::string directory = "");
    ~SmtpSink();
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    int port() const { return port_; }
    std::vector<Message> Messages() const;
    std::vector<Message> MessagesTo(const std::string& recipient) const;
    // Waits until at least `count` messages to `recipient` have arrived and returns the
    // last one; throws after `timeout`.
    Message WaitFor(const std::string& recipient, size_t count = 1,
                    std::chrono::milliseconds timeout = std::chrono::seconds(15)) const;

    // The 45-character `code` query parameter of the first link in `message`'s text.
    static std::string CodeFromLink(const Message& message);
    // The first URL in the text part that carries a code.
    static std::string LinkOf(const Message& message);

private:
    void Serve();
    void HandleConnection(int fd);
    void Store(Message message);

    std::string directory_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    mutable std::condition_variable arrived_;
    std::vector<Message> messages_;
    std::thread thread_;
};

}  // namespace stackd::testing
