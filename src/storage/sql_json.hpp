#pragma once

#include <string>
#include <string_view>

#include "storage/store.hpp"

namespace stackd::storage {

// The one piece of analytics SQL the dialects spell differently: the text of top-level
// key `key` of the JSON document in text column `column` (NULL when absent). `column`
// and `key` come from our code, never from a request.
std::string JsonTextSql(Dialect dialect, std::string_view column, std::string_view key);

}  // namespace stackd::storage
