#include "domain/images.hpp"

#include <openssl/evp.h>

#include "crypto/random.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

std::optional<std::string> DecodeBase64(const std::string& text) {
    if (text.size() % 4 != 0) {
        return std::nullopt;
    }
    std::string out(text.size() / 4 * 3, '\0');
    const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                       reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (length < 0) {
        return std::nullopt;
    }
    // EVP_DecodeBlock counts the padding's zero bytes: drop one per '='.
    size_t padding = 0;
    for (size_t index = text.size(); index > 0 && text[index - 1] == '='; --index) {
        ++padding;
    }
    out.resize(static_cast<size_t>(length) - padding);
    return out;
}

}  // namespace

std::string DetectImageType(const std::string& bytes) {
    auto starts = [&](std::string_view magic) { return bytes.compare(0, magic.size(), magic) == 0; };
    if (starts("\x89PNG\r\n\x1a\n")) {
        return "png";
    }
    if (starts("\xff\xd8\xff")) {
        return "jpeg";
    }
    if (starts("GIF87a") || starts("GIF89a")) {
        return "gif";
    }
    if (starts("BM")) {
        return "bmp";
    }
    if (bytes.size() >= 12 && starts("RIFF") && bytes.compare(8, 4, "WEBP") == 0) {
        return "webp";
    }
    return "";
}

std::string ImageStore::Resolve(const std::string& url, const std::string& folder) {
    if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) {
        return url;
    }
    const std::string prefix = "data:image/";
    const auto marker = url.find(";base64,");
    if (url.rfind(prefix, 0) != 0 || marker == std::string::npos) {
        throw errors::StatusError(400, "Invalid profile image URL");
    }
    const auto bytes = DecodeBase64(url.substr(marker + 8));
    if (!bytes) {
        throw errors::StatusError(400, "Invalid base64 image data");
    }
    if (bytes->size() > kMaxImageBytes) {
        throw errors::StatusError(400, "Image size exceeds the maximum of 1000000 bytes");
    }
    const std::string type = DetectImageType(*bytes);
    if (type.empty()) {
        throw errors::StatusError(400, "Invalid image: the data is not a supported image format");
    }
    const std::string key = folder + "/" + crypto::RandomUuidV4() + "." + type;
    blobs_.Put(key, *bytes);
    return public_base_url_ + kPublicPathPrefix + key;
}

}  // namespace stackd::domain
