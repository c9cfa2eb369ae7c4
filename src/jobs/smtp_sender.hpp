#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stackd::jobs {

// The server-wide SMTP server (STACK_EMAIL_*), used for every project on the shared
// email server (platform.md §2.3).
struct SmtpSettings {
    std::string host;
    uint16_t port = 587;
    bool secure = false;  // implicit TLS; also implied by port 465
    std::string username;
    std::string password;
    std::string sender_email;

    bool configured() const { return !host.empty(); }
};

struct OutgoingEmail {
    std::string id;  // outbox id, used for the Message-ID
    std::string sender_name;
    std::vector<std::string> to;
    std::string subject;
    std::string html;
    std::string text;
};

struct SendResult {
    bool ok = false;
    bool retryable = false;
    std::string error_type;  // upstream's classification: TEMPORARY, AUTH_FAILED, ...
    std::string message;     // never contains the message body
};

// Sends one message over SMTP with libcurl: implicit TLS for `secure` or port 465,
// otherwise STARTTLS whenever the server offers it; AUTH when a username is set.
class SmtpSender {
public:
    explicit SmtpSender(SmtpSettings settings) : settings_(std::move(settings)) {}

    SendResult Send(const OutgoingEmail& email) const;
    const SmtpSettings& settings() const { return settings_; }

private:
    SmtpSettings settings_;
};

// The RFC 5322 message (multipart/alternative, base64 parts); exposed for tests.
std::string BuildMimeMessage(const OutgoingEmail& email, const std::string& sender_email, int64_t now_ms);

}  // namespace stackd::jobs
