#pragma once

#include "api/dispatcher.hpp"
#include "crypto/signing_keys.hpp"
#include "domain/projects.hpp"

namespace stackd::api::v1 {

// /projects/current (client read shape for every access type) and
// /projects/{project_id}/.well-known/jwks.json (public signing keys, no auth).
void RegisterProjects(Dispatcher& dispatcher, domain::ProjectService& projects, const crypto::SigningKeys& keys);

}  // namespace stackd::api::v1
