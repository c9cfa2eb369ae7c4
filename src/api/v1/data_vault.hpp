#pragma once

#include "api/dispatcher.hpp"
#include "domain/data_vault.hpp"

namespace stackd::api::v1 {

// POST /data-vault/stores/{id}/set and /get (server and admin).
void RegisterDataVault(Dispatcher& dispatcher, domain::DataVaultService& vault);

}  // namespace stackd::api::v1
