#pragma once

#include <string>

#include "domain/projects.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

// Data-vault stores (resources.md §19): opaque, already client-encrypted values kept per
// (tenancy, store, hashed key). At rest each value is sealed again with AES-256-GCM under a
// key derived from the server secret (upstream uses KMS envelope encryption here).
class DataVaultService {
public:
    DataVaultService(storage::Store& store, const util::Clock& clock, const std::string& server_secret);

    // DATA_VAULT_STORE_DOES_NOT_EXIST unless config dataVault.stores has `store_id`.
    void Set(const TenancyView& tenancy, const std::string& store_id, const std::string& hashed_key,
             const std::string& value);
    // ... and DATA_VAULT_STORE_HASHED_KEY_DOES_NOT_EXIST when nothing was set under the key.
    std::string Get(const TenancyView& tenancy, const std::string& store_id, const std::string& hashed_key);

private:
    storage::Store& store_;
    const util::Clock& clock_;
    const std::string key_;
};

}  // namespace stackd::domain
