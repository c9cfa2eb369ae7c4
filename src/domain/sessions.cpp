#include "domain/sessions.hpp"

#include <stdexcept>

#include "crypto/access_token.hpp"
#include "crypto/random.hpp"

namespace stackd::domain {
namespace {

bool RequireEmailVerification(const TenancyView& tenancy) {
    const auto& value = tenancy.config["onboarding"]["requireEmailVerification"];
    return value.is_boolean() && value.get<bool>();
}

bool SessionUsable(const session_repository::Session& session, int64_t now) {
    return !session.expires_at_ms || *session.expires_at_ms > now;
}

}  // namespace

std::string SessionService::MintAccessToken(const TenancyView& tenancy, const User& user,
                                            const std::string& session_id) const {
    const auto restricted = ComputeRestrictedStatus(user, RequireEmailVerification(tenancy));
    crypto::AccessTokenSubject subject;
    subject.user_id = user.id;
    subject.project_id = tenancy.project.id;
    subject.branch_id = tenancy.tenancy->branch_id;
    subject.refresh_token_id = session_id;
    subject.display_name = user.display_name;
    subject.primary_email = user.primary_email;
    subject.primary_email_verified = user.primary_email_verified;
    subject.selected_team_id = user.selected_team_id;
    subject.signed_up_at_millis = user.signed_up_at_ms;
    subject.is_anonymous = user.is_anonymous;
    subject.is_restricted = restricted.is_restricted;
    subject.restricted_reason = restricted.reason;
    subject.requires_totp_mfa = user.requires_totp_mfa;
    auto token = crypto::MintAccessToken(keys_, settings_.api_base_url, subject, clock_.NowMillis(),
                                         settings_.access_token_lifetime_s);
    if (!token) {
        throw std::runtime_error("access token signing failed");
    }
    return *token;
}

IssuedTokens SessionService::CreateIn(storage::Connection& db, const TenancyView& tenancy, const User& user,
                                      std::optional<int64_t> expires_in_ms, bool is_impersonation,
                                      const ClientInfo& client) {
    const int64_t now = clock_.NowMillis();
    session_repository::Session session;
    session.tenancy_id = tenancy.tenancy->id;
    session.id = crypto::RandomUuidV4();
    session.user_id = user.id;
    session.is_impersonation = is_impersonation;
    session.expires_at_ms = now + expires_in_ms.value_or(kDefaultSessionLifetimeMs);
    session.last_active_ip_info = client.ip_info;
    IssuedTokens tokens;
    tokens.session_id = session.id;
    tokens.refresh_token = crypto::GenerateSecureRandomString();
    session_repository::Insert(db, session, tokens.refresh_token, now);
    tokens.access_token = MintAccessToken(tenancy, user, session.id);
    RecordActivity(tenancy, user, session.id, client);
    return tokens;
}

IssuedTokens SessionService::Create(const TenancyView& tenancy, const User& user, std::optional<int64_t> expires_in_ms,
                                    bool is_impersonation, const ClientInfo& client) {
    return store_.WriteValue([&](storage::Connection& db) {
        return CreateIn(db, tenancy, user, expires_in_ms, is_impersonation, client);
    });
}

std::optional<std::string> SessionService::Refresh(const std::string& refresh_token, const std::string& project_id,
                                                   const TenancyView& tenancy, const ClientInfo& client) {
    const int64_t now = clock_.NowMillis();
    if (!tenancy.tenancy || tenancy.project.id != project_id) {
        return std::nullopt;
    }
    // The session and its user, usually from memory (HotReads); the activity timestamps are
    // written in batches (jobs::ActivityWriter), so a refresh never waits for the writer.
    const auto found = hot_reads_.FindSessionByRefreshToken(refresh_token);
    if (!found || found->session.tenancy_id != tenancy.tenancy->id || !SessionUsable(found->session, now)) {
        return std::nullopt;
    }
    activity_.Record(found->session.tenancy_id, found->session.id, found->user.id, now, client.ip_info);
    RecordActivity(tenancy, found->user, found->session.id, client);
    return MintAccessToken(tenancy, found->user, found->session.id);
}

void SessionService::RecordActivity(const TenancyView& tenancy, const User& user, const std::string& session_id,
                                    const ClientInfo& client) {
    const std::string& tenancy_id = tenancy.tenancy->id;
    const std::string& branch_id = tenancy.tenancy->branch_id;
    // Field by field (a braced list would build and deep-copy temporaries): two events on
    // every refresh, as upstream logs them.
    nlohmann::json activity = nlohmann::json::object();
    activity["projectId"] = tenancy.project.id;
    activity["branchId"] = branch_id;
    activity["userId"] = user.id;
    activity["isAnonymous"] = user.is_anonymous;
    nlohmann::json refresh = activity;
    activity["sessionId"] = session_id;
    refresh["refreshTokenId"] = session_id;
    refresh["ipInfo"] = client.ip_info;
    events_.Record(tenancy_id, "$session-activity", std::move(activity));
    events_.Record(tenancy_id, "$token-refresh", std::move(refresh));
}

std::vector<session_repository::Session> SessionService::List(const std::string& tenancy_id,
                                                              const std::string& user_id) {
    return store_.ReadValue(
        [&](storage::Connection& db) { return session_repository::ListForUser(db, tenancy_id, user_id); });
}

std::optional<session_repository::Session> SessionService::Find(const std::string& tenancy_id,
                                                                const std::string& session_id) {
    return store_.ReadValue(
        [&](storage::Connection& db) { return session_repository::Find(db, tenancy_id, session_id); });
}

bool SessionService::Delete(const std::string& tenancy_id, const std::string& session_id) {
    return store_.WriteValue(
        [&](storage::Connection& db) { return session_repository::Delete(db, tenancy_id, session_id); });
}

std::optional<session_repository::Session> SessionService::FindByRefreshToken(const std::string& refresh_token) {
    return store_.ReadValue(
        [&](storage::Connection& db) { return session_repository::FindByRefreshToken(db, refresh_token); });
}

}  // namespace stackd::domain
