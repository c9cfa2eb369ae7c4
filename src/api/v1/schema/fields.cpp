#include "api/v1/schema/fields.hpp"

#include <algorithm>
#include <regex>

#include <curl/curl.h>

#include "crypto/random.hpp"
#include "errors/known_error.hpp"

namespace stackd::api::v1::schema {
namespace {

std::string Join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += out.empty() ? item : ", " + item;
    }
    return out;
}

// yup's "typeError" wording.
std::string TypeProblem(const std::string& path, const char* type, const nlohmann::json& value) {
    return path + " must be a `" + type + "` type, but the final value was: `" + value.dump() + "`.";
}

// WHATWG URL parsing as upstream's `new URL()`: special schemes (http, https, ws, wss, ftp,
// file) need a host and are checked by libcurl's parser; any other scheme (data:, mailto:,
// app schemes) is valid with an opaque path.
bool IsValidUrl(const std::string& text) {
    static const std::regex kScheme(R"(^([a-zA-Z][a-zA-Z0-9+.\-]*):)");
    std::smatch match;
    if (!std::regex_search(text, match, kScheme)) {
        return false;
    }
    std::string scheme = match[1];
    std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
    if (scheme != "http" && scheme != "https" && scheme != "ws" && scheme != "wss" && scheme != "ftp" &&
        scheme != "file") {
        return true;
    }
    CURLU* url = curl_url();
    const bool ok = curl_url_set(url, CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK;
    curl_url_cleanup(url);
    return ok;
}

}  // namespace

bool IsEmail(const std::string& text) {
    // yup's email test: the HTML spec's pattern.
    static const std::regex kEmail(R"(^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)"
                                   R"((?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$)");
    return std::regex_match(text, kEmail);
}

nlohmann::json QueryJson(const std::map<std::string, std::string>& query) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [key, value] : query) {
        object[key] = value;
    }
    return object;
}

ObjectReader::ObjectReader(std::string path, const nlohmann::json& value, std::vector<std::string> allowed_keys)
    : path_(std::move(path)), value_(value.is_discarded() ? nlohmann::json::object() : value) {
    if (!value_.is_object()) {
        problems_.push_back(path_ + " must be a `object` type, but the final value was: `" + value_.dump() + "`.");
        value_ = nlohmann::json::object();
        return;
    }
    std::vector<std::string> unknown;
    for (const auto& [key, item] : value_.items()) {
        if (std::find(allowed_keys.begin(), allowed_keys.end(), key) == allowed_keys.end()) {
            unknown.push_back(key);
        }
    }
    if (!unknown.empty()) {
        problems_.push_back(path_ + " contains unknown properties: " + Join(unknown));
    }
}

const nlohmann::json* ObjectReader::Find(const std::string& key) const {
    auto found = value_.find(key);
    return found == value_.end() ? nullptr : &*found;
}

bool ObjectReader::Has(const std::string& key) const { return Find(key) != nullptr; }

bool ObjectReader::IsNull(const std::string& key) const {
    const auto* value = Find(key);
    return value && value->is_null();
}

std::optional<std::optional<std::string>> ObjectReader::NullableString(const std::string& key, StringRule rule) {
    const auto* value = Find(key);
    const std::string path = FieldPath(key);
    if (value == nullptr) {
        if (rule.required) {
            problems_.push_back(path + " must be defined");
        }
        return std::nullopt;
    }
    if (value->is_null()) {
        if (!rule.nullable) {
            problems_.push_back(path + " cannot be null");
            return std::nullopt;
        }
        return std::optional<std::string>();
    }
    std::string text;
    if (value->is_string()) {
        text = value->get<std::string>();
    } else if (value->is_number() || value->is_boolean()) {
        text = value->dump();
    } else {
        problems_.push_back(TypeProblem(path, "string", *value));
        return std::nullopt;
    }
    if (rule.non_empty && text.empty()) {
        problems_.push_back(path + " must not be empty");
        return std::nullopt;
    }
    if (rule.max_length && text.size() > *rule.max_length) {
        problems_.push_back(path + " must be at most " + std::to_string(*rule.max_length) + " characters");
        return std::nullopt;
    }
    if (rule.min_length && text.size() < *rule.min_length) {
        problems_.push_back(path + " must be at least " + std::to_string(*rule.min_length) + " characters");
        return std::nullopt;
    }
    return std::optional<std::string>(text);
}

std::optional<std::string> ObjectReader::String(const std::string& key, const StringRule& rule) {
    auto value = NullableString(key, rule);
    if (!value || !*value) {
        return std::nullopt;
    }
    return **value;
}

std::optional<std::string> ObjectReader::Email(const std::string& key, bool required) {
    auto value = String(key, {.required = required});
    if (!value) {
        return std::nullopt;
    }
    if (!value->empty() && !IsEmail(*value)) {
        problems_.push_back(FieldPath(key) + " must be a valid email");
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> ObjectReader::StrictEmail(const std::string& key) {
    auto email = String(key, {.required = true});
    if (!email) {
        return std::nullopt;
    }
    const std::string path = FieldPath(key);
    const size_t before = problems_.size();
    if (!email->empty() && !IsEmail(*email)) {
        problems_.push_back(path + " must be a valid email");
    }
    if (email->size() > 256) {
        problems_.push_back(path + " must be at most 256 characters");
    }
    static const std::regex kStrict(R"(^[^.]+(\.[^.]+)*@.*\.[^.][^.]+$)");
    if (!std::regex_match(*email, kStrict)) {
        problems_.push_back(path + R"( must match the following: "/^[^.]+(\.[^.]+)*@.*\.[^.][^.]+$/")");
    }
    return problems_.size() == before ? email : std::nullopt;
}

std::optional<std::string> ObjectReader::Url(const std::string& key, bool required) {
    auto value = String(key, {.required = required});
    if (!value) {
        return std::nullopt;
    }
    // Two independent tests, as upstream's urlSchema: both may fail.
    bool ok = true;
    if (value->find(' ') != std::string::npos) {
        problems_.push_back(FieldPath(key) + " contains spaces");
        ok = false;
    }
    if (!IsValidUrl(*value)) {
        problems_.push_back(FieldPath(key) + " is not a valid URL");
        ok = false;
    }
    return ok ? value : std::nullopt;
}

std::optional<std::string> ObjectReader::Uuid(const std::string& key, bool required) {
    auto value = String(key, {.required = required});
    if (!value) {
        return std::nullopt;
    }
    if (!crypto::IsUuid(*value)) {
        problems_.push_back(FieldPath(key) + " must be a valid UUID");
        return std::nullopt;
    }
    return value;
}

std::optional<bool> ObjectReader::Bool(const std::string& key, bool required) {
    const auto* value = Find(key);
    if (value == nullptr) {
        if (required) {
            problems_.push_back(FieldPath(key) + " must be defined");
        }
        return std::nullopt;
    }
    if (value->is_boolean()) {
        return value->get<bool>();
    }
    if (value->is_string() && (*value == "true" || *value == "false")) {
        return *value == "true";
    }
    problems_.push_back(TypeProblem(FieldPath(key), "boolean", *value));
    return std::nullopt;
}

std::optional<int64_t> ObjectReader::Integer(const std::string& key, bool required, std::optional<int64_t> min,
                                             std::optional<int64_t> max) {
    const auto* value = Find(key);
    const std::string path = FieldPath(key);
    if (value == nullptr) {
        if (required) {
            problems_.push_back(path + " must be defined");
        }
        return std::nullopt;
    }
    std::optional<double> number;
    if (value->is_number()) {
        number = value->get<double>();
    } else if (value->is_string()) {
        try {
            size_t used = 0;
            const std::string text = value->get<std::string>();
            const double parsed = std::stod(text, &used);
            if (used == text.size()) {
                number = parsed;
            }
        } catch (const std::exception&) {
        }
    }
    if (!number) {
        problems_.push_back(TypeProblem(path, "number", *value));
        return std::nullopt;
    }
    if (*number != static_cast<double>(static_cast<int64_t>(*number))) {
        problems_.push_back(path + " must be an integer");
        return std::nullopt;
    }
    const auto integer = static_cast<int64_t>(*number);
    if (min && integer < *min) {
        problems_.push_back(path + " must be greater than or equal to " + std::to_string(*min));
        return std::nullopt;
    }
    if (max && integer > *max) {
        problems_.push_back(path + " must be less than or equal to " + std::to_string(*max));
        return std::nullopt;
    }
    return integer;
}

std::optional<nlohmann::json> ObjectReader::Json(const std::string& key) const {
    const auto* value = Find(key);
    if (value == nullptr) {
        return std::nullopt;
    }
    return *value;
}

std::optional<std::string> ObjectReader::OneOf(const std::string& key, const std::vector<std::string>& values,
                                               bool required) {
    auto value = String(key, {.required = required});
    if (!value) {
        return std::nullopt;
    }
    if (std::find(values.begin(), values.end(), *value) == values.end()) {
        problems_.push_back(FieldPath(key) + " must be one of the following values: " + Join(values));
        return std::nullopt;
    }
    return value;
}

void ObjectReader::ThrowIfInvalid(const std::string& method, const std::string& requested_path) const {
    if (!problems_.empty()) {
        throw errors::SchemaError(method, requested_path, problems_);
    }
}

std::optional<std::optional<std::string>> ReadImageUrl(schema::ObjectReader& reader, const std::string& path,
                                                       const std::string& key) {
    if (!reader.Has(key)) {
        return std::nullopt;
    }
    if (reader.IsNull(key)) {
        return std::optional<std::string>();
    }
    auto url = reader.Url(key, false);
    if (!url) {
        return std::nullopt;
    }
    if (url->size() > 1000000) {
        reader.AddProblem(path + "." + key + " must be at most 1000000 characters");
        return std::nullopt;
    }
    return std::optional<std::string>(*url);
}

}  // namespace stackd::api::v1::schema
