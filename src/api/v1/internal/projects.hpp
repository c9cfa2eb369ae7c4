#pragma once

#include <memory>

#include "api/dispatcher.hpp"
#include "domain/admin_projects.hpp"

namespace stackd::api::v1::internal {

// /internal/projects (a signed-in internal-project user lists and creates the projects of
// their teams) and /internal/projects/current (admin read, update, delete), platform.md §1.7.
void RegisterProjects(Dispatcher& dispatcher, std::shared_ptr<domain::AdminProjectService> projects);

}  // namespace stackd::api::v1::internal
