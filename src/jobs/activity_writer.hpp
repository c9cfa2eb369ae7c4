#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "storage/store.hpp"

namespace stackd::jobs {

// Records "this session and its user were just used" (last_active_at, the client's IP
// info) off the request path: a refresh only updates an in-memory map; a background
// thread writes the newest value per session every kFlushInterval in one transaction.
// Coalescing means a session refreshed 1,000 times a second costs one UPDATE per flush.
// A crash loses at most the last interval's activity timestamps, never a session.
class ActivityWriter {
public:
    static constexpr auto kFlushInterval = std::chrono::milliseconds(100);

    explicit ActivityWriter(storage::Store& store);
    ~ActivityWriter();

    void Record(const std::string& tenancy_id, const std::string& session_id, const std::string& user_id,
                int64_t now_ms, nlohmann::json ip_info);
    // Writes everything recorded so far (tests, shutdown).
    void Flush();
    void Stop();

private:
    struct Activity {
        std::string user_id;
        int64_t at_ms = 0;
        nlohmann::json ip_info;
    };
    using Key = std::pair<std::string, std::string>;  // tenancy, session

    void Run();
    void Write(const std::map<Key, Activity>& batch);

    storage::Store& store_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable flushed_;
    std::map<Key, Activity> pending_;
    uint64_t generation_ = 0;  // bumped by each completed flush
    bool flush_requested_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace stackd::jobs
