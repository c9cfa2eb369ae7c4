#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace stackd::api::v1::schema {

struct StringRule {
    bool required = false;  // yup's defined(): absent fails, "" is a value
    bool nullable = false;
    std::optional<size_t> max_length;
    std::optional<size_t> min_length;
    bool non_empty = false;  // yup's nonEmpty(): "" fails
};

// yup's email() pattern (upstream's emailSchema); "" is left to the caller.
bool IsEmail(const std::string& text);

// The query string as the JSON object ObjectReader validates (every value a string).
nlohmann::json QueryJson(const std::map<std::string, std::string>& query);

// Reads and validates one request object (body or query) the way upstream's yup schemas
// do: lenient scalar casts ("1" is a number, 1 is a string, "true" is a boolean),
// every problem collected, unknown keys rejected. Throw() raises one SCHEMA_ERROR
// listing all problems.
class ObjectReader {
public:
    // `path` is "body" or "query"; a discarded value means the part was not sent.
    ObjectReader(std::string path, const nlohmann::json& value, std::vector<std::string> allowed_keys);

    bool Has(const std::string& key) const;
    bool IsNull(const std::string& key) const;

    // nullopt when absent, null or invalid (problems recorded); see NullableString for tri-state.
    std::optional<std::string> String(const std::string& key, const StringRule& rule = {});
    // Absent → nullopt; null → optional holding nullopt; value → the value.
    std::optional<std::optional<std::string>> NullableString(const std::string& key, StringRule rule = {});
    // yup's email(): "" passes (callers add nonEmpty or their own pattern).
    std::optional<std::string> Email(const std::string& key, bool required);
    // Upstream's strictEmailSchema (sign-up, OTP): yup's email test, at most 256 characters and
    // a dotted domain; each failing test is its own problem, as yup reports them. Required.
    std::optional<std::string> StrictEmail(const std::string& key);
    std::optional<std::string> Url(const std::string& key, bool required);
    std::optional<std::string> Uuid(const std::string& key, bool required);
    std::optional<bool> Bool(const std::string& key, bool required = false);
    std::optional<int64_t> Integer(const std::string& key, bool required = false,
                                   std::optional<int64_t> min = std::nullopt,
                                   std::optional<int64_t> max = std::nullopt);
    // Any JSON value (metadata fields); nullopt when absent.
    std::optional<nlohmann::json> Json(const std::string& key) const;
    std::optional<std::string> OneOf(const std::string& key, const std::vector<std::string>& values,
                                     bool required = false);

    void AddProblem(std::string problem) { problems_.push_back(std::move(problem)); }
    bool ok() const { return problems_.empty(); }
    const std::vector<std::string>& problems() const { return problems_; }
    // Throws SCHEMA_ERROR ("Request validation failed on METHOD PATH: ...") if any problem.
    void ThrowIfInvalid(const std::string& method, const std::string& requested_path) const;

private:
    std::string FieldPath(const std::string& key) const { return path_ + "." + key; }
    const nlohmann::json* Find(const std::string& key) const;

    std::string path_;
    nlohmann::json value_;
    std::vector<std::string> problems_;
};

// An image URL field (users, teams, member profiles): absent / null / a URL (upstream's
// urlSchema) of at most 1,000,000 characters. `path` is the reader's own ("body").
std::optional<std::optional<std::string>> ReadImageUrl(ObjectReader& reader, const std::string& path,
                                                       const std::string& key);

}  // namespace stackd::api::v1::schema
