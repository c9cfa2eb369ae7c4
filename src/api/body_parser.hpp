#pragma once

#include <nlohmann/json.hpp>

#include "http/request.hpp"

namespace stackd::api {

// Parses the body as upstream does, by the media type of content-type: JSON, form
// fields (an object of strings), text, or raw bytes (a string). Returns a discarded
// value when there is no body. Throws BODY_PARSING_ERROR for invalid JSON or an
// unknown content type.
nlohmann::json ParseBody(const http::Request& request);

}  // namespace stackd::api
