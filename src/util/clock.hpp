#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace stackd::util {

// The injected time source. Everything that reads "now" takes a Clock& so tests can
// move time without sleeping.
class Clock {
public:
    virtual ~Clock() = default;
    virtual int64_t NowMillis() const = 0;
};

// Wall-clock time plus an adjustable offset. The offset is only ever changed by the
// test-mode clock endpoint (STACKD_TEST_MODE=1); in production it stays 0.
class SystemClock final : public Clock {
public:
    int64_t NowMillis() const override;
    void SetOffsetMillis(int64_t offset) { offset_ms_.store(offset); }
    int64_t OffsetMillis() const { return offset_ms_.load(); }

private:
    std::atomic<int64_t> offset_ms_{0};
};

// Formats epoch millis as ISO-8601 UTC with millisecond precision ("2026-01-02T03:04:05.678Z").
std::string FormatIso8601(int64_t epoch_ms);

}  // namespace stackd::util
