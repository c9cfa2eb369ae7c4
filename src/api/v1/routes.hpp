#pragma once

#include "api/dispatcher.hpp"

namespace stackd::api::v1 {

// The only list of /api/v1 route groups.
void RegisterAll(Dispatcher& dispatcher);

}  // namespace stackd::api::v1
