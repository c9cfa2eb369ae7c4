#include "domain/data_vault.hpp"

#include <stdexcept>

#include "crypto/aes_gcm.hpp"
#include "crypto/base64url.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

using errors::ErrorCode;
using errors::KnownError;

// Stored ciphertexts carry a version so the scheme can change without ambiguity.
constexpr std::string_view kFormatPrefix = "v1.";

void EnsureStoreExists(const TenancyView& tenancy, const std::string& store_id) {
    const auto& stores = tenancy.config["dataVault"]["stores"];
    if (!stores.is_object() || !stores.contains(store_id)) {
        throw KnownError::Formatted(ErrorCode::kDataVaultStoreDoesNotExist, {{"store_id", store_id}}, store_id);
    }
}

// Binds a ciphertext to its row: a value copied to another tenancy, store or key fails to open.
std::string AssociatedData(const std::string& tenancy_id, const std::string& store_id,
                           const std::string& hashed_key) {
    nlohmann::json parts = {tenancy_id, store_id, hashed_key};
    return parts.dump();
}

}  // namespace

DataVaultService::DataVaultService(storage::Store& store, const util::Clock& clock, const std::string& server_secret)
    : store_(store), clock_(clock), key_(crypto::DeriveKey(server_secret, "stackd data vault at-rest key v1")) {}

void DataVaultService::Set(const TenancyView& tenancy, const std::string& store_id, const std::string& hashed_key,
                           const std::string& value) {
    EnsureStoreExists(tenancy, store_id);
    const std::string& tenancy_id = tenancy.tenancy->id;
    const std::string sealed =
        std::string(kFormatPrefix) +
        crypto::Base64UrlEncode(crypto::AesGcmSeal(key_, value, AssociatedData(tenancy_id, store_id, hashed_key)));
    const int64_t now = clock_.NowMillis();
    store_.Write([&](storage::Connection& db) {
        db.Execute(
            "INSERT INTO data_vault_entries (tenancy_id, store_id, hashed_key, ciphertext, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (tenancy_id, store_id, hashed_key) "
            "DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at",
            {tenancy_id, store_id, hashed_key, sealed, now});
    });
}

std::string DataVaultService::Get(const TenancyView& tenancy, const std::string& store_id,
                                  const std::string& hashed_key) {
    EnsureStoreExists(tenancy, store_id);
    const std::string& tenancy_id = tenancy.tenancy->id;
    const auto row = store_.ReadValue([&](storage::Connection& db) {
        return db.QueryOne(
            "SELECT ciphertext FROM data_vault_entries WHERE tenancy_id = $1 AND store_id = $2 AND hashed_key = $3",
            {tenancy_id, store_id, hashed_key});
    });
    if (!row) {
        throw KnownError::Formatted(ErrorCode::kDataVaultStoreHashedKeyDoesNotExist,
                                    {{"store_id", store_id}, {"hashed_key", hashed_key}}, store_id, hashed_key);
    }
    const std::string& stored = row->Text(0);
    std::optional<std::string> sealed;
    if (stored.compare(0, kFormatPrefix.size(), kFormatPrefix) == 0) {
        sealed = crypto::Base64UrlDecode(std::string_view(stored).substr(kFormatPrefix.size()));
    }
    auto value = sealed ? crypto::AesGcmOpen(key_, *sealed, AssociatedData(tenancy_id, store_id, hashed_key))
                        : std::nullopt;
    if (!value) {
        // Corruption or a changed server secret: a server fault, not the caller's (upstream asserts too).
        throw std::runtime_error("data vault entry cannot be decrypted");
    }
    return *value;
}

}  // namespace stackd::domain
