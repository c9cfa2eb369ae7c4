#include "storage/postgres/pg_store.hpp"

#include <cstring>
#include <unordered_map>

#include <fmt/format.h>
#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include "storage/migrator.hpp"

namespace stackd::storage::postgres {
namespace {

// Type OIDs from pg_type.h (not installed by libpq-dev): the ones we map to numbers.
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

// SQLSTATEs we give a meaning to.
constexpr const char* kUniqueViolation = "23505";
constexpr const char* kSerializationFailure = "40001";
constexpr const char* kDeadlockDetected = "40P01";

// A failed transaction that is safe to run again from the start.
class RetryableError : public StorageError {
public:
    using StorageError::StorageError;
};

// Connection loss: the connection is discarded instead of returning to the pool.
class ConnectionLost : public StorageError {
public:
    using StorageError::StorageError;
};

}  // namespace

class PgConnection final : public Connection {
public:
    explicit PgConnection(const std::string& connection_string) : conn_(PQconnectdb(connection_string.c_str())) {
        if (PQstatus(conn_) != CONNECTION_OK) {
            const std::string message = PQerrorMessage(conn_);
            PQfinish(conn_);
            throw ConnectionLost("cannot connect to PostgreSQL: " + message);
        }
        // Notices (e.g. "relation already exists, skipping") are not worth a log line each.
        PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
    }
    ~PgConnection() override { PQfinish(conn_); }

    bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

    Rows Query(std::string_view sql, const Params& params) override {
        PGresult* result = Run(sql, params);
        Rows rows;
        const int row_count = PQntuples(result);
        const int column_count = PQnfields(result);
        rows.reserve(static_cast<size_t>(row_count));
        for (int row = 0; row < row_count; ++row) {
            std::vector<Value> values;
            values.reserve(static_cast<size_t>(column_count));
            for (int column = 0; column < column_count; ++column) {
                values.push_back(ToValue(result, row, column));
            }
            rows.emplace_back(std::move(values));
        }
        PQclear(result);
        return rows;
    }

    int64_t Execute(std::string_view sql, const Params& params) override {
        PGresult* result = Run(sql, params);
        const char* tuples = PQcmdTuples(result);
        const int64_t changed = (tuples && *tuples) ? std::stoll(tuples) : 0;
        PQclear(result);
        return changed;
    }

    Dialect dialect() const override { return Dialect::kPostgres; }

    void Command(const char* sql) {
        PGresult* result = PQexec(conn_, sql);
        Check(result, sql);
        PQclear(result);
    }

private:
    PGresult* Run(std::string_view sql, const Params& params) {
        std::vector<std::string> texts(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        for (size_t index = 0; index < params.size(); ++index) {
            const Value& value = params[index];
            if (const auto* number = std::get_if<int64_t>(&value)) {
                texts[index] = std::to_string(*number);
            } else if (const auto* real = std::get_if<double>(&value)) {
                texts[index] = fmt::format("{}", *real);
            } else if (const auto* text = std::get_if<std::string>(&value)) {
                texts[index] = *text;
            } else {
                continue;  // NULL
            }
            values[index] = texts[index].c_str();
        }
        const std::string key(sql);
        auto found = statements_.find(key);
        if (found == statements_.end()) {
            // Prepared once per connection, then executed by name.
            const std::string name = fmt::format("s{}", statements_.size());
            PGresult* prepared = PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr);
            Check(prepared, key);
            PQclear(prepared);
            found = statements_.emplace(key, name).first;
        }
        PGresult* result = PQexecPrepared(conn_, found->second.c_str(), static_cast<int>(values.size()),
                                          values.data(), nullptr, nullptr, 0);
        Check(result, key);
        return result;
    }

    void Check(PGresult* result, std::string_view sql) {
        const ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
            return;
        }
        const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        const std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn_);
        const std::string code = state ? state : "";
        PQclear(result);
        if (!healthy()) {
            throw ConnectionLost("PostgreSQL connection lost: " + message);
        }
        if (code == kUniqueViolation) {
            throw UniqueViolation(message);
        }
        if (code == kSerializationFailure || code == kDeadlockDetected) {
            throw RetryableError(message);
        }
        throw StorageError(fmt::format("PostgreSQL error {}: {} in: {}", code, message, sql));
    }

    static Value ToValue(PGresult* result, int row, int column) {
        if (PQgetisnull(result, row, column)) {
            return std::monostate{};
        }
        const char* text = PQgetvalue(result, row, column);
        switch (PQftype(result, column)) {
            case kBoolOid:
                return int64_t{text[0] == 't' ? 1 : 0};
            case kInt2Oid:
            case kInt4Oid:
            case kInt8Oid:
                return static_cast<int64_t>(std::stoll(text));
            case kFloat4Oid:
            case kFloat8Oid:
            case kNumericOid:
                return std::stod(text);
            default:
                return std::string(text, static_cast<size_t>(PQgetlength(result, row, column)));
        }
    }

    PGconn* conn_;
    std::unordered_map<std::string, std::string> statements_;
};

PgStore::PgStore(std::string connection_string, size_t max_connections)
    : connection_string_(std::move(connection_string)), max_connections_(std::max<size_t>(2, max_connections)) {
    // At least two connections: Migrate() holds one for its lock while migrating on another.
    // Fail at startup, not on the first request, when the database is unreachable.
    Release(Acquire());
}

PgStore::~PgStore() = default;

std::unique_ptr<PgConnection> PgStore::Acquire() {
    std::unique_lock lock(mutex_);
    const auto deadline = std::chrono::steady_clock::now() + kAcquireTimeout;
    while (idle_.empty() && open_count_ >= max_connections_) {
        if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
            open_count_ >= max_connections_) {
            throw StorageError("PostgreSQL connection pool exhausted");
        }
    }
    if (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        return connection;
    }
    ++open_count_;
    lock.unlock();
    try {
        return std::make_unique<PgConnection>(connection_string_);
    } catch (...) {
        std::lock_guard relock(mutex_);
        --open_count_;
        available_.notify_one();
        throw;
    }
}

void PgStore::Release(std::unique_ptr<PgConnection> connection) {
    std::lock_guard lock(mutex_);
    if (connection && connection->healthy()) {
        idle_.push_back(std::move(connection));
    } else {
        --open_count_;  // a broken connection is dropped; the next Acquire opens a new one
    }
    available_.notify_one();
}

void PgStore::Read(const std::function<void(Connection&)>& work) {
    // Reads are idempotent: one retry on a fresh connection covers a server restart or
    // a connection the pool kept while PostgreSQL closed it.
    for (int attempt = 1;; ++attempt) {
        auto connection = Acquire();
        try {
            work(*connection);
            Release(std::move(connection));
            return;
        } catch (const ConnectionLost& lost) {
            Release(std::move(connection));
            if (attempt >= 2) {
                throw;
            }
            spdlog::warn("retrying a read after: {}", lost.what());
        } catch (...) {
            Release(std::move(connection));
            throw;
        }
    }
}

void PgStore::Write(const std::function<void(Connection&)>& work) {
    for (int attempt = 1;; ++attempt) {
        auto connection = Acquire();
        bool began = false;
        try {
            connection->Command("BEGIN");
            began = true;
            work(*connection);
            connection->Command("COMMIT");
            Release(std::move(connection));
            return;
        } catch (const RetryableError& conflict) {
            connection->Command("ROLLBACK");
            Release(std::move(connection));
            if (attempt >= kMaxTransactionAttempts) {
                throw StorageError(conflict.what());
            }
        } catch (const ConnectionLost& lost) {
            Release(std::move(connection));
            // Only a transaction that never started is known not to have committed.
            if (began || attempt >= 2) {
                throw;
            }
            spdlog::warn("retrying a transaction after: {}", lost.what());
        } catch (...) {
            if (connection->healthy()) {
                connection->Command("ROLLBACK");
            }
            Release(std::move(connection));
            throw;
        }
    }
}

void PgStore::Migrate() {
    // Several nodes may start at once: a session-level advisory lock on a dedicated
    // connection lets one migrate while the others wait, then find nothing to do.
    auto lock_connection = Acquire();
    constexpr const char* kLockKey = "7726617";  // arbitrary, fixed: "stackd migrations"
    lock_connection->Command((std::string("SELECT pg_advisory_lock(") + kLockKey + ")").c_str());
    try {
        ApplyMigrations(*this, Dialect::kPostgres);
    } catch (...) {
        lock_connection->Command((std::string("SELECT pg_advisory_unlock(") + kLockKey + ")").c_str());
        Release(std::move(lock_connection));
        throw;
    }
    lock_connection->Command((std::string("SELECT pg_advisory_unlock(") + kLockKey + ")").c_str());
    Release(std::move(lock_connection));
}

}  // namespace stackd::storage::postgres
