#include "domain/password_hasher.hpp"

#include <future>

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include "crypto/password.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

// A valid cost-10 hash of a random string nobody knows: verifying against it costs what a
// real verification costs.
const std::string& DummyHash() {
    static const std::string kHash = *crypto::HashPassword("stackd dummy password for timing");
    return kHash;
}

// Hashing threads run at a lower CPU priority (nice +5: about a third of a normal thread's
// weight). A storm of sign-ins then takes mostly the CPU that reads and refreshes leave idle:
// the scheduler preempts bcrypt when a request thread wakes, instead of sharing the cores
// evenly with it. +10 was measured too: no better for reads under a storm, while any other
// load on the machine then came out of the sign-in rate (bench/README.md). Linux applies
// nice per thread.
constexpr int kHashingNice = 5;

void LowerThisThreadPriority() {
    // SCHED_BATCH (no privileges needed) marks the thread CPU-bound: it never preempts a
    // request thread on wakeup, while the nice weight still gives it a fair share. Best
    // effort: failure leaves the thread at normal priority, which is only slower reads.
    const sched_param no_priority{};
    (void)pthread_setschedparam(pthread_self(), SCHED_BATCH, &no_priority);
    (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kHashingNice);
}

}  // namespace

PasswordHasher::PasswordHasher(size_t threads) {
    for (size_t index = 0; index < std::max<size_t>(1, threads); ++index) {
        threads_.emplace_back([this] { WorkerLoop(); });
    }
}

PasswordHasher::~PasswordHasher() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& thread : threads_) {
        thread.join();
    }
}

void PasswordHasher::WorkerLoop() {
    LowerThisThreadPriority();
    while (true) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) {
                return;
            }
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        job();
    }
}

void PasswordHasher::Run(const std::function<void()>& job) {
    std::packaged_task<void()> task(job);
    auto done = task.get_future();
    {
        std::lock_guard lock(mutex_);
        jobs_.emplace_back([&task] { task(); });
    }
    wake_.notify_one();
    done.get();  // rethrows what the job threw
}

std::string PasswordHasher::Hash(const std::string& password) {
    std::optional<std::string> hash;
    Run([&] { hash = crypto::HashPassword(password); });
    if (!hash) {
        // bcrypt reads 72 bytes at most: longer passwords (possible within 70 characters of
        // multi-byte text) are refused rather than silently truncated.
        throw errors::KnownError::Formatted(errors::ErrorCode::kPasswordTooLong, {{"maxLength", 70}}, 70);
    }
    return *hash;
}

bool PasswordHasher::Verify(const std::string& password, const std::string& hash) {
    bool ok = false;
    Run([&] { ok = crypto::VerifyPassword(password, hash); });
    return ok;
}

void PasswordHasher::VerifyDummy(const std::string& password) {
    const std::string& hash = DummyHash();
    Run([&] { (void)crypto::VerifyPassword(password, hash); });
}

}  // namespace stackd::domain
