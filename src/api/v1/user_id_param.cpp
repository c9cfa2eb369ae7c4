#include "api/v1/user_id_param.hpp"

#include "crypto/random.hpp"
#include "errors/known_error.hpp"

namespace stackd::api::v1 {

std::string ResolveUserIdParam(const RouteContext& context, const std::string& value, const std::string& field_path) {
    if (value == "me") {
        if (!context.auth || !context.auth->user_id) {
            throw errors::KnownError(errors::ErrorCode::kCannotGetOwnUserWithoutUser);
        }
        return *context.auth->user_id;
    }
    if (!crypto::IsUuid(value)) {
        throw errors::SchemaError(context.request.method, context.requested_path,
                                  {field_path + " must be a valid UUID"});
    }
    return value;
}

}  // namespace stackd::api::v1
