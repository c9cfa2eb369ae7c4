#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stackd::domain {

// The 31 UTC days /internal/metrics reports on (platform.md §4.4): from today's midnight
// minus 30 days up to the end of today. Days are counted as epoch-millis / kDayMs, which
// both SQL dialects compute with plain integer division, so no date functions are needed.
struct MetricsWindow {
    static constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;
    static constexpr int64_t kDays = 31;

    int64_t now_ms = 0;
    int64_t first_day = 0;  // epoch day of `since`
    int64_t since_ms = 0;   // inclusive
    int64_t until_ms = 0;   // exclusive: the end of today

    static MetricsWindow At(int64_t now_ms);

    // Index 0..kDays-1 of an epoch day inside the window, or -1 outside it.
    int64_t IndexOf(int64_t epoch_day) const;
    // "YYYY-MM-DD" of window day `index`.
    std::string DateOf(int64_t index) const;
};

// One count per window day, index 0 = the oldest.
using DailyCounts = std::vector<int64_t>;
inline DailyCounts ZeroDays() { return DailyCounts(MetricsWindow::kDays, 0); }

}  // namespace stackd::domain
