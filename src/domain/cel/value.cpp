#include "domain/cel/value.hpp"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

namespace stackd::domain::cel {
namespace {

// JavaScript's Number#toString for the values a condition can produce.
std::string JsNumber(double n) {
    if (std::isnan(n) || std::isinf(n)) {
        return "null";  // JSON.stringify's rendering of non-finite numbers
    }
    if (n == std::floor(n) && std::fabs(n) < 1e21) {
        char buffer[32];
        const auto result = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(n));
        return std::string(buffer, result.ptr);
    }
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, n);
    return std::string(buffer, result.ptr);
}

}  // namespace

const Value* Value::Find(const std::string& key) const {
    if (kind != Kind::kMap) {
        return nullptr;
    }
    for (const auto& [name, value] : *map) {
        if (name == key) {
            return &value;
        }
    }
    return nullptr;
}

std::string ToJsJson(const Value& value) {
    switch (value.kind) {
        case Value::Kind::kNull:
            return "null";
        case Value::Kind::kBool:
            return value.boolean ? "true" : "false";
        case Value::Kind::kNumber:
            return JsNumber(value.number);
        case Value::Kind::kString:
            return nlohmann::json(value.string).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        case Value::Kind::kList: {
            std::string out = "[";
            for (size_t i = 0; i < value.list->size(); ++i) {
                out += (i ? "," : "") + ToJsJson((*value.list)[i]);
            }
            return out + "]";
        }
        case Value::Kind::kMap: {
            std::string out = "{";
            bool first = true;
            for (const auto& [key, item] : *value.map) {
                out += (first ? "" : ",") + ToJsJson(Value::String(key)) + ":" + ToJsJson(item);
                first = false;
            }
            return out + "}";
        }
    }
    return "null";
}

std::string JsTypeOf(const Value& value) {
    switch (value.kind) {
        case Value::Kind::kBool:
            return "boolean";
        case Value::Kind::kNumber:
            return "number";
        case Value::Kind::kString:
            return "string";
        default:
            return "object";
    }
}

}  // namespace stackd::domain::cel
