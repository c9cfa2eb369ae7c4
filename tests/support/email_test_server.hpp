#pragma once

#include <map>
#include <memory>
#include <string>

#include "support/smtp_sink.hpp"
#include "support/test_server.hpp"

namespace stackd::testing {

// Where verification links point in tests (localhost is trusted by these servers).
inline constexpr const char* kCallbackUrl = "http://localhost:12345/handler/callback";

// The environment of a stackd that sends mail to `sink` (nullptr: no SMTP configured),
// with OTP sign-in and localhost redirects on in the internal project.
std::map<std::string, std::string> EmailServerEnv(const SmtpSink* sink);

// A TestServer wired to a fresh SmtpSink.
struct EmailTestServer {
    std::unique_ptr<SmtpSink> sink = std::make_unique<SmtpSink>();
    std::unique_ptr<TestServer> server = std::make_unique<TestServer>(TestServer::Options{.env = EmailServerEnv(sink.get())});
};

}  // namespace stackd::testing
