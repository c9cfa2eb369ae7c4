#pragma once

#include <string>

#include "api/route.hpp"

namespace stackd::api::v1 {

// Upstream's `uuid|me` fields: "me" becomes the access token's user
// (CANNOT_GET_OWN_USER_WITHOUT_USER without one); anything else must be a UUID.
// `field_path` names the field in SCHEMA_ERROR text (e.g. "query.user_id").
std::string ResolveUserIdParam(const RouteContext& context, const std::string& value, const std::string& field_path);

}  // namespace stackd::api::v1
