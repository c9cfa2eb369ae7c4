#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::jobs {

struct Event {
    std::optional<std::string> tenancy_id;
    std::string event_type;  // upstream's names, e.g. "$token-refresh"
    nlohmann::json data;
    int64_t created_at_ms = 0;
};

// Appends analytics events in batches. The keys "userId", "teamId", "isAnonymous" and
// "ipInfo.countryCode"/"ipInfo.regionCode" of an event's data are also stored as indexed
// columns of the events table (what /internal/metrics aggregates on), so a producer that
// wants its events counted per user (e.g. page views) puts the user's id under "userId".
// The hot path (e.g. a token refresh) pays one queue push; a background thread inserts
// every kFlushInterval or kBatchSize events in one transaction. A crash loses at most the events not yet flushed (≤ one interval).
class EventWriter {
public:
    static constexpr auto kFlushInterval = std::chrono::milliseconds(100);
    static constexpr size_t kBatchSize = 1000;
    // Beyond this backlog new events are dropped (and counted) rather than growing memory
    // without bound while the database is down.
    static constexpr size_t kMaxQueued = 100000;

    EventWriter(storage::Store& store, const util::Clock& clock);
    ~EventWriter();

    void Record(std::optional<std::string> tenancy_id, std::string event_type, nlohmann::json data);
    // Writes everything queued so far before returning (tests, shutdown).
    void Flush();
    void Stop();
    uint64_t dropped() const;

private:
    void Run();
    void WriteBatch(std::deque<Event>& batch);

    storage::Store& store_;
    const util::Clock& clock_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable flushed_;
    std::deque<Event> queue_;
    uint64_t enqueued_ = 0;
    uint64_t written_ = 0;
    uint64_t dropped_ = 0;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace stackd::jobs
