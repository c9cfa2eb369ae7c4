#include "support/backends.hpp"

#include <cstdlib>

#include "storage/open_store.hpp"
#include "support/scratch_database.hpp"

namespace stackd::testing {

std::vector<std::string> ConfiguredBackends() {
    // Both are always listed: ctest discovers tests at build time, before the run has
    // started its PostgreSQL. A run without one skips the postgres cases (see
    // RequireBackend), except under CI=true where that is a failure.
    return {"sqlite", "postgres"};
}

std::optional<std::string> MissingBackendReason(const std::string& backend) {
    if (backend != "postgres") {
        return std::nullopt;
    }
    if (const char* url = std::getenv("STACKD_TEST_DATABASE_URL"); url && *url) {
        return std::nullopt;
    }
    return std::string("STACKD_TEST_DATABASE_URL is not set (scripts/test starts a throwaway PostgreSQL)");
}

bool MissingBackendIsFatal() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && std::string(ci) == "true";
}

std::unique_ptr<storage::Store> OpenTestStore(const std::string& backend, const std::string& data_dir) {
    if (backend == "postgres") {
        return storage::OpenStore(CreateScratchDatabase(NewScratchDatabaseName()), data_dir, 8);
    }
    return storage::OpenStore("", data_dir, 8);
}

}  // namespace stackd::testing
