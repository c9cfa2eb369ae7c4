#pragma once

#include <string>

#include "api/dispatcher.hpp"
#include "domain/permission_service.hpp"

namespace stackd::api::v1 {

// The four admin routes of a permission-definition collection (resources.md §8, §10):
// team and project definitions differ only in scope and path.
void RegisterPermissionDefinitionRoutes(Dispatcher& dispatcher, domain::PermissionService& permissions,
                                        domain::permissions::Scope scope, const std::string& collection_path);

}  // namespace stackd::api::v1
