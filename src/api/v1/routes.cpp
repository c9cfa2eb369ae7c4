#include "api/v1/routes.hpp"

#include "api/v1/auth/anonymous.hpp"
#include "api/v1/auth/oauth.hpp"
#include "api/v1/auth/password.hpp"
#include "api/v1/auth/sessions.hpp"
#include "api/v1/projects.hpp"
#include "api/v1/root.hpp"
#include "api/v1/users.hpp"

namespace stackd::api::v1 {

void RegisterAll(Dispatcher& dispatcher, Services& services) {
    RegisterRoot(dispatcher);
    RegisterProjects(dispatcher, services.projects, services.signing_keys);
    RegisterUsers(dispatcher, services.users);
    auth::RegisterPassword(dispatcher, services.password_auth, services.trusted_proxy);
    auth::RegisterSessions(dispatcher, services.sessions, services.users, services.clock, services.trusted_proxy);
    auth::RegisterAnonymous(dispatcher, services.store, services.users, services.sessions, services.trusted_proxy);
    auth::RegisterOAuthToken(dispatcher, services.projects, services.sessions, services.trusted_proxy);
}

}  // namespace stackd::api::v1
