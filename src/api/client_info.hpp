#pragma once

#include <string>

#include "domain/sessions.hpp"
#include "http/request.hpp"

namespace stackd::api {

// The client's IP and country for session activity and events. Proxy headers are only
// believed from the proxy named by STACK_TRUSTED_PROXY ("vercel" or "cloudflare");
// otherwise the socket's peer address is the client.
std::string ClientIpOf(const http::Request& request, const std::string& trusted_proxy);
domain::ClientInfo ClientInfoOf(const http::Request& request, const std::string& trusted_proxy);

}  // namespace stackd::api
