#pragma once

#include "api/dispatcher.hpp"
#include "util/clock.hpp"

namespace stackd::api {

// POST /stackd-test/clock {"offset_ms": N} moves the server's clock N ms ahead of real
// time; GET reads it. Registered only with STACKD_TEST_MODE=1: otherwise the path does
// not exist (404) and the clock cannot be moved.
void RegisterTestClock(Dispatcher& dispatcher, util::SystemClock& clock);

}  // namespace stackd::api
