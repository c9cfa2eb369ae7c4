#include "crypto/json_stringify.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace stackd::crypto {
namespace {

// JS orders "array index" keys (canonical decimal below 2^32 - 1) numerically before all others.
std::optional<uint32_t> ArrayIndexKey(std::string_view key) {
    if (key.empty() || key.size() > 10 || (key.size() > 1 && key[0] == '0')) {
        return std::nullopt;
    }
    uint64_t value = 0;
    for (const char c : key) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    if (value >= 4294967295ull) {
        return std::nullopt;
    }
    return static_cast<uint32_t>(value);
}

void AppendString(std::string& out, const std::string& text) {
    // nlohmann's escaping with ensure_ascii=false is JSON.stringify's (checked by the probe vector).
    out += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

template <typename Json>
void Append(std::string& out, const Json& value) {
    using Type = nlohmann::json::value_t;
    switch (value.type()) {
        case Type::null:
        case Type::discarded:
        case Type::binary:
            out += "null";
            return;
        case Type::boolean:
            out += value.template get<bool>() ? "true" : "false";
            return;
        case Type::number_integer:
            out += std::to_string(value.template get<int64_t>());
            return;
        case Type::number_unsigned:
            out += std::to_string(value.template get<uint64_t>());
            return;
        case Type::number_float: {
            const double number = value.template get<double>();
            out += std::isfinite(number) ? JsNumberToString(number) : "null";
            return;
        }
        case Type::string:
            AppendString(out, value.template get_ref<const std::string&>());
            return;
        case Type::array: {
            out.push_back('[');
            bool first = true;
            for (const auto& element : value) {
                if (!first) {
                    out.push_back(',');
                }
                first = false;
                Append(out, element);
            }
            out.push_back(']');
            return;
        }
        case Type::object: {
            std::vector<std::pair<uint32_t, typename Json::const_iterator>> indexed;
            std::vector<typename Json::const_iterator> named;
            for (auto it = value.cbegin(); it != value.cend(); ++it) {
                if (auto index = ArrayIndexKey(it.key())) {
                    indexed.emplace_back(*index, it);
                } else {
                    named.push_back(it);
                }
            }
            std::sort(indexed.begin(), indexed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            out.push_back('{');
            bool first = true;
            auto write_member = [&](const typename Json::const_iterator& it) {
                if (!first) {
                    out.push_back(',');
                }
                first = false;
                AppendString(out, it.key());
                out.push_back(':');
                Append(out, it.value());
            };
            for (const auto& [index, it] : indexed) {
                write_member(it);
            }
            for (const auto& it : named) {
                write_member(it);
            }
            out.push_back('}');
            return;
        }
    }
}

}  // namespace

std::string JsNumberToString(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "Infinity" : "-Infinity";
    }
    if (value == 0) {
        return "0";  // also -0, which JS prints as "0"
    }
    std::string out = value < 0 ? "-" : "";
    // Shortest round-trip digits in scientific form, e.g. "1.2345e+02"; JS picks the same digits.
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof(buffer), std::fabs(value), std::chars_format::scientific);
    const std::string_view text(buffer, static_cast<size_t>(result.ptr - buffer));
    const size_t e_pos = text.find('e');
    std::string digits;
    for (const char c : text.substr(0, e_pos)) {
        if (c != '.') {
            digits.push_back(c);
        }
    }
    const int exponent = std::atoi(std::string(text.substr(e_pos + 1)).c_str());
    const int k = static_cast<int>(digits.size());
    const int n = exponent + 1;  // position of the decimal point relative to the digits
    if (k <= n && n <= 21) {
        out += digits + std::string(static_cast<size_t>(n - k), '0');
    } else if (0 < n && n <= 21) {
        out += digits.substr(0, static_cast<size_t>(n)) + "." + digits.substr(static_cast<size_t>(n));
    } else if (-6 < n && n <= 0) {
        out += "0." + std::string(static_cast<size_t>(-n), '0') + digits;
    } else {
        out += digits.substr(0, 1);
        if (k > 1) {
            out += "." + digits.substr(1);
        }
        out += (n - 1 >= 0 ? "e+" : "e-") + std::to_string(std::abs(n - 1));
    }
    return out;
}

std::string JsStringify(const nlohmann::json& value) {
    std::string out;
    Append(out, value);
    return out;
}

std::string JsStringify(const nlohmann::ordered_json& value) {
    std::string out;
    Append(out, value);
    return out;
}

}  // namespace stackd::crypto
