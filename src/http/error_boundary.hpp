#pragma once

#include <exception>
#include <string>

#include "http/response.hpp"

namespace stackd::http {

// The single place that turns an exception into an error response:
// KnownError → upstream's JSON body + x-stack-known-error; StatusError → plain text;
// anything else → a 500 naming only the request id (detail goes to the log).
Response ErrorToResponse(std::exception_ptr error, const std::string& request_id);

}  // namespace stackd::http
