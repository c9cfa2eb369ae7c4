#include "support/email_test_server.hpp"

namespace stackd::testing {

std::map<std::string, std::string> EmailServerEnv(const SmtpSink* sink) {
    std::map<std::string, std::string> env = {
        {"STACK_SEED_INTERNAL_PROJECT_OTP_ENABLED", "true"},
        {"STACK_SEED_INTERNAL_PROJECT_ALLOW_LOCALHOST", "true"},
        {"STACK_EMAIL_SENDER", "noreply@stackd.test"},
        // Overrides whatever the developer's shell has: tests pick their own SMTP server.
        {"STACK_EMAIL_HOST", ""},
    };
    if (sink != nullptr) {
        env["STACK_EMAIL_HOST"] = "127.0.0.1";
        env["STACK_EMAIL_PORT"] = std::to_string(sink->port());
    }
    return env;
}

}  // namespace stackd::testing
