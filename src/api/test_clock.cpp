#include "api/test_clock.hpp"

#include "errors/known_error.hpp"

namespace stackd::api {

void RegisterTestClock(Dispatcher& dispatcher, util::SystemClock& clock) {
    auto read = [&clock](const RouteContext&) {
        return http::Response::Json(200, {{"offset_ms", clock.OffsetMillis()}, {"now_ms", clock.NowMillis()}});
    };
    dispatcher.Add({.method = "GET", .path = "/stackd-test/clock", .access = {}, .query_keys = std::nullopt,
                    .handle = read});
    dispatcher.Add({
        .method = "POST",
        .path = "/stackd-test/clock",
        .access = {},
        .query_keys = std::nullopt,
        .handle =
            [&clock, read](const RouteContext& context) {
                if (!context.body.is_object() || !context.body.contains("offset_ms") ||
                    !context.body["offset_ms"].is_number_integer()) {
                    throw errors::SchemaError(context.request.method, context.requested_path,
                                              {"body.offset_ms must be defined"});
                }
                clock.SetOffsetMillis(context.body["offset_ms"].get<int64_t>());
                return read(context);
            },
    });
}

}  // namespace stackd::api
