#include "jobs/event_writer.hpp"

#include <spdlog/spdlog.h>

#include "crypto/random.hpp"

namespace stackd::jobs {

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
                db.Execute(
                    "INSERT INTO events (id, tenancy_id, event_type, data, created_at) VALUES ($1, $2, $3, $4, $5)",
                    {crypto::RandomUuidV4(),
                     event.tenancy_id ? storage::Value(*event.tenancy_id) : storage::Null(), event.event_type,
                     event.data.dump(), event.created_at_ms});
            }
        });
    } catch (const std::exception& error) {
        // Analytics must never take a request down; the batch is lost and logged.
        spdlog::error("event batch of {} lost: {}", batch.size(), error.what());
    }
}

}  // namespace stackd::jobs
