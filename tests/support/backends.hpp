#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/store.hpp"

namespace stackd::testing {

// Every backend: "sqlite" and "postgres".
std::vector<std::string> ConfiguredBackends();
// Why `backend` cannot run here (PostgreSQL without STACKD_TEST_DATABASE_URL), or nullopt.
std::optional<std::string> MissingBackendReason(const std::string& backend);
// Under CI=true a missing backend fails the test instead of skipping it.
bool MissingBackendIsFatal();
std::unique_ptr<storage::Store> OpenTestStore(const std::string& backend, const std::string& data_dir);

}  // namespace stackd::testing
