#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/store.hpp"

namespace stackd::storage::postgres {

class PgConnection;

// The PostgreSQL backend: a bounded pool of libpq connections, each with its own cache
// of prepared statements. Connections are opened lazily up to `max_connections`; a
// caller that finds the pool exhausted waits up to kAcquireTimeout, then gets a
// StorageError (a clean 500) instead of queueing without bound.
class PgStore final : public Store {
public:
    PgStore(std::string connection_string, size_t max_connections);
    ~PgStore() override;

    void Read(const std::function<void(Connection&)>& work) override;
    void Write(const std::function<void(Connection&)>& work) override;
    void Migrate() override;
    Dialect dialect() const override { return Dialect::kPostgres; }

    static constexpr std::chrono::seconds kAcquireTimeout{10};
    // Transactions that lose a serialization race or a deadlock are re-run this often.
    static constexpr int kMaxTransactionAttempts = 5;

private:
    std::unique_ptr<PgConnection> Acquire();
    void Release(std::unique_ptr<PgConnection> connection);

    std::string connection_string_;
    size_t max_connections_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<PgConnection>> idle_;
    size_t open_count_ = 0;
};

}  // namespace stackd::storage::postgres
