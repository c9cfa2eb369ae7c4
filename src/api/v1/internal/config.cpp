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
                auto source = reader.Json("source");
                if (source) {
                    for (auto& problem : domain::BranchSourceProblems("body.source", *source)) {
                        reader.AddProblem(std::move(problem));
                    }
                    if (source->is_null()) {
                        source.reset();
                    }
                }
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                AssertServerAccessAllowed(auth, level);
                const auto config = ParseOverride(*config_string, level);
                if (level == ConfigLevel::kBranch && !source) {
                    throw errors::StatusError(400, "source is required for branch level config");
                }
                overrides->Set(auth.project().id, auth.tenancy().branch_id, level, config, source);
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
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/internal/config/override/{level}/reset-keys",
        .access = kAdminOnly,
        .query_keys = std::nullopt,
        .handle =
            [overrides](const RouteContext& context) {
                const auto& auth = context.Auth();
                const std::string& level_text = context.params.at("level");
                schema::ObjectReader reader("body", context.body, {"keys"});
                if (context.body.is_discarded()) {
                    reader.AddProblem("body must be defined");
                }
                if (level_text != "branch" && level_text != "environment") {
                    reader.AddProblem("params.level must be one of the following values: branch, environment");
                }
                std::vector<std::string> keys;
                const auto value = reader.Json("keys");
                if (!value) {
                    reader.AddProblem("body.keys must be defined");
                } else if (value->is_null()) {
                    reader.AddProblem("body.keys cannot be null");
                } else if (!value->is_array()) {
                    reader.AddProblem("body.keys must be a `array` type, but the final value was: `" + value->dump() +
                                      "`.");
                } else {
                    for (size_t index = 0; index < value->size(); ++index) {
                        const auto& key = (*value)[index];
                        if (key.is_string()) {
                            keys.push_back(key.get<std::string>());
                        } else if (key.is_null()) {
                            reader.AddProblem("body.keys[" + std::to_string(index) + "] cannot be null");
                        } else {
                            reader.AddProblem("body.keys[" + std::to_string(index) +
                                              "] must be a `string` type, but the final value was: `" + key.dump() +
                                              "`.");
                        }
                    }
                }
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                overrides->ResetKeys(auth.project().id, auth.tenancy().branch_id, *domain::ParseConfigLevel(level_text),
                                     keys);
                return Success();
            },
    });
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/internal/config/source",
        .access = kAdminOnly,
        .query_keys = std::nullopt,
        .handle =
            [overrides](const RouteContext& context) {
                const auto& auth = context.Auth();
                return http::Response::Json(200,
                                            {{"source", overrides->GetSource(auth.project().id, auth.tenancy().branch_id)}});
            },
    });
    dispatcher.Add({
        .method = "DELETE",
        .path = "/api/v1/internal/config/source",
        .access = kAdminOnly,
        .query_keys = std::nullopt,
        .handle =
            [overrides](const RouteContext& context) {
                const auto& auth = context.Auth();
                overrides->UnlinkSource(auth.project().id, auth.tenancy().branch_id);
                return Success();
            },
    });
}

}  // namespace stackd::api::v1::internal
