#pragma once

// Fixtures for the admin API suites: a dashboard user of `internal` and a project they
// created through POST /internal/projects, managed with their admin access token.
#include <gtest/gtest.h>

#include <string>

#include "support/auth_helpers.hpp"
#include "support/test_server.hpp"

namespace stackd::testing {

struct DashboardUser {
    Tokens tokens;
    std::string team_id;  // their personal team in `internal`
    Headers client() const { return ClientAuth(tokens.access_token); }
};

inline DashboardUser SignUpDashboardUser(const TestServer& server, const std::string& tag) {
    DashboardUser user;
    user.tokens = SignUp(server, UniqueEmail(tag));
    const auto me = server.Get("/api/v1/users/me", ClientAuth(user.tokens.access_token));
    EXPECT_EQ(me.status, 200) << me.body;
    user.team_id = me.Json().value("selected_team_id", "");
    EXPECT_FALSE(user.team_id.empty()) << me.body;
    return user;
}

// Admin access to `project_id` through the user's internal access token.
inline Headers AdminTokenHeaders(const std::string& project_id, const std::string& access_token) {
    return {{"x-stack-access-type", "admin"},
            {"x-stack-project-id", project_id},
            {"x-stack-admin-access-token", access_token}};
}

inline Headers ClientHeadersFor(const std::string& project_id) {
    return {{"x-stack-access-type", "client"}, {"x-stack-project-id", project_id}};
}

// POST /internal/projects owned by the user's personal team; returns the admin read (201).
inline nlohmann::json CreateProjectAs(const TestServer& server, const DashboardUser& user,
                                      nlohmann::json body = nlohmann::json::object()) {
    if (!body.contains("display_name")) {
        body["display_name"] = "Test Project";
    }
    if (!body.contains("owner_team_id")) {
        body["owner_team_id"] = user.team_id;
    }
    const auto response = SendJson(server, "POST", "/api/v1/internal/projects", body, user.client());
    EXPECT_EQ(response.status, 201) << response.body;
    return response.Json();
}

// Server headers for `project_id`, with a secret server key minted through /internal/api-keys.
inline Headers MintServerHeaders(const TestServer& server, const std::string& project_id, const Headers& admin) {
    const auto response = SendJson(server, "POST", "/api/v1/internal/api-keys",
                                   {{"description", "server key"},
                                    {"expires_at_millis", 4102444799000},
                                    {"has_publishable_client_key", false},
                                    {"has_secret_server_key", true},
                                    {"has_super_secret_admin_key", false}},
                                   admin);
    EXPECT_EQ(response.status, 200) << response.body;
    return ServerHeadersFor(project_id, response.Json().value("secret_server_key", ""));
}

// A project of the dashboard user with its admin (access token) and server (key) headers.
struct ManagedProject {
    std::string id;
    Headers admin;
    Headers server;
    Headers client() const { return {{"x-stack-access-type", "client"}, {"x-stack-project-id", id}}; }
};

inline ManagedProject CreateManagedProject(const TestServer& server, const DashboardUser& user,
                                           nlohmann::json body = nlohmann::json::object()) {
    ManagedProject project;
    project.id = CreateProjectAs(server, user, std::move(body))["id"];
    project.admin = AdminTokenHeaders(project.id, user.tokens.access_token);
    project.server = MintServerHeaders(server, project.id, project.admin);
    return project;
}

}  // namespace stackd::testing
