#pragma once

#include <string>

#include "storage/blob_store.hpp"

namespace stackd::domain {

// Upstream's image-field rule (resources.md §0.7): http(s) URLs are kept as given; a
// `data:image/<type>;base64,...` URL is decoded (≤ 1,000,000 bytes, must really be an
// image) and stored as `<folder>/<uuid>.<type>` in the blob store, and the field holds the
// public URL it is served at. Anything else is upstream's 400 "Invalid profile image URL".
class ImageStore {
public:
    static constexpr size_t kMaxImageBytes = 1000000;

    ImageStore(storage::BlobStore& blobs, std::string public_base_url)
        : blobs_(blobs), public_base_url_(std::move(public_base_url)) {}

    std::string Resolve(const std::string& url, const std::string& folder);

    // "/storage/<key>" is where stored blobs are served.
    static constexpr const char* kPublicPathPrefix = "/storage/";

private:
    storage::BlobStore& blobs_;
    std::string public_base_url_;
};

// The media type of `bytes` from its magic number ("png", "jpeg", "gif", "bmp", "webp"), or "".
std::string DetectImageType(const std::string& bytes);

}  // namespace stackd::domain
