#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace stackd::crypto {

// Writes `value` exactly as JavaScript's JSON.stringify(value) does, because upstream hashes that
// text (signing-key derivation) and signs it (JWT segments), so one differing byte changes a key.
// - Strings: `"` and `\` escaped; \b \f \n \r \t; other C0 controls as \u00xx (lower-case hex);
//   `/`, DEL, U+2028/9 and all non-ASCII raw. Invalid UTF-8 becomes U+FFFD, which is what Node
//   sees after decoding such bytes.
// - Numbers: integers as decimals; doubles in ECMAScript Number::toString form (1.5, 1e+21, 1e-7,
//   100 rather than 100.0); NaN and infinities as null.
// - Object keys in JS property order: canonical array-index keys ("0", "7", "42") ascending first,
//   then the rest in iteration order (insertion order for ordered_json).
std::string JsStringify(const nlohmann::json& value);
std::string JsStringify(const nlohmann::ordered_json& value);

// ECMAScript Number::toString(value) for a finite double; "NaN"/"Infinity"/"-Infinity" otherwise.
std::string JsNumberToString(double value);

}  // namespace stackd::crypto
