#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace stackd::jobs {

// The thread behind each outbox worker: runs `pass` again at once while it finds work,
// otherwise every `poll_interval_ms`, until Stop(). An exception from a pass (a storage
// hiccup) is logged and the loop goes on: delivery must not end because of one.
class PollingLoop {
public:
    ~PollingLoop() { Stop(); }

    void Start(std::string name, int64_t poll_interval_ms, std::function<size_t()> pass);
    // Lets the current pass finish, then joins the thread.
    void Stop();
    // True once Stop() was called: a pass checks it between items.
    bool Stopping() const;

private:
    void Run();

    std::string name_;
    int64_t poll_interval_ms_ = 0;
    std::function<size_t()> pass_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace stackd::jobs
