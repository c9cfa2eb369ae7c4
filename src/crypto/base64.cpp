#include "crypto/base64.hpp"

#include "crypto/base64url.hpp"

namespace stackd::crypto {

// Both alphabets differ only in the last two characters, so the URL-safe codec does the
// bit work and these functions translate those two characters and the padding.

std::string Base64Encode(std::string_view bytes) {
    std::string out = Base64UrlEncode(bytes);
    for (auto& c : out) {
        c = c == '-' ? '+' : c == '_' ? '/' : c;
    }
    while (out.size() % 4 != 0) {
        out.push_back('=');
    }
    return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
    if (text.size() % 4 != 0) {
        return std::nullopt;
    }
    size_t padding = 0;
    while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') {
        ++padding;
    }
    std::string translated(text.substr(0, text.size() - padding));
    for (auto& c : translated) {
        if (c == '-' || c == '_') {
            return std::nullopt;  // URL alphabet: not base64 in upstream's sense
        }
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    }
    // Base64UrlDecode rejects any remaining '=' (padding in the middle or a third '=').
    return Base64UrlDecode(translated);
}

}  // namespace stackd::crypto
