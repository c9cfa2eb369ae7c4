#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/store.hpp"

namespace stackd::storage::sqlite {

class SqliteConnection;

// The embedded backend: one database file in WAL mode, one writer connection
// (SQLite allows a single writer; serialising here avoids SQLITE_BUSY storms) and a
// pool of reader connections that run concurrently with it.
class SqliteStore final : public Store {
public:
    // `path` is a file path, or ":memory:" style URIs are refused: readers need a file.
    SqliteStore(const std::string& path, size_t reader_count);
    ~SqliteStore() override;

    void Read(const std::function<void(Connection&)>& work) override;
    void Write(const std::function<void(Connection&)>& work) override;
    void Migrate() override;
    Dialect dialect() const override { return Dialect::kSqlite; }
    // The embedded database has one writer, this process's Write (see README: a data
    // directory belongs to one stackd process).
    std::optional<uint64_t> WriteGeneration() const override {
        return write_generation_.load(std::memory_order_acquire);
    }

private:
    std::atomic<uint64_t> write_generation_{0};
    std::unique_ptr<SqliteConnection> writer_;
    std::mutex writer_mutex_;

    std::vector<std::unique_ptr<SqliteConnection>> readers_;
    std::vector<SqliteConnection*> idle_readers_;
    std::mutex readers_mutex_;
    std::condition_variable reader_available_;
};

}  // namespace stackd::storage::sqlite
