#include "util/semver.hpp"

#include <algorithm>

namespace stackd::util {
namespace {

constexpr size_t kMaxLength = 256;  // semver's MAX_LENGTH
constexpr uint64_t kMaxSafeInteger = 9007199254740991ull;

bool IsDigits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A numeric identifier: "0" or digits without a leading zero, at most Number.MAX_SAFE_INTEGER.
std::optional<uint64_t> ParseNumber(std::string_view text) {
    if (!IsDigits(text) || (text.size() > 1 && text[0] == '0') || text.size() > 16) {
        return std::nullopt;
    }
    const uint64_t value = std::stoull(std::string(text));
    return value <= kMaxSafeInteger ? std::optional<uint64_t>(value) : std::nullopt;
}

bool IsIdentifierChar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        const size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) {
            return parts;
        }
        start = end + 1;
    }
}

bool ValidIdentifiers(const std::vector<std::string_view>& parts, bool numeric_rule) {
    for (const auto part : parts) {
        if (part.empty() || !std::all_of(part.begin(), part.end(), IsIdentifierChar)) {
            return false;
        }
        // Prerelease identifiers that are all digits follow the numeric rule (no leading zero).
        if (numeric_rule && IsDigits(part) && part.size() > 1 && part[0] == '0') {
            return false;
        }
    }
    return true;
}

int CompareIdentifier(const std::string& a, const std::string& b) {
    const bool a_numeric = IsDigits(a);
    const bool b_numeric = IsDigits(b);
    if (a_numeric && b_numeric) {
        if (a.size() != b.size()) {
            return a.size() < b.size() ? -1 : 1;
        }
        return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
    }
    if (a_numeric != b_numeric) {
        return a_numeric ? -1 : 1;
    }
    return a < b ? -1 : (a == b ? 0 : 1);
}

}  // namespace

std::optional<SemVer> ParseSemVer(std::string_view text) {
    if (text.size() > kMaxLength) {
        return std::nullopt;
    }
    const auto first = text.find_first_not_of(" \t\n\r\f\v");
    if (first == std::string_view::npos) {
        return std::nullopt;
    }
    text = text.substr(first, text.find_last_not_of(" \t\n\r\f\v") - first + 1);
    if (!text.empty() && text[0] == 'v') {
        text.remove_prefix(1);
    }
    std::string_view build;
    if (const auto plus = text.find('+'); plus != std::string_view::npos) {
        build = text.substr(plus + 1);
        text = text.substr(0, plus);
        if (!ValidIdentifiers(Split(build, '.'), false)) {
            return std::nullopt;
        }
    }
    std::string_view prerelease;
    bool has_prerelease = false;
    if (const auto dash = text.find('-'); dash != std::string_view::npos) {
        prerelease = text.substr(dash + 1);
        text = text.substr(0, dash);
        has_prerelease = true;
    }
    const auto main = Split(text, '.');
    if (main.size() != 3) {
        return std::nullopt;
    }
    SemVer version;
    const auto major = ParseNumber(main[0]);
    const auto minor = ParseNumber(main[1]);
    const auto patch = ParseNumber(main[2]);
    if (!major || !minor || !patch) {
        return std::nullopt;
    }
    version.major = *major;
    version.minor = *minor;
    version.patch = *patch;
    if (has_prerelease) {
        const auto parts = Split(prerelease, '.');
        if (!ValidIdentifiers(parts, true)) {
            return std::nullopt;
        }
        for (const auto part : parts) {
            version.prerelease.emplace_back(part);
        }
    }
    return version;
}

int CompareSemVer(const SemVer& a, const SemVer& b) {
    for (const auto& [x, y] : {std::pair{a.major, b.major}, std::pair{a.minor, b.minor}, std::pair{a.patch, b.patch}}) {
        if (x != y) {
            return x < y ? -1 : 1;
        }
    }
    if (a.prerelease.empty() != b.prerelease.empty()) {
        return a.prerelease.empty() ? 1 : -1;
    }
    for (size_t index = 0; index < std::max(a.prerelease.size(), b.prerelease.size()); ++index) {
        if (index >= a.prerelease.size()) {
            return -1;
        }
        if (index >= b.prerelease.size()) {
            return 1;
        }
        if (const int result = CompareIdentifier(a.prerelease[index], b.prerelease[index]); result != 0) {
            return result;
        }
    }
    return 0;
}

}  // namespace stackd::util
