#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/store.hpp"

namespace stackd::testing {

// "sqlite", plus "postgres" when STACKD_TEST_DATABASE_URL is set.
std::vector<std::string> ConfiguredBackends();
std::unique_ptr<storage::Store> OpenTestStore(const std::string& backend, const std::string& data_dir);

}  // namespace stackd::testing
