#include "domain/project.hpp"

namespace stackd::domain {

const char* AccessTypeName(AccessType type) {
    switch (type) {
        case AccessType::kClient:
            return "client";
        case AccessType::kServer:
            return "server";
        case AccessType::kAdmin:
            return "admin";
    }
    return "client";
}

std::optional<AccessType> ParseAccessType(const std::string& text) {
    if (text == "client") {
        return AccessType::kClient;
    }
    if (text == "server") {
        return AccessType::kServer;
    }
    if (text == "admin") {
        return AccessType::kAdmin;
    }
    return std::nullopt;
}

}  // namespace stackd::domain
