#pragma once

#include <memory>

#include "api/dispatcher.hpp"
#include "domain/config_overrides.hpp"

namespace stackd::api::v1::internal {

// /internal/config (the rendered config) and /internal/config/override/{level} (read,
// replace, patch the stored overrides), platform.md §1.7.
void RegisterConfig(Dispatcher& dispatcher, std::shared_ptr<domain::ConfigOverrideService> overrides);

}  // namespace stackd::api::v1::internal
