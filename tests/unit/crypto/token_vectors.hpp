#pragma once

// Loads tests/data/tokens.json, the upstream-generated vectors (see its README in shared/test-vectors).

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace stackd::crypto::testing {

inline const nlohmann::json& TokenVectors() {
    static const nlohmann::json vectors = [] {
        std::ifstream in(STACKD_TEST_DATA_DIR "/tokens.json");
        if (!in) {
            throw std::runtime_error("cannot open " STACKD_TEST_DATA_DIR "/tokens.json");
        }
        return nlohmann::json::parse(in);
    }();
    return vectors;
}

// Cases name their secret ("dev", "random"); this is its value.
inline std::string SecretNamed(const nlohmann::json& name) {
    return TokenVectors().at("secrets").at(name.get<std::string>()).get<std::string>();
}

inline std::string HexToBytes(std::string_view hex) {
    std::string out;
    for (size_t index = 0; index + 1 < hex.size(); index += 2) {
        out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(index, 2)), nullptr, 16)));
    }
    return out;
}

inline std::string BytesToHex(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (const char c : bytes) {
        out.push_back(kHex[static_cast<unsigned char>(c) >> 4]);
        out.push_back(kHex[static_cast<unsigned char>(c) & 15]);
    }
    return out;
}

// Vector timestamps are epoch seconds; the crypto API takes epoch millis like util::Clock.
constexpr int64_t Millis(int64_t seconds) { return seconds * 1000; }

}  // namespace stackd::crypto::testing
