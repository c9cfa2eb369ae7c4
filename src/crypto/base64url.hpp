#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stackd::crypto {

// RFC 4648 §5 alphabet without '=' padding, as JWS and upstream's `jose.base64url` write it.
std::string Base64UrlEncode(std::string_view bytes);

// Inverse of Base64UrlEncode. Rejects padding, whitespace, characters outside the alphabet and
// impossible lengths (len % 4 == 1). Non-zero bits in the last character are ignored, as atob (and
// so jose on Node) ignores them: a token upstream accepts must not be rejected here.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace stackd::crypto
