#include "api/storage_files.hpp"

#include "errors/known_error.hpp"

namespace stackd::api {
namespace {

std::string ContentType(const std::string& name) {
    const auto dot = name.rfind('.');
    const std::string extension = dot == std::string::npos ? "" : name.substr(dot + 1);
    if (extension == "png" || extension == "gif" || extension == "bmp" || extension == "webp") {
        return "image/" + extension;
    }
    if (extension == "jpeg" || extension == "jpg") {
        return "image/jpeg";
    }
    return "application/octet-stream";
}

}  // namespace

void RegisterStorageFiles(Dispatcher& dispatcher, storage::BlobStore& blobs) {
    dispatcher.Add({
        .method = "GET",
        .path = "/storage/{folder}/{name}",
        .access = {},
        .query_keys = std::nullopt,
        .handle =
            [&blobs](const RouteContext& context) {
                const std::string key = context.params.at("folder") + "/" + context.params.at("name");
                auto bytes = blobs.Get(key);
                if (!bytes) {
                    throw errors::StatusError(404, "Not found");
                }
                http::Response response;
                response.status = 200;
                response.SetHeader("content-type", ContentType(key));
                // Names are random UUIDs that never change content.
                response.SetHeader("cache-control", "public, max-age=31536000, immutable");
                response.body = std::move(*bytes);
                return response;
            },
    });
}

}  // namespace stackd::api
