#pragma once

#include <string>

namespace stackd::util {

// An exclusive advisory lock (flock) on `<directory>/stackd.lock`, held until this object
// is destroyed or the process ends (so a crash never leaves it behind). Throws a
// runtime_error naming the directory when another process holds it.
class DirectoryLock {
public:
    explicit DirectoryLock(const std::string& directory);
    ~DirectoryLock();
    DirectoryLock(const DirectoryLock&) = delete;
    DirectoryLock& operator=(const DirectoryLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace stackd::util
