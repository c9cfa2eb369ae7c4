#include "support/backends.hpp"

#include <cstdlib>

#include "storage/open_store.hpp"

namespace stackd::testing {

std::vector<std::string> ConfiguredBackends() {
    std::vector<std::string> backends = {"sqlite"};
    if (const char* url = std::getenv("STACKD_TEST_DATABASE_URL"); url && *url) {
        backends.emplace_back("postgres");
    }
    return backends;
}

std::unique_ptr<storage::Store> OpenTestStore(const std::string& backend, const std::string& data_dir) {
    if (backend == "postgres") {
        return storage::OpenStore(std::getenv("STACKD_TEST_DATABASE_URL"), data_dir, 8);
    }
    return storage::OpenStore("", data_dir, 8);
}

}  // namespace stackd::testing
