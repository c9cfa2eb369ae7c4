#include "http/error_boundary.hpp"

#include <spdlog/spdlog.h>

#include "errors/known_error.hpp"

namespace stackd::http {

Response ErrorToResponse(std::exception_ptr error, const std::string& request_id) {
    try {
        std::rethrow_exception(error);
    } catch (const errors::KnownError& known) {
        // Upstream's body: keys code, details (only when present), error; 2-space indent.
        nlohmann::ordered_json body;
        body["code"] = known.info().code;
        if (!known.details().is_null()) {
            body["details"] = known.details();
        }
        body["error"] = known.message();
        Response response;
        response.status = known.info().status;
        response.SetHeader("content-type", "application/json; charset=utf-8");
        response.SetHeader("x-stack-known-error", std::string(known.info().code));
        response.body = body.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
        return response;
    } catch (const errors::StatusError& status) {
        return Response::Text(status.status(), status.text());
    } catch (const std::exception& unexpected) {
        spdlog::error("request {} failed: {}", request_id, unexpected.what());
    } catch (...) {
        spdlog::error("request {} failed with a non-standard exception", request_id);
    }
    return Response::Text(500, "Something went wrong. Please make sure the data you entered is correct.\n\nRequest ID: " +
                                   request_id);
}

}  // namespace stackd::http
