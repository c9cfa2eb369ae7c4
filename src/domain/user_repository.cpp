#include "domain/user_repository.hpp"

#include "crypto/random.hpp"

namespace stackd::domain::user_repository {
namespace {

using storage::Null;
using storage::Value;

Value OptText(const std::optional<std::string>& text) { return text ? Value(*text) : Null(); }
Value Flag(bool flag) { return int64_t{flag ? 1 : 0}; }

nlohmann::json ParseJson(const std::string& text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json(nullptr) : parsed;
}

// Columns 0-19 are the user row, 20-22 the primary email channel, 23-25 the methods,
// 26-32 the selected team (joined through the membership, so a stale selection reads as none).
constexpr const char* kSelectUser =
    "SELECT u.tenancy_id, u.id, u.display_name, u.profile_image_url, u.client_metadata, "
    "u.client_read_only_metadata, u.server_metadata, u.is_anonymous, u.restricted_by_admin, "
    "u.restricted_by_admin_reason, u.restricted_by_admin_private_details, u.requires_totp_mfa, "
    "u.totp_secret_base64, t.id, u.country_code, u.risk_score_bot, u.risk_score_free_trial_abuse, "
    "u.signed_up_at, u.last_active_at, u.created_at, c.value, c.is_verified, c.used_for_auth, "
    "EXISTS (SELECT 1 FROM auth_methods m WHERE m.tenancy_id = u.tenancy_id AND m.user_id = u.id AND m.kind = "
    "'password'), "
    "EXISTS (SELECT 1 FROM auth_methods m WHERE m.tenancy_id = u.tenancy_id AND m.user_id = u.id AND m.kind = "
    "'otp'), "
    "EXISTS (SELECT 1 FROM auth_methods m WHERE m.tenancy_id = u.tenancy_id AND m.user_id = u.id AND m.kind = "
    "'passkey'), "
    "t.display_name, t.profile_image_url, t.client_metadata, t.client_read_only_metadata, t.server_metadata, "
    "t.created_at "
    "FROM users u LEFT JOIN contact_channels c ON c.tenancy_id = u.tenancy_id AND c.user_id = u.id AND "
    "c.type = 'email' AND c.is_primary = 1 "
    "LEFT JOIN team_members sm ON sm.tenancy_id = u.tenancy_id AND sm.user_id = u.id AND "
    "sm.team_id = u.selected_team_id "
    "LEFT JOIN teams t ON t.tenancy_id = sm.tenancy_id AND t.id = sm.team_id ";

User ToUser(const storage::Row& row) {
    User user;
    user.tenancy_id = row.Text(0);
    user.id = row.Text(1);
    user.display_name = row.OptText(2);
    user.profile_image_url = row.OptText(3);
    user.client_metadata = ParseJson(row.Text(4));
    user.client_read_only_metadata = ParseJson(row.Text(5));
    user.server_metadata = ParseJson(row.Text(6));
    user.is_anonymous = row.Bool(7);
    user.restricted_by_admin = row.Bool(8);
    user.restricted_by_admin_reason = row.OptText(9);
    user.restricted_by_admin_private_details = row.OptText(10);
    user.requires_totp_mfa = row.Bool(11);
    user.totp_secret_base64 = row.OptText(12);
    user.selected_team_id = row.OptText(13);
    user.country_code = row.OptText(14);
    user.risk_score_bot = row.Int(15);
    user.risk_score_free_trial_abuse = row.Int(16);
    user.signed_up_at_ms = row.Int(17);
    user.last_active_at_ms = row.Int(18);
    user.primary_email = row.OptText(20);
    user.primary_email_verified = !row.IsNull(21) && row.Bool(21);
    user.primary_email_auth_enabled = !row.IsNull(22) && row.Bool(22);
    user.has_password = row.Bool(23);
    user.otp_auth_enabled = row.Bool(24);
    user.passkey_auth_enabled = row.Bool(25);
    if (user.selected_team_id) {
        Team team;
        team.tenancy_id = user.tenancy_id;
        team.id = *user.selected_team_id;
        team.display_name = row.Text(26);
        team.profile_image_url = row.OptText(27);
        team.client_metadata = ParseJson(row.Text(28));
        team.client_read_only_metadata = ParseJson(row.Text(29));
        team.server_metadata = ParseJson(row.Text(30));
        team.created_at_ms = row.Int(31);
        user.selected_team = std::move(team);
    }
    return user;
}

// LIKE pattern for "contains", with the pattern characters of the query escaped.
std::string ContainsPattern(const std::string& query) {
    std::string pattern = "%";
    for (const char c : query) {
        if (c == '%' || c == '_' || c == '\\') {
            pattern.push_back('\\');
        }
        pattern.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return pattern + "%";
}

}  // namespace

std::optional<User> Find(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id) {
    auto row = db.QueryOne(std::string(kSelectUser) + "WHERE u.tenancy_id = $1 AND u.id = $2", {tenancy_id, user_id});
    if (!row) {
        return std::nullopt;
    }
    return ToUser(*row);
}

std::vector<User> List(storage::Connection& db, const std::string& tenancy_id, const ListFilter& filter) {
    std::string sql = std::string(kSelectUser) + "WHERE u.tenancy_id = $1";
    storage::Params params = {tenancy_id};
    auto param = [&](Value value) {
        params.push_back(std::move(value));
        return "$" + std::to_string(params.size());
    };
    if (filter.only_anonymous) {
        sql += " AND u.is_anonymous = 1";
    } else if (!filter.include_anonymous) {
        sql += " AND u.is_anonymous = 0";
        if (!filter.include_restricted) {
            sql += " AND u.restricted_by_admin = 0";
            if (filter.require_verified_email) {
                sql += " AND c.is_verified = 1";
            }
        }
    }
    if (filter.search) {
        const std::string pattern = param(ContainsPattern(*filter.search));
        std::string match = "LOWER(u.display_name) LIKE " + pattern + " ESCAPE '\\' OR EXISTS (SELECT 1 FROM "
                            "contact_channels s WHERE s.tenancy_id = u.tenancy_id AND s.user_id = u.id AND "
                            "LOWER(s.value) LIKE " + pattern + " ESCAPE '\\')";
        if (filter.search_user_id) {
            match += " OR u.id = " + param(*filter.search_user_id);
        }
        sql += " AND (" + match + ")";
    }
    if (filter.team_id) {
        sql += " AND EXISTS (SELECT 1 FROM team_members m WHERE m.tenancy_id = u.tenancy_id AND m.user_id = u.id AND "
               "m.team_id = " + param(*filter.team_id) + ")";
    }
    const char* direction = filter.descending ? "DESC" : "ASC";
    if (filter.cursor) {
        auto cursor_row = db.QueryOne("SELECT signed_up_at FROM users WHERE tenancy_id = $1 AND id = $2",
                                      {tenancy_id, *filter.cursor});
        if (!cursor_row) {
            return {};
        }
        const std::string at = param(cursor_row->Int(0));
        const std::string id = param(*filter.cursor);
        sql += std::string(" AND (u.signed_up_at, u.id) ") + (filter.descending ? "<=" : ">=") + " (" + at + ", " +
               id + ")";
    }
    sql += std::string(" ORDER BY u.signed_up_at ") + direction + ", u.id " + direction;
    if (filter.limit) {
        sql += " LIMIT " + param(*filter.limit + 1);
    }
    std::vector<User> users;
    for (const auto& row : db.Query(sql, params)) {
        users.push_back(ToUser(row));
    }
    return users;
}

std::vector<User> ListRecentlyActive(storage::Connection& db, const std::string& tenancy_id, bool include_anonymous,
                                     int64_t limit) {
    // A top-N over the tenancy's users: no index on last_active_at, which the activity
    // writer rewrites on every refresh (an index there would tax the hot path for a
    // dashboard read). The top N are picked from the bare rows first; only they get the
    // joins and method lookups of a full user (done for every row, a 100k-user project took
    // most of a second here).
    std::string top = "SELECT id FROM users WHERE tenancy_id = $1";
    if (!include_anonymous) {
        top += " AND is_anonymous = 0";
    }
    top += " ORDER BY last_active_at DESC, id DESC LIMIT $2";
    const std::string sql = std::string(kSelectUser) + "WHERE u.tenancy_id = $1 AND u.id IN (" + top +
                            ") ORDER BY u.last_active_at DESC, u.id DESC";
    std::vector<User> users;
    for (const auto& row : db.Query(sql, {tenancy_id, limit})) {
        users.push_back(ToUser(row));
    }
    return users;
}

void Insert(storage::Connection& db, const User& user, int64_t now_ms) {
    db.Execute(
        "INSERT INTO users (tenancy_id, id, display_name, profile_image_url, client_metadata, "
        "client_read_only_metadata, server_metadata, is_anonymous, restricted_by_admin, restricted_by_admin_reason, "
        "restricted_by_admin_private_details, requires_totp_mfa, totp_secret_base64, selected_team_id, country_code, "
        "risk_score_bot, risk_score_free_trial_abuse, signed_up_at, last_active_at, created_at) VALUES ($1, $2, $3, "
        "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
        {user.tenancy_id, user.id, OptText(user.display_name), OptText(user.profile_image_url),
         user.client_metadata.dump(), user.client_read_only_metadata.dump(), user.server_metadata.dump(),
         Flag(user.is_anonymous), Flag(user.restricted_by_admin), OptText(user.restricted_by_admin_reason),
         OptText(user.restricted_by_admin_private_details), Flag(user.requires_totp_mfa),
         OptText(user.totp_secret_base64), OptText(user.selected_team_id), OptText(user.country_code),
         user.risk_score_bot, user.risk_score_free_trial_abuse, user.signed_up_at_ms, user.last_active_at_ms, now_ms});
}

void Update(storage::Connection& db, const User& user) {
    db.Execute(
        "UPDATE users SET display_name = $3, profile_image_url = $4, client_metadata = $5, "
        "client_read_only_metadata = $6, server_metadata = $7, is_anonymous = $8, restricted_by_admin = $9, "
        "restricted_by_admin_reason = $10, restricted_by_admin_private_details = $11, requires_totp_mfa = $12, "
        "totp_secret_base64 = $13, selected_team_id = $14, country_code = $15, risk_score_bot = $16, "
        "risk_score_free_trial_abuse = $17, signed_up_at = $18, last_active_at = $19 "
        "WHERE tenancy_id = $1 AND id = $2",
        {user.tenancy_id, user.id, OptText(user.display_name), OptText(user.profile_image_url),
         user.client_metadata.dump(), user.client_read_only_metadata.dump(), user.server_metadata.dump(),
         Flag(user.is_anonymous), Flag(user.restricted_by_admin), OptText(user.restricted_by_admin_reason),
         OptText(user.restricted_by_admin_private_details), Flag(user.requires_totp_mfa),
         OptText(user.totp_secret_base64), OptText(user.selected_team_id), OptText(user.country_code),
         user.risk_score_bot, user.risk_score_free_trial_abuse, user.signed_up_at_ms, user.last_active_at_ms});
}

bool Delete(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id) {
    // Channels, methods and sessions go with the user (ON DELETE CASCADE).
    return db.Execute("DELETE FROM users WHERE tenancy_id = $1 AND id = $2", {tenancy_id, user_id}) > 0;
}

std::optional<std::string> FindUserIdByAuthEmail(storage::Connection& db, const std::string& tenancy_id,
                                                 const std::string& email) {
    auto row = db.QueryOne(
        "SELECT user_id FROM contact_channels WHERE tenancy_id = $1 AND type = 'email' AND value = $2 AND "
        "used_for_auth = 1",
        {tenancy_id, email});
    if (!row) {
        return std::nullopt;
    }
    return row->Text(0);
}

std::vector<ContactChannel> ListEmailChannels(storage::Connection& db, const std::string& tenancy_id,
                                              const std::string& user_id) {
    std::vector<ContactChannel> channels;
    for (const auto& row : db.Query(
             "SELECT id, user_id, value, is_primary, is_verified, used_for_auth FROM contact_channels WHERE "
             "tenancy_id = $1 AND user_id = $2 AND type = 'email' ORDER BY created_at, id",
             {tenancy_id, user_id})) {
        channels.push_back({row.Text(0), row.Text(1), row.Text(2), row.Bool(3), row.Bool(4), row.Bool(5)});
    }
    return channels;
}

void InsertContactChannel(storage::Connection& db, const std::string& tenancy_id, const ContactChannel& channel,
                          int64_t now_ms) {
    db.Execute(
        "INSERT INTO contact_channels (tenancy_id, id, user_id, type, value, is_primary, is_verified, used_for_auth, "
        "created_at) VALUES ($1, $2, $3, 'email', $4, $5, $6, $7, $8)",
        {tenancy_id, channel.id.empty() ? crypto::RandomUuidV4() : channel.id, channel.user_id, channel.value,
         Flag(channel.is_primary), Flag(channel.is_verified), Flag(channel.used_for_auth), now_ms});
}

void UpdateContactChannel(storage::Connection& db, const std::string& tenancy_id, const ContactChannel& channel) {
    db.Execute(
        "UPDATE contact_channels SET value = $3, is_primary = $4, is_verified = $5, used_for_auth = $6 WHERE "
        "tenancy_id = $1 AND id = $2",
        {tenancy_id, channel.id, channel.value, Flag(channel.is_primary), Flag(channel.is_verified),
         Flag(channel.used_for_auth)});
}

namespace {

constexpr const char* kSelectChannel =
    "SELECT id, user_id, value, is_primary, is_verified, used_for_auth FROM contact_channels WHERE tenancy_id = $1 ";

ContactChannel ChannelFromRow(const storage::Row& row) {
    return {row.Text(0), row.Text(1), row.Text(2), row.Bool(3), row.Bool(4), row.Bool(5)};
}

}  // namespace

std::vector<ContactChannel> ListContactChannels(storage::Connection& db, const std::string& tenancy_id,
                                                const std::optional<std::string>& user_id,
                                                const std::optional<std::string>& channel_id) {
    std::string sql = kSelectChannel;
    storage::Params params = {tenancy_id};
    if (user_id) {
        params.emplace_back(*user_id);
        sql += "AND user_id = $" + std::to_string(params.size()) + " ";
    }
    if (channel_id) {
        params.emplace_back(*channel_id);
        sql += "AND id = $" + std::to_string(params.size()) + " ";
    }
    sql += "ORDER BY created_at, id";
    std::vector<ContactChannel> channels;
    for (const auto& row : db.Query(sql, params)) {
        channels.push_back(ChannelFromRow(row));
    }
    return channels;
}

std::optional<ContactChannel> FindContactChannel(storage::Connection& db, const std::string& tenancy_id,
                                                 const std::string& user_id, const std::string& channel_id) {
    auto row = db.QueryOne(std::string(kSelectChannel) + "AND user_id = $2 AND id = $3", {tenancy_id, user_id, channel_id});
    if (!row) {
        return std::nullopt;
    }
    return ChannelFromRow(*row);
}

std::optional<ContactChannel> FindAuthEmailChannel(storage::Connection& db, const std::string& tenancy_id,
                                                   const std::string& email) {
    auto row = db.QueryOne(std::string(kSelectChannel) + "AND type = 'email' AND value = $2 AND used_for_auth = 1",
                           {tenancy_id, email});
    if (!row) {
        return std::nullopt;
    }
    return ChannelFromRow(*row);
}

bool DeleteContactChannel(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
                          const std::string& channel_id) {
    return db.Execute("DELETE FROM contact_channels WHERE tenancy_id = $1 AND user_id = $2 AND id = $3",
                      {tenancy_id, user_id, channel_id}) > 0;
}

void DemoteEmailChannels(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id) {
    db.Execute(
        "UPDATE contact_channels SET is_primary = 0 WHERE tenancy_id = $1 AND user_id = $2 AND type = 'email' AND "
        "is_primary = 1",
        {tenancy_id, user_id});
}

std::optional<std::string> FindPasswordHash(storage::Connection& db, const std::string& tenancy_id,
                                            const std::string& user_id) {
    auto row = db.QueryOne(
        "SELECT password_hash FROM auth_methods WHERE tenancy_id = $1 AND user_id = $2 AND kind = 'password'",
        {tenancy_id, user_id});
    if (!row) {
        return std::nullopt;
    }
    return row->OptText(0);
}

void SetAuthMethod(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
                   const std::string& kind, const std::optional<std::string>& password_hash, int64_t now_ms) {
    db.Execute(
        "INSERT INTO auth_methods (tenancy_id, user_id, kind, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT (tenancy_id, user_id, kind) DO UPDATE SET password_hash = excluded.password_hash",
        {tenancy_id, user_id, kind, OptText(password_hash), now_ms});
}

void RemoveAuthMethod(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
                      const std::string& kind) {
    db.Execute("DELETE FROM auth_methods WHERE tenancy_id = $1 AND user_id = $2 AND kind = $3",
               {tenancy_id, user_id, kind});
}

}  // namespace stackd::domain::user_repository
