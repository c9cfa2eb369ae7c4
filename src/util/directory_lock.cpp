#include "util/directory_lock.hpp"

#include <cerrno>
#include <filesystem>
#include <stdexcept>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace stackd::util {

DirectoryLock::DirectoryLock(const std::string& directory) {
    std::filesystem::create_directories(directory);
    const std::string path = (std::filesystem::path(directory) / "stackd.lock").string();
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) {
        throw std::runtime_error("cannot open " + path);
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const bool held = errno == EWOULDBLOCK;
        ::close(fd_);
        fd_ = -1;
        throw std::runtime_error(held ? "the data directory " + directory + " is in use by another stackd process"
                                      : "cannot lock " + path);
    }
}

DirectoryLock::~DirectoryLock() {
    if (fd_ >= 0) {
        ::close(fd_);  // releases the lock
    }
}

}  // namespace stackd::util
