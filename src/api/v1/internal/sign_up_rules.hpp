#pragma once

#include <string>

#include "api/dispatcher.hpp"
#include "domain/sign_up_rule_stats.hpp"
#include "domain/sign_up_rules.hpp"
#include "util/clock.hpp"

namespace stackd::api::v1::internal {

// POST /internal/sign-up-rules-test (a dry run of the project's sign-up rules with a trace
// of every rule) and GET /internal/sign-up-rules-stats (trigger counts), admin only.
void RegisterSignUpRules(Dispatcher& dispatcher, const domain::SignUpRules& rules, storage::Store& store,
                         const util::Clock& clock, const std::string& trusted_proxy);

}  // namespace stackd::api::v1::internal
