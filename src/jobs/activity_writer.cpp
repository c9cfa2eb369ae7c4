#include "jobs/activity_writer.hpp"

#include <spdlog/spdlog.h>

namespace stackd::jobs {

ActivityWriter::ActivityWriter(storage::Store& store) : store_(store), thread_([this] { Run(); }) {}

ActivityWriter::~ActivityWriter() { Stop(); }

void ActivityWriter::Record(const std::string& tenancy_id, const std::string& session_id, const std::string& user_id,
                            int64_t now_ms, nlohmann::json ip_info) {
    std::lock_guard lock(mutex_);
    pending_[{tenancy_id, session_id}] = Activity{user_id, now_ms, std::move(ip_info)};
}

void ActivityWriter::Flush() {
    std::unique_lock lock(mutex_);
    const uint64_t target = generation_ + 1;
    flush_requested_ = true;
    wake_.notify_one();
    flushed_.wait(lock, [&] { return generation_ >= target || stopping_; });
}

void ActivityWriter::Stop() {
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

void ActivityWriter::Run() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait_for(lock, kFlushInterval, [&] { return stopping_ || flush_requested_; });
        const bool stopping = stopping_;
        flush_requested_ = false;
        std::map<Key, Activity> batch;
        batch.swap(pending_);
        lock.unlock();
        if (!batch.empty()) {
            Write(batch);
        }
        lock.lock();
        ++generation_;
        flushed_.notify_all();
        if (stopping) {
            return;
        }
    }
}

void ActivityWriter::Write(const std::map<Key, Activity>& batch) {
    try {
        store_.Write([&](storage::Connection& db) {
            for (const auto& [key, activity] : batch) {
                // A session deleted meanwhile simply matches no row.
                db.Execute(
                    "UPDATE refresh_tokens SET last_active_at = $3, last_active_ip_info = $4 WHERE tenancy_id = $1 "
                    "AND id = $2 AND last_active_at < $3",
                    {key.first, key.second, activity.at_ms,
                     activity.ip_info.is_null() ? storage::Null() : storage::Value(activity.ip_info.dump())});
                db.Execute(
                    "UPDATE users SET last_active_at = $3 WHERE tenancy_id = $1 AND id = $2 AND last_active_at < $3",
                    {key.first, activity.user_id, activity.at_ms});
            }
        });
    } catch (const std::exception& error) {
        spdlog::error("session activity batch of {} lost: {}", batch.size(), error.what());
    }
}

}  // namespace stackd::jobs
