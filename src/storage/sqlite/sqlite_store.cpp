#include "storage/sqlite/sqlite_store.hpp"

#include <unordered_map>

#include <fmt/format.h>
#include <sqlite3.h>

#include "storage/migrator.hpp"

namespace stackd::storage::sqlite {

class SqliteConnection final : public Connection {
public:
    SqliteConnection(const std::string& path, bool read_only) {
        const int flags = (read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) |
                          SQLITE_OPEN_NOMUTEX;
        if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
            const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            throw StorageError(fmt::format("cannot open SQLite database {}: {}", path, message));
        }
        sqlite3_busy_timeout(db_, 5000);
        if (!read_only) {
            Exec("PRAGMA journal_mode=WAL");
        }
        Exec("PRAGMA synchronous=NORMAL");
        Exec("PRAGMA foreign_keys=ON");
        // Pages are read through a shared memory map instead of a pread() and a copy per page
        // (each connection's own page cache is only 2 MB): scans such as /internal/metrics
        // on a large project spent most of their time in those system calls.
        Exec("PRAGMA mmap_size=1073741824");
    }

    ~SqliteConnection() override {
        for (auto& [sql, statement] : statements_) {
            sqlite3_finalize(statement);
        }
        sqlite3_close(db_);
    }

    Rows Query(std::string_view sql, const Params& params) override {
        sqlite3_stmt* statement = Prepare(sql, params);
        Rows rows;
        while (true) {
            const int rc = sqlite3_step(statement);
            if (rc == SQLITE_DONE) {
                break;
            }
            if (rc != SQLITE_ROW) {
                Fail(statement, rc);
            }
            const int columns = sqlite3_column_count(statement);
            std::vector<Value> values;
            values.reserve(static_cast<size_t>(columns));
            for (int column = 0; column < columns; ++column) {
                values.push_back(ColumnValue(statement, column));
            }
            rows.emplace_back(std::move(values));
        }
        sqlite3_reset(statement);
        return rows;
    }

    int64_t Execute(std::string_view sql, const Params& params) override {
        sqlite3_stmt* statement = Prepare(sql, params);
        int rc;
        while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
        }
        if (rc != SQLITE_DONE) {
            Fail(statement, rc);
        }
        sqlite3_reset(statement);
        return sqlite3_changes64(db_);
    }

    Dialect dialect() const override { return Dialect::kSqlite; }

    void Exec(const char* sql) {
        char* error = nullptr;
        if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
            const std::string message = error ? error : "unknown error";
            sqlite3_free(error);
            throw StorageError(fmt::format("SQLite: {} ({})", message, sql));
        }
    }

private:
    sqlite3_stmt* Prepare(std::string_view sql, const Params& params) {
        auto found = statements_.find(std::string(sql));
        sqlite3_stmt* statement = nullptr;
        if (found != statements_.end()) {
            statement = found->second;
        } else {
            if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                   &statement, nullptr) != SQLITE_OK) {
                throw StorageError(fmt::format("SQLite prepare failed: {} in: {}", sqlite3_errmsg(db_), sql));
            }
            statements_.emplace(std::string(sql), statement);
        }
        sqlite3_clear_bindings(statement);
        for (size_t index = 0; index < params.size(); ++index) {
            // `$N` placeholders are named parameters to SQLite; resolve each by name so a
            // statement may use them in any order or more than once.
            const std::string name = fmt::format("${}", index + 1);
            const int position = sqlite3_bind_parameter_index(statement, name.c_str());
            if (position == 0) {
                continue;
            }
            Bind(statement, position, params[index]);
        }
        return statement;
    }

    static void Bind(sqlite3_stmt* statement, int position, const Value& value) {
        if (std::holds_alternative<std::monostate>(value)) {
            sqlite3_bind_null(statement, position);
        } else if (const auto* number = std::get_if<int64_t>(&value)) {
            sqlite3_bind_int64(statement, position, *number);
        } else if (const auto* real = std::get_if<double>(&value)) {
            sqlite3_bind_double(statement, position, *real);
        } else {
            const auto& text = std::get<std::string>(value);
            sqlite3_bind_text(statement, position, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
        }
    }

    static Value ColumnValue(sqlite3_stmt* statement, int column) {
        switch (sqlite3_column_type(statement, column)) {
            case SQLITE_NULL:
                return std::monostate{};
            case SQLITE_INTEGER:
                return static_cast<int64_t>(sqlite3_column_int64(statement, column));
            case SQLITE_FLOAT:
                return sqlite3_column_double(statement, column);
            default: {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
                return std::string(text, static_cast<size_t>(sqlite3_column_bytes(statement, column)));
            }
        }
    }

    [[noreturn]] void Fail(sqlite3_stmt* statement, int rc) {
        const std::string message = sqlite3_errmsg(db_);
        const int extended = sqlite3_extended_errcode(db_);
        sqlite3_reset(statement);
        if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
            throw UniqueViolation(message);
        }
        throw StorageError(fmt::format("SQLite error {}: {}", rc, message));
    }

    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

SqliteStore::SqliteStore(const std::string& path, size_t reader_count) {
    writer_ = std::make_unique<SqliteConnection>(path, false);
    for (size_t index = 0; index < reader_count; ++index) {
        readers_.push_back(std::make_unique<SqliteConnection>(path, true));
        idle_readers_.push_back(readers_.back().get());
    }
}

SqliteStore::~SqliteStore() = default;

void SqliteStore::Read(const std::function<void(Connection&)>& work) {
    SqliteConnection* connection = nullptr;
    {
        std::unique_lock lock(readers_mutex_);
        reader_available_.wait(lock, [this] { return !idle_readers_.empty(); });
        connection = idle_readers_.back();
        idle_readers_.pop_back();
    }
    struct Release {
        SqliteStore* store;
        SqliteConnection* connection;
        ~Release() {
            {
                std::lock_guard lock(store->readers_mutex_);
                store->idle_readers_.push_back(connection);
            }
            store->reader_available_.notify_one();
        }
    } release{this, connection};
    work(*connection);
}

void SqliteStore::Write(const std::function<void(Connection&)>& work) {
    std::lock_guard lock(writer_mutex_);
    // Moves after the transaction ends, committed or not: a cached read taken under the old
    // number may predate the commit. (A read that overlaps the commit is tagged with the old
    // number and so never outlives it.)
    struct BumpGeneration {
        std::atomic<uint64_t>& generation;
        ~BumpGeneration() { generation.fetch_add(1, std::memory_order_release); }
    } bump{write_generation_};
    writer_->Exec("BEGIN IMMEDIATE");
    try {
        work(*writer_);
    } catch (...) {
        writer_->Exec("ROLLBACK");
        throw;
    }
    writer_->Exec("COMMIT");
}

void SqliteStore::Migrate() {
    ApplyMigrations(*this, Dialect::kSqlite);
}

}  // namespace stackd::storage::sqlite
