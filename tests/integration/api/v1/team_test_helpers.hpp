#pragma once

// Small fixtures shared by the team and permission suites: users with sessions, teams
// and memberships made through the public API with the server key.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "domain/project_config.hpp"
#include "domain/project_repository.hpp"
#include "storage/open_store.hpp"
#include "support/auth_helpers.hpp"
#include "support/test_server.hpp"

namespace stackd::testing {

inline constexpr const char* kUnknownId = "0f0e8c55-8a3c-4c55-9a0b-4c7f7d2b1a00";

// A user (made with the server key, so it has the internal project's personal team) and a
// session for it.
struct TestUser {
    std::string id;
    std::string access_token;
    Headers client() const { return ClientAuth(access_token); }
};

inline TestUser MakeUser(const TestServer& server, const nlohmann::json& body = nlohmann::json::object()) {
    const auto user = CreateUser(server, body);
    const auto tokens = CreateSession(server, user["id"]);
    return {user["id"], tokens.access_token};
}

// POST /teams with the server key; `creator` becomes the first member when not empty.
inline nlohmann::json MakeTeam(const TestServer& server, const std::string& name, const std::string& creator = "") {
    nlohmann::json body = {{"display_name", name}};
    if (!creator.empty()) {
        body["creator_user_id"] = creator;
    }
    const auto response = server.Post("/api/v1/teams", body.dump(), TestServer::ServerHeaders());
    EXPECT_EQ(response.status, 201) << response.body;
    return response.Json();
}

inline HttpResponse AddMember(const TestServer& server, const std::string& team_id, const std::string& user_id) {
    return server.Post("/api/v1/team-memberships/" + team_id + "/" + user_id, "{}", TestServer::ServerHeaders());
}

inline HttpResponse Delete(const TestServer& server, const std::string& path, const Headers& headers) {
    return server.Request("DELETE", path, headers);
}

// The `id` of every item of a list response, in order.
inline std::vector<std::string> ItemIds(const HttpResponse& response, const std::string& key = "id") {
    EXPECT_EQ(response.status, 200) << response.body;
    std::vector<std::string> ids;
    const auto body = response.Json();  // kept alive: the loop must not walk a temporary
    for (const auto& item : body["items"]) {
        ids.push_back(item[key]);
    }
    return ids;
}

// Runs `work` in a transaction on the server's database, as another writer would.
inline void WithDatabase(const TestServer& server, const std::function<void(storage::Connection&)>& work) {
    char pattern[] = "/tmp/stackd-teams-XXXXXX";
    const std::string scratch = mkdtemp(pattern);
    {
        auto store =
            storage::OpenStore(server.database_url(), server.database_url().empty() ? server.data_dir() : scratch, 2);
        store->Write(work);
    }
    std::filesystem::remove_all(scratch);
}

// Applies `update` to the internal project's environment config behind the server's back,
// then polls the client project view until the server's config cache has caught up with
// teams.allowClientTeamCreation (every caller sets it, so there is something to observe).
inline void OverrideInternalConfig(const TestServer& server, const nlohmann::json& update) {
    WithDatabase(server, [&](storage::Connection& db) {
        auto overrides = domain::project_repository::LoadOverrides(db, "internal", "main");
        domain::project_repository::SaveEnvironmentOverride(
            db, "internal", "main", domain::project_config::ApplyOverride(overrides.environment, update), 1);
    });
    const bool expected = update.at("teams.allowClientTeamCreation").get<bool>();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        const auto project = server.Get("/api/v1/projects/current", TestServer::ClientHeaders()).Json();
        if (project["config"]["client_team_creation_enabled"] == expected) {
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "config change not visible";
}

}  // namespace stackd::testing
