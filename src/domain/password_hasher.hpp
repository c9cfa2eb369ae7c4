#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace stackd::domain {

// bcrypt on its own bounded pool (one thread per core): a sign-in storm saturates this
// pool and queues here, while refreshes and reads keep their worker threads and latency.
class PasswordHasher {
public:
    explicit PasswordHasher(size_t threads);
    ~PasswordHasher();

    // "$2b$10$..." for a new password (bcrypt cost 10, interchangeable with upstream).
    std::string Hash(const std::string& password);
    // False for a wrong password or a hash that is not well-formed bcrypt.
    bool Verify(const std::string& password, const std::string& hash);
    // Burns the time of one verification, so unknown emails answer as slowly as known ones.
    void VerifyDummy(const std::string& password);

private:
    void Run(const std::function<void()>& job);
    void WorkerLoop();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace stackd::domain
