#pragma once

#include <nlohmann/json.hpp>

namespace stackd::domain::legacy_config {

// Upstream's legacy project `config` object (platform.md §1.5) in both directions.

// The admin read `config` derived from a complete rendered config.
nlohmann::json FromRenderedConfig(const nlohmann::json& rendered);

// The environment-level override (dot keys) a validated legacy `config` object writes.
// `creating` fills upstream's create-only defaults (permissions, default permissions,
// password sign-in, the authentication and emails apps) where the input leaves them.
nlohmann::json ToEnvironmentOverride(const nlohmann::json& legacy, bool creating);

}  // namespace stackd::domain::legacy_config
