#include "jobs/event_writer.hpp"

#include <spdlog/spdlog.h>

#include "crypto/random.hpp"

namespace stackd::jobs {
namespace {

storage::Value TextAt(const nlohmann::json& object, const char* key) {
    if (object.is_object()) {
        const auto found = object.find(key);
        if (found != object.end() && found->is_string()) {
            return found->get<std::string>();
        }
    }
    return storage::Null();
}

storage::Value FlagAt(const nlohmann::json& object, const char* key) {
    if (object.is_object()) {
        const auto found = object.find(key);
        if (found != object.end() && found->is_boolean()) {
            return int64_t{found->get<bool>() ? 1 : 0};
        }
    }
    return storage::Null();
}

const nlohmann::json& IpInfoOf(const nlohmann::json& data) {
    static const nlohmann::json kNone;
    if (data.is_object()) {
        const auto found = data.find("ipInfo");
        if (found != data.end()) {
            return *found;
        }
    }
    return kNone;
}

}  // namespace

EventWriter::EventWriter(storage::Store& store, const util::Clock& clock)
    : store_(store), clock_(clock), thread_([this] { Run(); }) {}

EventWriter::~EventWriter() { Stop(); }

void EventWriter::Record(std::optional<std::string> tenancy_id, std::string event_type, nlohmann::json data) {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= kMaxQueued) {
        ++dropped_;
        return;
    }
    queue_.push_back({std::move(tenancy_id), std::move(event_type), std::move(data), clock_.NowMillis()});
    ++enqueued_;
    if (queue_.size() >= kBatchSize) {
        wake_.notify_one();
    }
}

void EventWriter::Flush() {
    std::unique_lock lock(mutex_);
    const uint64_t target = enqueued_;
    wake_.notify_one();
    flushed_.wait(lock, [&] { return written_ >= target || stopping_; });
}

void EventWriter::Stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {
            return;
        }
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) {
        thread_.join();
    }
}

uint64_t EventWriter::dropped() const {
    std::lock_guard lock(mutex_);
    return dropped_;
}

void EventWriter::Run() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait_for(lock, kFlushInterval, [&] { return stopping_ || queue_.size() >= kBatchSize; });
        const bool stopping = stopping_;
        while (!queue_.empty()) {
            std::deque<Event> batch;
            const size_t count = std::min(queue_.size(), kBatchSize);
            for (size_t index = 0; index < count; ++index) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
            lock.unlock();
            WriteBatch(batch);
            lock.lock();
            written_ += count;
        }
        flushed_.notify_all();
        if (stopping) {
            return;
        }
    }
}

void EventWriter::WriteBatch(std::deque<Event>& batch) {
    try {
        store_.Write([&](storage::Connection& db) {
            for (const auto& event : batch) {
                const auto& ip_info = IpInfoOf(event.data);
                db.Execute(
                    "INSERT INTO events (id, tenancy_id, event_type, data, created_at, user_id, team_id, "
                    "is_anonymous, country_code, region_code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    {crypto::RandomUuidV7(event.created_at_ms),
                     event.tenancy_id ? storage::Value(*event.tenancy_id) : storage::Null(), event.event_type,
                     event.data.dump(), event.created_at_ms, TextAt(event.data, "userId"),
                     TextAt(event.data, "teamId"), FlagAt(event.data, "isAnonymous"),
                     TextAt(ip_info, "countryCode"), TextAt(ip_info, "regionCode")});
            }
        });
    } catch (const std::exception& error) {
        // Analytics must never take a request down; the batch is lost and logged.
        spdlog::error("event batch of {} lost: {}", batch.size(), error.what());
    }
}

}  // namespace stackd::jobs
