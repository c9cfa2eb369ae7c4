#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stackd::crypto {

// RFC 4648 §4 (standard alphabet, '=' padding), as upstream's encodeBase64 writes it.
std::string Base64Encode(std::string_view bytes);

// Inverse of Base64Encode for exactly what upstream's isBase64 accepts: groups of four
// characters of the standard alphabet, the last one optionally padded with "=" or "==".
// Anything else (missing padding, whitespace, the URL alphabet) is nullopt.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace stackd::crypto
