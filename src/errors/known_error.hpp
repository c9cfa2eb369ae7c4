#pragma once

#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace stackd::errors {

// Every known error upstream can put on the wire, generated from the one catalogue.
enum class ErrorCode {
#define STACKD_KNOWN_ERROR(name, code, status, message) name,
#include "errors/known_errors.inc"
#undef STACKD_KNOWN_ERROR
};

struct KnownErrorInfo {
    ErrorCode id;
    std::string_view code;     // wire code, e.g. "USER_NOT_FOUND"
    int status;                // HTTP status, decided by the catalogue, never at the throw site
    std::string_view message;  // fmt format string; `{}` marks upstream's parameters
};

const KnownErrorInfo& Describe(ErrorCode code);
// All catalogue rows, in catalogue order (for the catalogue's own tests).
const std::vector<KnownErrorInfo>& AllKnownErrors();

// A KnownError ends the unit of work (the request). The error boundary turns it into
// upstream's body: {"code", "details"?, "error"} plus the x-stack-known-error header.
class KnownError : public std::exception {
public:
    explicit KnownError(ErrorCode code, nlohmann::json details = nullptr);
    KnownError(ErrorCode code, std::string message, nlohmann::json details);

    // Formats the catalogue message with `args` (upstream's parameterised messages).
    template <typename... Args>
    static KnownError Formatted(ErrorCode code, nlohmann::json details, Args&&... args) {
        return KnownError(code, fmt::format(fmt::runtime(Describe(code).message), std::forward<Args>(args)...),
                          std::move(details));
    }

    ErrorCode code() const { return code_; }
    const KnownErrorInfo& info() const { return Describe(code_); }
    const std::string& message() const { return message_; }
    const nlohmann::json& details() const { return details_; }
    const char* what() const noexcept override { return message_.c_str(); }

private:
    ErrorCode code_;
    std::string message_;
    nlohmann::json details_;  // null: no "details" key on the wire
};

// Upstream's plain-text status errors (the spec's TXT): a status and a text body.
class StatusError : public std::exception {
public:
    StatusError(int status, std::string text) : status_(status), text_(std::move(text)) {}
    int status() const { return status_; }
    const std::string& text() const { return text_; }
    const char* what() const noexcept override { return text_.c_str(); }

private:
    int status_;
    std::string text_;
};

// SCHEMA_ERROR as upstream words it: "Request validation failed on <METHOD> <path>:" and
// one "  - <problem>" line per problem.
KnownError SchemaError(std::string_view method, std::string_view path, const std::vector<std::string>& problems);

}  // namespace stackd::errors
