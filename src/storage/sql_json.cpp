#include "storage/sql_json.hpp"

namespace stackd::storage {

std::string JsonTextSql(Dialect dialect, std::string_view column, std::string_view key) {
    const std::string column_text(column);
    const std::string key_text(key);
    if (dialect == Dialect::kPostgres) {
        return "(" + column_text + "::jsonb ->> '" + key_text + "')";
    }
    return "json_extract(" + column_text + ", '$." + key_text + "')";
}

}  // namespace stackd::storage
