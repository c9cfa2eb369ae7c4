#pragma once

#include <memory>
#include <string>

#include "api/dispatcher.hpp"
#include "domain/cli_auth.hpp"

namespace stackd::api::v1::auth {

// POST /auth/cli, /auth/cli/poll and /auth/cli/complete: CLI login (auth.md §3.7).
void RegisterCli(Dispatcher& dispatcher, std::shared_ptr<domain::CliAuthService> cli_auth,
                 const std::string& trusted_proxy);

}  // namespace stackd::api::v1::auth
