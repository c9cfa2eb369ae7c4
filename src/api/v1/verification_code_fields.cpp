#include "api/v1/verification_code_fields.hpp"

#include "domain/verification_codes.hpp"

namespace stackd::api::v1 {

std::optional<std::string> ReadVerificationCode(schema::ObjectReader& body) {
    auto code = body.String("code", {.required = true});
    if (code && code->size() != domain::VerificationCodes::kCodeLength) {
        body.AddProblem("body.code must be exactly 45 characters");
        return std::nullopt;
    }
    return code;
}

void AddCheckCodeRoute(Dispatcher& dispatcher, const std::string& path,
                       std::function<void(const RequestAuth&, const std::string&)> check) {
    dispatcher.Add({
        .method = "POST",
        .path = path,
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [check = std::move(check)](const RouteContext& context) {
                schema::ObjectReader body("body", context.body, {"code"});
                auto code = ReadVerificationCode(body);
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                check(context.Auth(), *code);
                return http::Response::Json(200, {{"is_code_valid", true}});
            },
    });
}

}  // namespace stackd::api::v1
