#include "storage/store.hpp"

#include <fmt/format.h>

namespace stackd::storage {

bool Row::IsNull(size_t column) const {
    return std::holds_alternative<std::monostate>(values_.at(column));
}

int64_t Row::Int(size_t column) const {
    const Value& value = values_.at(column);
    if (const auto* number = std::get_if<int64_t>(&value)) {
        return *number;
    }
    if (const auto* real = std::get_if<double>(&value)) {
        return static_cast<int64_t>(*real);
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        // PostgreSQL's text protocol hands back numbers and booleans as text.
        if (*text == "t") {
            return 1;
        }
        if (*text == "f") {
            return 0;
        }
        return std::stoll(*text);
    }
    throw StorageError(fmt::format("column {} is NULL, expected an integer", column));
}

const std::string& Row::Text(size_t column) const {
    const Value& value = values_.at(column);
    if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
    }
    throw StorageError(fmt::format("column {} is not text", column));
}

std::optional<std::string> Row::OptText(size_t column) const {
    if (IsNull(column)) {
        return std::nullopt;
    }
    return Text(column);
}

std::optional<int64_t> Row::OptInt(size_t column) const {
    if (IsNull(column)) {
        return std::nullopt;
    }
    return Int(column);
}

std::optional<Row> Connection::QueryOne(std::string_view sql, const Params& params) {
    Rows rows = Query(sql, params);
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::move(rows.front());
}

}  // namespace stackd::storage
