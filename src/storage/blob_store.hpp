#pragma once

#include <optional>
#include <string>

namespace stackd::storage {

// Public binary objects (profile images, logos) addressed by "<folder>/<name>". The
// embedded default keeps them as files under the data dir; an object-storage backend
// (S3 and the like) can implement the same interface.
class BlobStore {
public:
    virtual ~BlobStore() = default;
    virtual void Put(const std::string& key, const std::string& bytes) = 0;
    virtual std::optional<std::string> Get(const std::string& key) const = 0;
};

// Files under `<root>/<folder>/<name>`. Keys are validated by the caller's format
// (folder and name from a fixed alphabet), and again here: no "..", no absolute paths.
class FileBlobStore final : public BlobStore {
public:
    explicit FileBlobStore(std::string root);
    void Put(const std::string& key, const std::string& bytes) override;
    std::optional<std::string> Get(const std::string& key) const override;

    static bool IsSafeKey(const std::string& key);

private:
    std::string root_;
};

}  // namespace stackd::storage
