#pragma once

#include <string>
#include <vector>

#include "storage/store.hpp"

namespace stackd::storage {

struct EmbeddedMigration {
    std::string dialect;  // "sqlite" or "postgres"
    std::string name;     // "0001_create_core.sql": the number orders them
    std::string sql;
};

// Generated at build time from src/storage/migrations/<dialect>/*.sql.
const std::vector<EmbeddedMigration>& AllEmbeddedMigrations();

// Applies, in one transaction each, the migrations of `dialect` that schema_migrations
// does not list yet. Returns how many were applied.
int ApplyMigrations(Store& store, Dialect dialect);

}  // namespace stackd::storage
