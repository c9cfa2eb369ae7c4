#pragma once

#include "http/response.hpp"

namespace stackd::http {

// Adds upstream's CORS headers (every /api/* response and preflight).
void ApplyCors(Response& response);

}  // namespace stackd::http
