#include "storage/open_store.hpp"

#include <filesystem>

#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace stackd::storage {

std::unique_ptr<Store> OpenStore(const std::string& connection_string, const std::string& data_dir,
                                 size_t pool_size) {
    if (connection_string.rfind("postgres://", 0) == 0 || connection_string.rfind("postgresql://", 0) == 0) {
        return std::make_unique<postgres::PgStore>(connection_string, pool_size);
    }
    std::filesystem::create_directories(data_dir);
    return std::make_unique<sqlite::SqliteStore>((std::filesystem::path(data_dir) / "stackd.db").string(), pool_size);
}

}  // namespace stackd::storage
