#include "jobs/polling_loop.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

namespace stackd::jobs {

void PollingLoop::Start(std::string name, int64_t poll_interval_ms, std::function<size_t()> pass) {
    if (thread_.joinable()) {
        return;
    }
    name_ = std::move(name);
    poll_interval_ms_ = poll_interval_ms;
    pass_ = std::move(pass);
    stopping_ = false;
    thread_ = std::thread([this] { Run(); });
}

void PollingLoop::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

bool PollingLoop::Stopping() const {
    std::lock_guard lock(mutex_);
    return stopping_;
}

void PollingLoop::Run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        size_t handled = 0;
        try {
            handled = pass_();
        } catch (const std::exception& error) {
            spdlog::error("{}: {}", name_, error.what());
        }
        lock.lock();
        if (handled == 0 && !stopping_) {
            wake_.wait_for(lock, std::chrono::milliseconds(poll_interval_ms_));
        }
    }
}

}  // namespace stackd::jobs
