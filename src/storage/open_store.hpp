#pragma once

#include <memory>
#include <string>

#include "storage/store.hpp"

namespace stackd::storage {

// Chooses the backend: a postgres:// or postgresql:// connection string selects
// PostgreSQL; otherwise the embedded SQLite database `stackd.db` in `data_dir`.
std::unique_ptr<Store> OpenStore(const std::string& connection_string, const std::string& data_dir,
                                 size_t pool_size);

}  // namespace stackd::storage
