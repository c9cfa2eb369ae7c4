#pragma once

// Fixtures for the /emails suites: one stackd whose shared SMTP server is `shared_sink`,
// a dashboard user, and projects with their own SMTP server (`project_sink`) created
// through the admin API with upstream's legacy `email_config`.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "../internal/admin_test_helpers.hpp"
#include "support/auth_helpers.hpp"
#include "support/email_test_server.hpp"
#include "support/smtp_sink.hpp"
#include "support/test_server.hpp"

namespace stackd::testing {

inline constexpr const char* kProjectSmtpUser = "project-smtp-user";
inline constexpr const char* kProjectSenderName = "Custom Sender";
inline constexpr const char* kProjectSenderEmail = "custom@stackd.test";
inline constexpr const char* kMarketingCategoryId = "4f6f8873-3d04-46bd-8bef-18338b1a1b4c";
inline constexpr const char* kTransactionalCategoryId = "7bb82d33-2f54-4a3d-9d23-82739e0d66ef";

struct EmailProject {
    std::string id;
    Headers admin;
    Headers client;
};

// The legacy email_config of a project whose SMTP server listens on `port`.
inline nlohmann::json CustomEmailConfig(int port, const std::string& host = "127.0.0.1") {
    return {{"type", "standard"},          {"host", host},
            {"port", port},                {"username", kProjectSmtpUser},
            {"password", "project-secret"}, {"sender_name", kProjectSenderName},
            {"sender_email", kProjectSenderEmail}};
}

class EmailsTest : public ::testing::Test {
protected:
    // `with_shared_server`: whether STACK_EMAIL_* points at shared_sink.
    // `extra_env` adds to or overrides the email server environment.
    static void StartServer(bool with_shared_server, const std::map<std::string, std::string>& extra_env = {}) {
        shared_sink_ = std::make_unique<SmtpSink>();
        project_sink_ = std::make_unique<SmtpSink>();
        auto env = EmailServerEnv(with_shared_server ? shared_sink_.get() : nullptr);
        for (const auto& [key, value] : extra_env) {
            env[key] = value;
        }
        server_ = std::make_unique<TestServer>(TestServer::Options{.env = env});
        dashboard_ = std::make_unique<DashboardUser>(SignUpDashboardUser(*server_, "email-dashboard"));
    }
    static void SetUpTestSuite() { StartServer(true); }
    static void TearDownTestSuite() {
        dashboard_.reset();
        server_.reset();
        project_sink_.reset();
        shared_sink_.reset();
    }

    static const TestServer& server() { return *server_; }
    static const SmtpSink& project_sink() { return *project_sink_; }
    static const SmtpSink& shared_sink() { return *shared_sink_; }

    // A project on its own SMTP server (`email_config` given) or on the shared one.
    static EmailProject CreateProject(const std::string& name, const nlohmann::json& email_config) {
        nlohmann::json body = {{"display_name", name}};
        if (!email_config.is_null()) {
            body["config"] = {{"email_config", email_config}};
        }
        const auto created = CreateProjectAs(*server_, *dashboard_, body);
        EmailProject project;
        project.id = created.value("id", "");
        project.admin = AdminTokenHeaders(project.id, dashboard_->tokens.access_token);
        project.client = ClientHeadersFor(project.id);
        return project;
    }
    static EmailProject CreateCustomSmtpProject(const std::string& name) {
        return CreateProject(name, CustomEmailConfig(project_sink_->port()));
    }

    // POST /users in `project` (admin access); returns the user (201 expected).
    static nlohmann::json CreateUserIn(const EmailProject& project, const nlohmann::json& body) {
        const auto response = SendJson(*server_, "POST", "/api/v1/users", body, project.admin);
        EXPECT_EQ(response.status, 201) << response.body;
        return response.Json();
    }

    static HttpResponse SendEmail(const EmailProject& project, const nlohmann::json& body) {
        return SendJson(*server_, "POST", "/api/v1/emails/send-email", body, project.admin);
    }
    static HttpResponse GetEmail(const EmailProject& project, const std::string& id) {
        return server_->Get("/api/v1/emails/outbox/" + id, project.admin);
    }
    static HttpResponse PatchEmail(const EmailProject& project, const std::string& id, const nlohmann::json& body) {
        return SendJson(*server_, "PATCH", "/api/v1/emails/outbox/" + id, body, project.admin);
    }
    static nlohmann::json ListOutbox(const EmailProject& project, const std::string& query = "") {
        const auto response = server_->Get("/api/v1/emails/outbox" + query, project.admin);
        EXPECT_EQ(response.status, 200) << response.body;
        return response.Json();
    }

    // The newest outbox email of the project whose subject is `subject`.
    static nlohmann::json FindBySubject(const EmailProject& project, const std::string& subject) {
        const auto list = ListOutbox(project);
        for (const auto& email : list["items"]) {
            if (email.value("subject", "") == subject) {
                return email;
            }
        }
        return nullptr;
    }

    // Polls GET /emails/outbox/{id} until the email reaches `status`; fails after 15 s.
    static nlohmann::json WaitForStatus(const EmailProject& project, const std::string& id,
                                        const std::string& status) {
        nlohmann::json last;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (std::chrono::steady_clock::now() < deadline) {
            const auto response = GetEmail(project, id);
            if (response.status == 200) {
                last = response.Json();
                if (last.value("status", "") == status) {
                    return last;
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ADD_FAILURE() << "email " << id << " never reached " << status << "; last: " << last.dump();
        return last;
    }

    // Sends `html` to `user_id` and returns the id of its outbox row.
    static std::string SendHtml(const EmailProject& project, const std::string& user_id, const std::string& subject,
                                nlohmann::json extra = nlohmann::json::object()) {
        extra["user_ids"] = {user_id};
        extra["html"] = "<p>" + subject + " body</p>";
        extra["subject"] = subject;
        if (!extra.contains("notification_category_name")) {
            extra["notification_category_name"] = "Transactional";
        }
        const auto response = SendEmail(project, extra);
        EXPECT_EQ(response.status, 200) << response.body;
        const auto email = FindBySubject(project, subject);
        EXPECT_FALSE(email.is_null()) << "no outbox row for " << subject;
        return email.is_null() ? "" : email.value("id", "");
    }

    // A time far ahead, so a scheduled email stays scheduled during a test.
    static int64_t FarFuture() {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count() +
               365LL * 24 * 60 * 60 * 1000;
    }
    static int64_t NowMs() {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }

    inline static std::unique_ptr<SmtpSink> shared_sink_;
    inline static std::unique_ptr<SmtpSink> project_sink_;
    inline static std::unique_ptr<TestServer> server_;
    inline static std::unique_ptr<DashboardUser> dashboard_;
};

}  // namespace stackd::testing
