#include "domain/metrics_window.hpp"

#include <ctime>

namespace stackd::domain {

MetricsWindow MetricsWindow::At(int64_t now_ms) {
    MetricsWindow window;
    window.now_ms = now_ms;
    const int64_t today = now_ms / kDayMs;
    window.first_day = today - (kDays - 1);
    window.since_ms = window.first_day * kDayMs;
    window.until_ms = (today + 1) * kDayMs;
    return window;
}

int64_t MetricsWindow::IndexOf(int64_t epoch_day) const {
    const int64_t index = epoch_day - first_day;
    return index >= 0 && index < kDays ? index : -1;
}

std::string MetricsWindow::DateOf(int64_t index) const {
    const std::time_t seconds = static_cast<std::time_t>((first_day + index) * (kDayMs / 1000));
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
    return text;
}

}  // namespace stackd::domain
