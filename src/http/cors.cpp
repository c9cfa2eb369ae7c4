#include "http/cors.hpp"

namespace stackd::http {
namespace {

// Upstream's list, in upstream's order, then the x-hexclave-* spellings; also sent as Vary.
constexpr const char* kAllowedHeaders =
    "content-type, authorization, x-stack-project-id, x-stack-branch-id, x-stack-override-error-status, "
    "x-stack-random-nonce, x-stack-client-version, x-stack-disable-artificial-development-delay, "
    "x-stack-access-type, x-stack-publishable-client-key, x-stack-secret-server-key, "
    "x-stack-super-secret-admin-key, x-stack-admin-access-token, x-stack-refresh-token, x-stack-access-token, "
    "x-stack-allow-anonymous-user, baggage, sentry-trace, x-vercel-protection-bypass, ngrok-skip-browser-warning, "
    // The same headers as SDK releases after the Hexclave rename spell them (see the
    // dispatcher's header aliases): without them browsers would refuse those SDKs' requests.
    "x-hexclave-project-id, x-hexclave-branch-id, x-hexclave-override-error-status, x-hexclave-random-nonce, "
    "x-hexclave-client-version, x-hexclave-access-type, x-hexclave-publishable-client-key, "
    "x-hexclave-secret-server-key, x-hexclave-super-secret-admin-key, x-hexclave-admin-access-token, "
    "x-hexclave-refresh-token, x-hexclave-access-token, x-hexclave-allow-anonymous-user";

}  // namespace

void ApplyCors(Response& response) {
    response.SetHeader("access-control-allow-origin", "*");
    response.SetHeader("access-control-allow-methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
    response.SetHeader("access-control-max-age", "86400");
    response.SetHeader("access-control-allow-headers", kAllowedHeaders);
    response.SetHeader("access-control-expose-headers", "content-type, x-stack-actual-status, x-stack-known-error");
    response.SetHeader("vary", kAllowedHeaders);
}

}  // namespace stackd::http
