#include "storage/blob_store.hpp"

#include <filesystem>
#include <fstream>

#include "storage/store.hpp"

namespace stackd::storage {

FileBlobStore::FileBlobStore(std::string root) : root_(std::move(root)) { std::filesystem::create_directories(root_); }

bool FileBlobStore::IsSafeKey(const std::string& key) {
    if (key.empty() || key.front() == '/' || key.find("..") != std::string::npos) {
        return false;
    }
    for (const char c : key) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '/')) {
            return false;
        }
    }
    return true;
}

void FileBlobStore::Put(const std::string& key, const std::string& bytes) {
    if (!IsSafeKey(key)) {
        throw StorageError("unsafe blob key");
    }
    const auto path = std::filesystem::path(root_) / key;
    std::filesystem::create_directories(path.parent_path());
    // Written to a temporary name and renamed, so a reader never sees half a file.
    const auto temporary = path.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out) {
            throw StorageError("cannot write blob " + key);
        }
    }
    std::filesystem::rename(temporary, path);
}

std::optional<std::string> FileBlobStore::Get(const std::string& key) const {
    if (!IsSafeKey(key)) {
        return std::nullopt;
    }
    std::ifstream in(std::filesystem::path(root_) / key, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace stackd::storage
