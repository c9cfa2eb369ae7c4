#include "api/v1/team_request.hpp"

#include "api/v1/user_id_param.hpp"
#include "crypto/random.hpp"
#include "domain/permissions.hpp"
#include "errors/known_error.hpp"

namespace stackd::api::v1 {

domain::Caller CallerOf(const RequestAuth& auth) { return {auth.type, auth.user_id}; }

bool RequireEmailVerification(const RequestAuth& auth) {
    const auto& value = auth.config()["onboarding"]["requireEmailVerification"];
    return value.is_boolean() && value.get<bool>();
}

std::string TeamIdParam(const RouteContext& context) {
    const std::string& value = context.params.at("team_id");
    if (!crypto::IsUuid(value)) {
        throw errors::SchemaError(context.request.method, context.requested_path,
                                  {"params.team_id must be a valid UUID"});
    }
    return value;
}

std::string UserIdParam(const RouteContext& context) {
    return ResolveUserIdParam(context, context.params.at("user_id"), "params.user_id");
}

std::string PermissionIdParam(const RouteContext& context) {
    const std::string& value = context.params.at("permission_id");
    if (auto problem = domain::permissions::GenericIdProblem(value)) {
        throw errors::SchemaError(context.request.method, context.requested_path, {*problem});
    }
    return value;
}

std::optional<std::string> ReadUserIdOrMe(const RouteContext& context, schema::ObjectReader& reader,
                                          const std::string& path, const std::string& key) {
    auto value = reader.String(key);
    if (!value) {
        return std::nullopt;
    }
    if (*value == "me") {
        return ResolveUserIdParam(context, "me", path + "." + key);
    }
    if (!crypto::IsUuid(*value)) {
        reader.AddProblem(path + "." + key + " must be a valid UUID");
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> ReadPermissionId(schema::ObjectReader& reader, const std::string& key) {
    auto value = reader.String(key);
    if (value) {
        if (auto problem = domain::permissions::GenericIdProblem(*value)) {
            reader.AddProblem(*problem);
            return std::nullopt;
        }
    }
    return value;
}

void RequireEmptyObjectBody(const RouteContext& context) {
    schema::ObjectReader reader("body", context.body, {});
    if (context.body.is_discarded()) {
        reader.AddProblem("body must be defined");
    }
    reader.ThrowIfInvalid(context.request.method, context.requested_path);
}

}  // namespace stackd::api::v1
