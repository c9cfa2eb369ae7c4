#pragma once

#include "config/config.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

// Creates or refreshes the `internal` project as upstream's seed script does
// (platform.md §1.2): the project at first start, the environment switches and the
// internal API key set on every start. Idempotent.
void SeedInternalProject(storage::Store& store, const util::Clock& clock, const config::Config::Seed& seed);

}  // namespace stackd::domain
