#include "util/logging.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>

#include <unistd.h>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace stackd::util {
namespace {

constexpr auto kAccessLogFlushInterval = std::chrono::milliseconds(100);
constexpr size_t kBufferBytes = 64 * 1024;
constexpr const char* kPattern = "%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v";

// Formats into stderr's stdio buffer; `flush_each_line` writes the buffer (with any access
// lines queued before it, in order) to the descriptor after every line.
class StderrSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit StderrSink(bool flush_each_line) : flush_each_line_(flush_each_line) {}

protected:
    void sink_it_(const spdlog::details::log_msg& message) override {
        spdlog::memory_buf_t formatted;
        formatter_->format(message, formatted);
        std::fwrite(formatted.data(), 1, formatted.size(), stderr);
        if (flush_each_line_) {
            std::fflush(stderr);
        }
    }
    void flush_() override { std::fflush(stderr); }

private:
    bool flush_each_line_;
};

// Flushes the access log on a short period, from its own thread.
class PeriodicFlusher {
public:
    PeriodicFlusher() : thread_([this] { Run(); }) {}
    ~PeriodicFlusher() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_one();
        thread_.join();
    }

private:
    void Run() {
        std::unique_lock lock(mutex_);
        while (!wake_.wait_for(lock, kAccessLogFlushInterval, [this] { return stopping_; })) {
            AccessLog().flush();
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

std::shared_ptr<spdlog::logger> access_log;

std::shared_ptr<spdlog::logger> MakeLogger(const char* name, bool buffered) {
    std::shared_ptr<spdlog::logger> logger;
    if (isatty(STDERR_FILENO) == 1) {
        logger = spdlog::stderr_color_mt(name);
    } else {
        logger = std::make_shared<spdlog::logger>(name, std::make_shared<StderrSink>(!buffered));
    }
    logger->set_pattern(kPattern, spdlog::pattern_time_type::utc);
    return logger;
}

}  // namespace

void ConfigureLogging() {
    if (isatty(STDERR_FILENO) != 1) {
        std::setvbuf(stderr, nullptr, _IOFBF, kBufferBytes);
    }
    spdlog::set_default_logger(MakeLogger("stackd", false));
    access_log = MakeLogger("access", true);
    static PeriodicFlusher flusher;
}

spdlog::logger& AccessLog() {
    // Before ConfigureLogging (unit tests), access lines go to the default logger.
    return access_log ? *access_log : *spdlog::default_logger();
}

void FlushLogs() {
    AccessLog().flush();
    spdlog::default_logger()->flush();
}

}  // namespace stackd::util
