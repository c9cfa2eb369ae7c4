#include "errors/known_error.hpp"

#include <stdexcept>

namespace stackd::errors {

const std::vector<KnownErrorInfo>& AllKnownErrors() {
    static const std::vector<KnownErrorInfo> kAll = {
#define STACKD_KNOWN_ERROR(name, code, status, message) {ErrorCode::name, code, status, message},
#include "errors/known_errors.inc"
#undef STACKD_KNOWN_ERROR
    };
    return kAll;
}

const KnownErrorInfo& Describe(ErrorCode code) {
    // The enum is generated from the same list in the same order, so it indexes the table.
    return AllKnownErrors().at(static_cast<size_t>(code));
}

KnownError::KnownError(ErrorCode code, nlohmann::json details)
    : code_(code), message_(Describe(code).message), details_(std::move(details)) {}

KnownError::KnownError(ErrorCode code, std::string message, nlohmann::json details)
    : code_(code), message_(std::move(message)), details_(std::move(details)) {}

KnownError SchemaError(std::string_view method, std::string_view path, const std::vector<std::string>& problems) {
    std::string message = fmt::format("Request validation failed on {} {}:", method, path);
    for (const auto& problem : problems) {
        message += "\n  - " + problem;
    }
    return KnownError(ErrorCode::kSchemaError, message, nlohmann::json{{"message", message}});
}

}  // namespace stackd::errors
