#pragma once

#include "api/dispatcher.hpp"

namespace stackd::api::v1 {

// GET /api/v1: upstream's greeting with a summary of how the request authenticated.
void RegisterRoot(Dispatcher& dispatcher);

}  // namespace stackd::api::v1
