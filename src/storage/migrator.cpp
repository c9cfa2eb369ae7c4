#include "storage/migrator.hpp"

#include <ctime>

#include <spdlog/spdlog.h>

namespace stackd::storage {
namespace {

std::vector<std::string> SplitStatements(const std::string& sql) {
    // Migrations are plain DDL: statements end with ';' at the end of a line. Keeping
    // the split this simple means no semicolons inside string literals in migrations.
    std::vector<std::string> statements;
    std::string current;
    size_t start = 0;
    while (start < sql.size()) {
        size_t end = sql.find('\n', start);
        if (end == std::string::npos) {
            end = sql.size();
        }
        std::string line = sql.substr(start, end - start);
        start = end + 1;
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line.compare(first, 2, "--") == 0) {
            continue;
        }
        current += line + "\n";
        const auto last = line.find_last_not_of(" \t\r");
        if (line[last] == ';') {
            statements.push_back(current);
            current.clear();
        }
    }
    if (current.find_first_not_of(" \t\r\n") != std::string::npos) {
        statements.push_back(current);
    }
    return statements;
}

}  // namespace

int ApplyMigrations(Store& store, Dialect dialect) {
    const std::string dialect_name = dialect == Dialect::kSqlite ? "sqlite" : "postgres";
    store.Write([](Connection& connection) {
        connection.Execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)");
    });
    int applied = 0;
    for (const auto& migration : AllEmbeddedMigrations()) {
        if (migration.dialect != dialect_name) {
            continue;
        }
        store.Write([&](Connection& connection) {
            // Two nodes starting together on PostgreSQL both try; the primary key makes the
            // loser's transaction fail and roll back, and its retry sees the row.
            if (connection.QueryOne("SELECT name FROM schema_migrations WHERE name = $1", {migration.name})) {
                return;
            }
            for (const auto& statement : SplitStatements(migration.sql)) {
                connection.Execute(statement);
            }
            const int64_t now_ms = static_cast<int64_t>(std::time(nullptr)) * 1000;
            connection.Execute("INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)",
                               {migration.name, now_ms});
            ++applied;
            spdlog::info("applied migration {}", migration.name);
        });
    }
    return applied;
}

}  // namespace stackd::storage
