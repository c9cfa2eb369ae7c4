#include "api/v1/internal/projects.hpp"

#include <algorithm>

#include "api/v1/schema/fields.hpp"
#include "api/v1/schema/project_input.hpp"
#include "api/v1/schema/project_json.hpp"
#include "api/v1/schema/team_json.hpp"
#include "errors/known_error.hpp"

namespace stackd::api::v1::internal {
namespace {

using errors::ErrorCode;
using errors::KnownError;

// The three built-in email themes; a project's own themes come from its config.
const std::vector<std::string> kBuiltInThemeIds = {"1df07ae6-abf3-4a40-83a5-a1a2cbe336ac",
                                                   "a0172b5d-cff0-463b-83bb-85124697373a",
                                                   "c7e2d94f-8a1b-4e6d-b3f5-9d0a2e7c1b8f"};

// Upstream's onPrepare of the user-projects CRUD.
const std::string& RequireInternalUser(const RequestAuth& auth) {
    if (!auth.user_id) {
        throw KnownError(ErrorCode::kUserAuthenticationRequired);
    }
    if (auth.project().id != domain::kInternalProjectId) {
        throw KnownError(ErrorCode::kExpectedInternalProject);
    }
    return *auth.user_id;
}

void RequireBody(const RouteContext& context, schema::ObjectReader& reader) {
    if (context.body.is_discarded()) {
        reader.AddProblem("body must be defined");
    }
}

http::Response AdminRead(int status, const domain::AdminProject& project) {
    return http::Response::Json(status, schema::ProjectAdminRead(project.project, project.rendered_config));
}

}  // namespace

void RegisterProjects(Dispatcher& dispatcher, std::shared_ptr<domain::AdminProjectService> projects) {
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/internal/projects",
        .access = kAnyAccess,
        .query_keys = std::vector<std::string>{},
        .handle =
            [projects](const RouteContext& context) {
                const auto& auth = context.Auth();
                const std::string& user_id = RequireInternalUser(auth);
                nlohmann::json items = nlohmann::json::array();
                for (const auto& project : projects->ListManaged(auth.tenancy().id, user_id)) {
                    items.push_back(schema::ProjectAdminRead(project.project, project.rendered_config));
                }
                return http::Response::Json(200, schema::ListJson(std::move(items)));
            },
    });
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/internal/projects",
        .access = kAnyAccess,
        .query_keys = std::vector<std::string>{},
        .handle =
            [projects](const RouteContext& context) {
                const auto& auth = context.Auth();
                auto keys = schema::ProjectUpdateKeys();
                keys.emplace_back("owner_team_id");
                schema::ObjectReader reader("body", context.body, keys);
                RequireBody(context, reader);
                auto input = schema::ReadProjectInput(reader, context.body, true);
                const auto owner_team_id = reader.Uuid("owner_team_id", true);
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                const std::string& user_id = RequireInternalUser(auth);
                // Projects created from the dashboard allow localhost unless told otherwise.
                if (!input.legacy_config.contains("allow_localhost")) {
                    input.legacy_config["allow_localhost"] = true;
                }
                return AdminRead(201, projects->Create(auth.tenancy().id, user_id, *owner_team_id, input));
            },
    });

    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/internal/projects/current",
        .access = kAdminOnly,
        .query_keys = std::vector<std::string>{},
        .handle =
            [](const RouteContext& context) {
                const auto& auth = context.Auth();
                return http::Response::Json(200, schema::ProjectAdminRead(auth.project(), auth.config()));
            },
    });
    dispatcher.Add({
        .method = "PATCH",
        .path = "/api/v1/internal/projects/current",
        .access = kAdminOnly,
        .query_keys = std::vector<std::string>{},
        .handle =
            [projects](const RouteContext& context) {
                const auto& auth = context.Auth();
                schema::ObjectReader reader("body", context.body, schema::ProjectUpdateKeys());
                RequireBody(context, reader);
                const auto input = schema::ReadProjectInput(reader, context.body, false);
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                if (input.legacy_config.contains("email_theme")) {
                    const std::string theme = input.legacy_config["email_theme"];
                    const auto& themes = auth.config()["emails"]["themes"];
                    const bool known = std::find(kBuiltInThemeIds.begin(), kBuiltInThemeIds.end(), theme) !=
                                           kBuiltInThemeIds.end() ||
                                       (themes.is_object() && themes.contains(theme));
                    if (!theme.empty() && !known) {
                        throw errors::StatusError(400, "Invalid email theme");
                    }
                }
                return AdminRead(200, projects->Update(auth.project().id, auth.tenancy().branch_id, input));
            },
    });
    dispatcher.Add({
        .method = "DELETE",
        .path = "/api/v1/internal/projects/current",
        .access = kAdminOnly,
        .query_keys = std::vector<std::string>{},
        .handle =
            [projects](const RouteContext& context) {
                projects->Delete(context.Auth().project().id);
                return http::Response::Json(200, {{"success", true}});
            },
    });
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/internal/projects/transfer",
        .access = kAnyAccess,
        .query_keys = std::nullopt,
        .handle =
            [projects](const RouteContext& context) {
                const auto& auth = context.Auth();
                schema::ObjectReader reader("body", context.body, {"project_id", "new_team_id"});
                // Upstream states these as a schema on `auth`, so they fail as schema problems.
                if (auth.project().id != domain::kInternalProjectId) {
                    reader.AddProblem("auth.project.id must be one of the following values: internal");
                }
                if (!auth.user_id) {
                    reader.AddProblem("auth.user must be defined");
                }
                RequireBody(context, reader);
                const auto project_id = reader.String("project_id", {.required = true});
                const auto new_team_id = reader.String("new_team_id", {.required = true});
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                projects->Transfer(*auth.view, *auth.user_id, *project_id, *new_team_id);
                // The string "true", as upstream's schema declares it.
                return http::Response::Json(200, {{"success", "true"}});
            },
    });
}

}  // namespace stackd::api::v1::internal
