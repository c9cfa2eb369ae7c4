#pragma once

#include <nlohmann/json.hpp>

#include "domain/metrics.hpp"

namespace stackd::api::v1::schema {

// The body of GET /internal/metrics (upstream's MetricsResponseBodySchema in
// packages/stack-shared/src/interface/admin-metrics.ts).
nlohmann::json MetricsToJson(const domain::Metrics& metrics, bool require_email_verification);

}  // namespace stackd::api::v1::schema
