#pragma once

#include <optional>

#include <nlohmann/json.hpp>

namespace stackd::wire {

// null for an absent value, as upstream's read objects write it.
template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace stackd::wire
