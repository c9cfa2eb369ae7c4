#include "domain/password_reset.hpp"

#include <chrono>
#include <random>
#include <thread>

#include "domain/password_auth.hpp"
#include "domain/session_repository.hpp"
#include "domain/user_repository.hpp"
#include "domain/webhook_events.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {

void PasswordReset::SendResetCode(const TenancyView& tenancy, const std::string& email,
                                  const std::string& callback_url) {
    PasswordAuth::CheckEnabled(tenancy);
    const std::string& tenancy_id = tenancy.tenancy->id;
    const bool found = store_.WriteValue([&](storage::Connection& db) {
        auto user_id = user_repository::FindUserIdByAuthEmail(db, tenancy_id, email);
        if (!user_id) {
            user_id = user_repository::FindUserIdByAuthEmail(db, tenancy_id, NormalizeEmail(email));
        }
        if (!user_id) {
            return false;
        }
        const auto user = user_repository::Find(db, tenancy_id, *user_id);
        const auto issued = codes_.CreateIn(db, tenancy_id, tenancy.config, CodeType::kPasswordReset,
                                            {{"email", email}}, {{"user_id", *user_id}}, callback_url);
        EmailRequest request;
        request.email_template = EmailTemplate::kPasswordReset;
        request.to = email;
        request.user_id = *user_id;
        request.user_display_name = user ? user->display_name : std::nullopt;
        request.variables = {{"passwordResetLink", *issued.link}};
        emails_.EnqueueIn(db, tenancy, request);
        return true;
    });
    if (!found) {
        // Answer as late as a real send would, so the timing does not tell which emails
        // have accounts (upstream waits 2-3 s).
        thread_local std::mt19937 generator{std::random_device{}()};
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(2000, 3000)(generator)));
    }
}

void PasswordReset::CheckCode(const TenancyView& tenancy, const std::string& code) {
    codes_.Check(tenancy.tenancy->id, CodeType::kPasswordReset, code);
}

void PasswordReset::Reset(const TenancyView& tenancy, const std::string& code, const std::string& password) {
    // As upstream, the code is spent before the checks below: a too-short password costs it.
    const auto used = codes_.Consume(tenancy.tenancy->id, CodeType::kPasswordReset, code);
    const auto& user_id = used.data["user_id"];
    if (!user_id.is_string()) {
        throw std::runtime_error("verification code " + used.id + " has the wrong shape");
    }
    PasswordAuth::CheckEnabled(tenancy);
    PasswordAuth::CheckPasswordLength(password);
    const std::string hash = hasher_.Hash(password);
    const std::string& tenancy_id = tenancy.tenancy->id;
    store_.Write([&](storage::Connection& db) {
        if (!user_repository::Find(db, tenancy_id, user_id.get<std::string>())) {
            throw errors::KnownError(errors::ErrorCode::kUserNotFound);
        }
        user_repository::SetAuthMethod(db, tenancy_id, user_id.get<std::string>(), "password", hash, 0);
        session_repository::DeleteAllForUser(db, tenancy_id, user_id.get<std::string>(), std::nullopt);
        // Upstream resets through its users update handler, which sends user.updated.
        webhook_events::UserUpdated(db, tenancy, *user_repository::Find(db, tenancy_id, user_id.get<std::string>()),
                                    clock_.NowMillis());
    });
}

}  // namespace stackd::domain
