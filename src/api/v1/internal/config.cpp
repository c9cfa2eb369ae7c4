#include "api/v1/internal/config.hpp"

#include "api/v1/schema/fields.hpp"
#include "errors/known_error.hpp"

namespace stackd::api::v1::internal {
namespace {

using domain::ConfigLevel;

ConfigLevel LevelParam(const RouteContext& context) {
    const auto level = domain::ParseConfigLevel(context.params.at("level"));
    if (!level) {
        throw errors::SchemaError(context.request.method, context.requested_path,
                                  {"params.level must be one of the following values: project, branch, environment"});
    }
    return *level;
}

void AssertServerAccessAllowed(const RequestAuth& auth, ConfigLevel level) {
    if (auth.type == domain::AccessType::kServer && level != ConfigLevel::kBranch) {
        throw errors::StatusError(403, "Server access can only manage branch config overrides.");
    }
}

// JSON text → a validated override for `level` (400 text on failure, upstream's wording).
nlohmann::json ParseOverride(const std::string& text, ConfigLevel level) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded()) {
        throw errors::StatusError(400, "Invalid config JSON");
    }
    if (auto error = domain::ConfigOverrideError(level, parsed)) {
        throw errors::StatusError(400, *error);
    }
    return parsed;
}

http::Response Success() { return http::Response::Json(200, {{"success", true}}); }

}  // namespace

void RegisterConfig(Dispatcher& dispatcher, std::shared_ptr<domain::ConfigOverrideService> overrides) {
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/internal/config",
        .access = kAdminOnly,
        .query_keys = std::nullopt,
        .handle =
            [](const RouteContext& context) {
                return http::Response::Json(200, {{"config_string", context.Auth().config().dump()}});
            },
    });
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/internal/config/override/{level}",
        .access = kServerOrAdmin,
        .query_keys = std::nullopt,
        .handle =
            [overrides](const RouteContext& context) {
                const auto& auth = context.Auth();
                const ConfigLevel level = LevelParam(context);
                AssertServerAccessAllowed(auth, level);
                const auto config = overrides->Get(auth.project().id, auth.tenancy().branch_id, level);
                return http::Response::Json(200, {{"config_string", config.dump()}});
            },
    });
    dispatcher.Add({
        .method = "PUT",
        .path = "/api/v1/internal/config/override/{level}",
        .access = kServerOrAdmin,
        .query_keys = std::nullopt,
        .handle =
            [overrides](const RouteContext& context) {
                const auto& auth = context.Auth();
                const ConfigLevel level = LevelParam(context);
                schema::ObjectReader reader("body", context.body, {"config_string", "source"});
                if (context.body.is_discarded()) {
                    reader.AddProblem("body must be defined");
                }
                const auto config_string = reader.String("config_string", {.required = true});
                const auto source = reader.Json("source");
                if (source && !source->is_object()) {
                    reader.AddProblem("body.source must be a `object` type, but the final value was: `" +
                                      source->dump() + "`.");
                }
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                AssertServerAccessAllowed(auth, level);
                const auto config = ParseOverride(*config_string, level);
                if (level == ConfigLevel::kBranch && !source) {
                    throw errors::StatusError(400, "source is required for branch level config");
                }
                overrides->Set(auth.project().id, auth.tenancy().branch_id, level, config);
                return Success();
            },
    });
    dispatcher.Add({
        .method = "PATCH",
        .path = "/api/v1/internal/config/override/{level}",
        .access = kServerOrAdmin,
        .query_keys = std::nullopt,
        .handle =
            [overrides](const RouteContext& context) {
                const auto& auth = context.Auth();
                const ConfigLevel level = LevelParam(context);
                schema::ObjectReader reader("body", context.body, {"config_override_string"});
                if (context.body.is_discarded()) {
                    reader.AddProblem("body must be defined");
                }
                const auto update_string = reader.String("config_override_string", {.required = true});
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                AssertServerAccessAllowed(auth, level);
                const auto update = ParseOverride(*update_string, level);
                overrides->Patch(auth.project().id, auth.tenancy().branch_id, level, update);
                return Success();
            },
    });
}

}  // namespace stackd::api::v1::internal
