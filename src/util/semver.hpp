#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackd::util {

// A semantic version as the npm `semver` package parses it in strict mode: surrounding
// whitespace trimmed, an optional leading "v", no leading zeros in numeric parts,
// build metadata kept but ignored by comparisons.
struct SemVer {
    uint64_t major = 0;
    uint64_t minor = 0;
    uint64_t patch = 0;
    std::vector<std::string> prerelease;
};

std::optional<SemVer> ParseSemVer(std::string_view text);

// <0, 0, >0 as semver.compare: main version, then prerelease precedence (a version
// without prerelease ranks above one with it).
int CompareSemVer(const SemVer& a, const SemVer& b);

}  // namespace stackd::util
