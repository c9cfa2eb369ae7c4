#pragma once

#include "api/dispatcher.hpp"

namespace stackd::api::v1 {

// /projects/current (client read shape for every access type).
void RegisterProjects(Dispatcher& dispatcher);

}  // namespace stackd::api::v1
