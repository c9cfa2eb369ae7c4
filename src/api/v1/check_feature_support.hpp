#pragma once

#include "api/dispatcher.hpp"

namespace stackd::api::v1 {

// POST /check-feature-support: the SDK asks about a feature this server lacks; always a
// 200 text naming it (auth optional, any body).
void RegisterCheckFeatureSupport(Dispatcher& dispatcher);

}  // namespace stackd::api::v1
