#include "errors/user_errors.hpp"

#include <nlohmann/json.hpp>

namespace stackd::errors {

KnownError UserEmailAlreadyExists(const std::string& email, bool would_work_if_email_was_verified) {
    const std::string quoted = nlohmann::json(email).dump();
    const std::string message =
        would_work_if_email_was_verified
            ? "A user with email " + quoted +
                  " already exists but the email is not verified. Please login to your existing account with the "
                  "method you used to sign up, and then verify your email to sign in with this login method."
            : "A user with email " + quoted + " already exists.";
    return KnownError(ErrorCode::kUserEmailAlreadyExists, message,
                      {{"email", email}, {"would_work_if_email_was_verified", would_work_if_email_was_verified}});
}

}  // namespace stackd::errors
