#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace stackd::storage {

// One SQL parameter or column value. Times are int64 epoch millis, booleans 0/1, JSON
// documents text: the same representation on SQLite and PostgreSQL.
using Value = std::variant<std::monostate, int64_t, double, std::string>;
using Params = std::vector<Value>;

inline Value Null() { return std::monostate{}; }

// One result row. Accessors throw StorageError on a type the schema does not allow,
// which is a bug in our SQL, not bad input.
class Row {
public:
    explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
    bool IsNull(size_t column) const;
    int64_t Int(size_t column) const;
    bool Bool(size_t column) const { return Int(column) != 0; }
    const std::string& Text(size_t column) const;
    std::optional<std::string> OptText(size_t column) const;
    std::optional<int64_t> OptInt(size_t column) const;
    size_t size() const { return values_.size(); }

private:
    std::vector<Value> values_;
};

using Rows = std::vector<Row>;

// Infrastructure failure (connection lost, disk full, corrupt database). Expected
// outcomes such as "not found" or "duplicate key" are return values, not this.
class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A unique or primary-key constraint rejected a write. Repositories turn it into the
// domain's meaning (e.g. "email already used").
class UniqueViolation : public StorageError {
public:
    using StorageError::StorageError;
};

enum class Dialect { kSqlite, kPostgres };

// A connection handed out for the duration of one callback. SQL uses `$1`-style
// placeholders, which both backends accept; statements are prepared once per
// connection and cached by their text.
class Connection {
public:
    virtual ~Connection() = default;
    virtual Rows Query(std::string_view sql, const Params& params = {}) = 0;
    // Runs a statement and returns the number of rows it changed.
    virtual int64_t Execute(std::string_view sql, const Params& params = {}) = 0;
    virtual Dialect dialect() const = 0;

    std::optional<Row> QueryOne(std::string_view sql, const Params& params = {});
};

// The storage backend. Implementations MUST be thread-safe: handlers on every worker
// thread call Read and Write concurrently.
class Store {
public:
    virtual ~Store() = default;

    // Runs `work` on a read connection (a reader of the pool; may be a replica later).
    virtual void Read(const std::function<void(Connection&)>& work) = 0;
    // Runs `work` inside one transaction: committed when it returns, rolled back when it
    // throws (the exception propagates), so a failed request never leaves a partial write.
    virtual void Write(const std::function<void(Connection&)>& work) = 0;

    // Applies the embedded migrations not yet recorded in schema_migrations.
    virtual void Migrate() = 0;
    virtual Dialect dialect() const = 0;

    // A number that grows with every write transaction this store ends, for caches of what
    // it read (GenerationCache): take it before a read, and the result is current for as
    // long as the number has not moved. nullopt when writers outside this process exist
    // (PostgreSQL serves many stackd nodes), so nothing may be cached that way.
    virtual std::optional<uint64_t> WriteGeneration() const { return std::nullopt; }

    template <typename Fn>
    auto ReadValue(Fn&& fn) {
        std::optional<decltype(fn(std::declval<Connection&>()))> result;
        Read([&](Connection& connection) { result.emplace(fn(connection)); });
        return std::move(*result);
    }
    template <typename Fn>
    auto WriteValue(Fn&& fn) {
        std::optional<decltype(fn(std::declval<Connection&>()))> result;
        Write([&](Connection& connection) { result.emplace(fn(connection)); });
        return std::move(*result);
    }
};

}  // namespace stackd::storage
