#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/email_outbox.hpp"

namespace stackd::api::v1::schema {

// Upstream's outbox read object: the base fields plus the fields of the email's status
// (platform.md §2.8, "Outbox read object").
nlohmann::json OutboxEmailToJson(const domain::OutboxEmail& email, int64_t now_ms);

// A number usable as a JavaScript Date (|ms| ≤ 8.64e15), truncated to whole milliseconds;
// nullopt for anything else.
std::optional<int64_t> TimestampMillis(const nlohmann::json& value);

// "sent" → "SENT", "server-error" → "SERVER_ERROR" (upstream's filter conversion).
std::string ApiStatusToDb(const std::string& api_status);

}  // namespace stackd::api::v1::schema
