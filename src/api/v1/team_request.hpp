#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/route.hpp"
#include "api/v1/schema/fields.hpp"
#include "domain/team.hpp"

namespace stackd::api::v1 {

// Request helpers shared by the team and permission route groups.

domain::Caller CallerOf(const RequestAuth& auth);
bool RequireEmailVerification(const RequestAuth& auth);


// Path parameters as upstream's schemas read them; a bad value is a SCHEMA_ERROR.
std::string TeamIdParam(const RouteContext& context);
std::string UserIdParam(const RouteContext& context);  // uuid or "me"
std::string PermissionIdParam(const RouteContext& context);

// Optional `user_id` (uuid|me) from a reader; nullopt when absent.
// `path` is the reader's own ("query" or "body").
std::optional<std::string> ReadUserIdOrMe(const RouteContext& context, schema::ObjectReader& reader,
                                          const std::string& path, const std::string& key);
// Optional generic permission id (`^\$?[a-z0-9_:]+$`, system ids only with `$`).
std::optional<std::string> ReadPermissionId(schema::ObjectReader& reader, const std::string& key);

// A create body with no fields: upstream still needs a JSON object.
void RequireEmptyObjectBody(const RouteContext& context);

}  // namespace stackd::api::v1
