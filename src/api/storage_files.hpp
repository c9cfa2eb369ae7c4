#pragma once

#include "api/dispatcher.hpp"
#include "storage/blob_store.hpp"

namespace stackd::api {

// GET /storage/{folder}/{name}: the public objects (profile images) of the blob store.
void RegisterStorageFiles(Dispatcher& dispatcher, storage::BlobStore& blobs);

}  // namespace stackd::api
