#pragma once

#include <memory>

#include "api/dispatcher.hpp"
#include "domain/metrics.hpp"

namespace stackd::api::v1::internal {

// GET /internal/metrics: the dashboard's overview aggregates (platform.md §4.4), admin only.
void RegisterMetrics(Dispatcher& dispatcher, std::shared_ptr<domain::MetricsService> metrics);

}  // namespace stackd::api::v1::internal
