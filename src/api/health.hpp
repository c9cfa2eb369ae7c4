#pragma once

#include "api/dispatcher.hpp"
#include "storage/store.hpp"

namespace stackd::api {

// GET /health, and /health?db=1 which also proves the database answers.
void RegisterHealth(Dispatcher& dispatcher, storage::Store& store);

}  // namespace stackd::api
