#include "crypto/access_token.hpp"

#include <gtest/gtest.h>

#include "crypto/base64url.hpp"
#include "crypto/json_stringify.hpp"
#include "crypto/signing_keys.hpp"
#include "token_vectors.hpp"

namespace stackd::crypto {
namespace {

using testing::Millis;
using testing::SecretNamed;
using testing::TokenVectors;

constexpr std::string_view kApiUrl = "http://localhost:8102";

UserType ParseUserType(const std::string& name) {
    return name == "anonymous"    ? UserType::kAnonymous
           : name == "restricted" ? UserType::kRestricted
                                  : UserType::kNormal;
}

std::optional<std::string> NullableString(const nlohmann::json& value) {
    return value.is_null() ? std::nullopt : std::optional<std::string>(value.get<std::string>());
}

AccessTokenSubject SubjectFromVector(const nlohmann::json& vector) {
    const auto& inputs = vector.at("inputs");
    const auto& user = inputs.at("user");
    AccessTokenSubject subject;
    subject.user_id = user.at("id");
    subject.project_id = vector.at("project_id");
    subject.branch_id = inputs.at("branch_id");
    subject.refresh_token_id = inputs.at("refresh_token_id");
    subject.display_name = NullableString(user.at("display_name"));
    subject.primary_email = NullableString(user.at("primary_email"));
    subject.primary_email_verified = user.at("primary_email_verified");
    subject.selected_team_id = NullableString(user.at("selected_team_id"));
    subject.signed_up_at_millis = user.at("signed_up_at_millis");
    subject.is_anonymous = user.at("is_anonymous");
    subject.is_restricted = user.at("is_restricted");
    if (!user.at("restricted_reason").is_null()) {
        subject.restricted_reason = user.at("restricted_reason").at("type").get<std::string>();
    }
    subject.requires_totp_mfa = user.at("requires_totp_mfa");
    return subject;
}

int64_t LifetimeSeconds(const nlohmann::json& vector) {
    const std::string setting = vector.at("inputs").at("STACK_ACCESS_TOKEN_EXPIRATION_TIME");
    return *ParseJoseDurationSeconds(setting.rfind("(unset", 0) == 0 ? "10min" : setting);
}

std::string FirstTwoSegments(const std::string& token) { return token.substr(0, token.rfind('.')); }

TEST(AccessTokenTest, IssuersAndAudiencesMatchEveryExample) {
    const auto& examples = TokenVectors().at("issuer_and_audience_examples");
    ASSERT_EQ(examples.size(), 18u);
    for (const auto& example : examples) {
        const std::string url = example.at("NEXT_PUBLIC_STACK_API_URL");
        const std::string project_id = example.at("project_id");
        const UserType type = ParseUserType(example.at("user_type"));
        EXPECT_EQ(IssuerFor(url, project_id, type), example.at("issuer")) << url;
        EXPECT_EQ(AudienceFor(project_id, type), example.at("audience"));
    }
}

TEST(AccessTokenTest, ApiOriginNormalisesLikeWhatwgUrl) {
    EXPECT_EQ(ApiOrigin("https://auth.example.com/some/prefix/"), "https://auth.example.com");
    EXPECT_EQ(ApiOrigin("HTTP://LocalHost:8102?x=1#y"), "http://localhost:8102");
    EXPECT_EQ(ApiOrigin("https://api.example.com:443/v1"), "https://api.example.com");
    EXPECT_EQ(ApiOrigin("http://api.example.com:80"), "http://api.example.com");
    EXPECT_EQ(ApiOrigin("http://api.example.com:0443"), "http://api.example.com:443");
    EXPECT_EQ(ApiOrigin("http://user:pw@[::1]:8102/x"), "http://user:pw@[::1]:8102");
    EXPECT_FALSE(ApiOrigin("localhost:8102"));
    EXPECT_FALSE(ApiOrigin("http://"));
    EXPECT_FALSE(ApiOrigin("http://host:99999"));
    EXPECT_EQ(IssuerFor("http://localhost:8102", "a b", UserType::kNormal),
              "http://localhost:8102/api/v1/projects/a%20b");
    EXPECT_EQ(UserTypeOf(true, false), UserType::kAnonymous);
    EXPECT_EQ(UserTypeOf(false, true), UserType::kRestricted);
    EXPECT_EQ(UserTypeOf(false, false), UserType::kNormal);
}

TEST(AccessTokenTest, MintedTokensAreUpstreamsTokensUpToTheSignature) {
    const auto& vectors = TokenVectors().at("access_tokens");
    ASSERT_EQ(vectors.size(), 15u);
    for (const auto& vector : vectors) {
        SCOPED_TRACE(vector.at("token").get<std::string>());
        const SigningKeys keys(SecretNamed(vector.at("secret")));
        const AccessTokenSubject subject = SubjectFromVector(vector);
        const auto& expected = vector.at("expected");

        const auto claims = BuildAccessTokenClaims(subject);
        std::vector<std::string> order;
        for (const auto& item : claims.items()) {
            order.push_back(item.key());
        }
        const auto& full_order = expected.at("payload_key_order");
        EXPECT_EQ(nlohmann::json(order),
                  nlohmann::json(std::vector<nlohmann::json>(full_order.begin(), full_order.end() - 4)));

        const int64_t clock = vector.at("inputs").at("clock_frozen_at_epoch_seconds");
        const auto token = MintAccessToken(keys, vector.at("inputs").at("NEXT_PUBLIC_STACK_API_URL").get<std::string>(),
                                           subject, Millis(clock) + 999, LifetimeSeconds(vector));
        ASSERT_TRUE(token);
        // Header and claims are deterministic, so they must be byte-identical to upstream's;
        // only the (randomized) ECDSA signature differs.
        EXPECT_EQ(FirstTwoSegments(*token), FirstTwoSegments(vector.at("token")));
        EXPECT_EQ(Base64UrlDecode(token->substr(token->find('.') + 1, token->rfind('.') - token->find('.') - 1)),
                  vector.at("payload_json_exact"));
        const auto decoded = DecodeAccessToken(keys, kApiUrl, *token, true, true, Millis(clock + 1));
        EXPECT_EQ(decoded.status, AccessTokenStatus::kOk) << decoded.inconsistency;
    }
}

TEST(AccessTokenTest, EveryUpstreamTokenDecodesToItsSession) {
    std::vector<nlohmann::json> vectors(TokenVectors().at("access_tokens").begin(),
                                        TokenVectors().at("access_tokens").end());
    vectors.push_back(TokenVectors().at("access_token_signed_with_new_kid"));
    for (const auto& vector : vectors) {
        SCOPED_TRACE(vector.at("token").get<std::string>());
        const SigningKeys keys(SecretNamed(vector.at("secret")));
        const auto& payload = vector.at("expected").at("payload");
        const std::string token = vector.at("token");
        const auto result =
            DecodeAccessToken(keys, kApiUrl, token, true, true, Millis(payload.at("iat").get<int64_t>() + 1));
        ASSERT_EQ(result.status, AccessTokenStatus::kOk) << result.inconsistency;
        const auto& info = *result.info;
        EXPECT_EQ(info.project_id, vector.at("project_id"));
        EXPECT_EQ(info.user_id, payload.at("sub"));
        EXPECT_EQ(info.branch_id, "main");
        EXPECT_EQ(info.refresh_token_id, payload.at("refresh_token_id"));
        EXPECT_EQ(info.exp, payload.at("exp"));
        EXPECT_EQ(info.is_anonymous, payload.at("is_anonymous"));
        EXPECT_EQ(info.is_restricted, payload.at("is_restricted"));
        EXPECT_EQ(info.restricted_reason.has_value(), !payload.at("restricted_reason").is_null());
        if (info.restricted_reason) {
            EXPECT_EQ(*info.restricted_reason, payload.at("restricted_reason").at("type"));
        }

        const bool normal = vector.at("user_type") == "normal";
        const auto admin_style =
            DecodeAccessToken(keys, kApiUrl, token, false, false, Millis(payload.at("iat").get<int64_t>() + 1));
        EXPECT_EQ(admin_style.status, normal ? AccessTokenStatus::kOk : AccessTokenStatus::kUnparsable);

        const auto expired = DecodeAccessToken(keys, kApiUrl, token, true, true, Millis(payload.at("exp")));
        ASSERT_EQ(expired.status, AccessTokenStatus::kExpired);
        EXPECT_EQ(expired.expired_at_millis, payload.at("exp").get<int64_t>() * 1000);
        EXPECT_EQ(expired.expired_project_id, vector.at("project_id"));
        EXPECT_EQ(expired.expired_user_id, payload.at("sub"));
        EXPECT_EQ(expired.expired_refresh_token_id, payload.at("refresh_token_id"));

        // Tokens are bound to the API URL they were minted under.
        EXPECT_EQ(DecodeAccessToken(keys, "https://api.stack-auth.com", token, true, true, Millis(payload.at("iat")))
                      .jwt_status,
                  JwtStatus::kBadIssuer);
    }
}

// A token for `payload` signed with the dev keys of its aud, with the usual registered claims.
std::string SignCrafted(const SigningKeys& keys, nlohmann::ordered_json payload, const std::string& audience,
                        UserType issuer_type) {
    AddRegisteredClaims(payload, IssuerFor(kApiUrl, "internal", issuer_type), audience, 1767225600, 600);
    return *keys.Sign(audience, payload);
}

TEST(AccessTokenTest, LegacyClaimsAreAcceptedAndContradictionsReported) {
    const SigningKeys keys(SecretNamed("dev"));
    const int64_t now = Millis(1767225601);
    auto decode = [&](const std::string& token) { return DecodeAccessToken(keys, kApiUrl, token, true, true, now); };

    // Legacy: camelCase ids, no is_restricted, no restricted_reason.
    const nlohmann::ordered_json legacy = {
        {"sub", "u"}, {"branchId", "main"}, {"refreshTokenId", "r"}, {"is_anonymous", true}};
    auto result = decode(SignCrafted(keys, legacy, "internal:anon", UserType::kAnonymous));
    ASSERT_EQ(result.status, AccessTokenStatus::kOk) << result.inconsistency;
    EXPECT_EQ(result.info->refresh_token_id, "r");
    EXPECT_TRUE(result.info->is_restricted);
    EXPECT_EQ(result.info->restricted_reason, "anonymous");

    nlohmann::ordered_json normal = {{"sub", "u"},
                                     {"branch_id", "main"},
                                     {"is_anonymous", false},
                                     {"is_restricted", false},
                                     {"restricted_reason", nullptr}};
    result = decode(SignCrafted(keys, normal, "internal", UserType::kNormal));
    ASSERT_EQ(result.status, AccessTokenStatus::kOk) << result.inconsistency;
    EXPECT_FALSE(result.info->refresh_token_id);

    auto expect_inconsistent = [&](nlohmann::ordered_json payload, const std::string& audience, UserType type) {
        const auto decoded = decode(SignCrafted(keys, std::move(payload), audience, type));
        EXPECT_EQ(decoded.status, AccessTokenStatus::kInconsistent) << audience;
        EXPECT_FALSE(decoded.inconsistency.empty());
    };
    auto with = [&](const char* key, nlohmann::ordered_json value) {
        nlohmann::ordered_json copy = normal;
        copy[key] = std::move(value);
        return copy;
    };
    expect_inconsistent(with("branch_id", "dev"), "internal", UserType::kNormal);
    expect_inconsistent(with("is_restricted", true), "internal", UserType::kNormal);  // no reason
    expect_inconsistent(with("restricted_reason", {{"type", "email_not_verified"}}), "internal", UserType::kNormal);
    expect_inconsistent(with("restricted_reason", {{"type", "bogus"}}), "internal", UserType::kNormal);
    expect_inconsistent(normal, "internal:restricted", UserType::kRestricted);  // restricted aud, unrestricted user
    expect_inconsistent(normal, "internal:anon", UserType::kAnonymous);
    expect_inconsistent(with("is_anonymous", "no"), "internal", UserType::kNormal);
    nlohmann::ordered_json restricted = with("is_restricted", true);
    restricted["restricted_reason"] = {{"type", "restricted_by_administrator"}};
    expect_inconsistent(restricted, "internal", UserType::kNormal);  // needs the :restricted audience
    result = decode(SignCrafted(keys, restricted, "internal:restricted", UserType::kRestricted));
    EXPECT_EQ(result.status, AccessTokenStatus::kOk) << result.inconsistency;
    nlohmann::ordered_json anonymous_unrestricted = with("is_anonymous", true);
    expect_inconsistent(anonymous_unrestricted, "internal:anon", UserType::kAnonymous);
}

TEST(AccessTokenTest, GarbageIsUnparsable) {
    const SigningKeys keys(SecretNamed("dev"));
    for (const char* token : {"", "garbage", "eyJhbGciOiJFUzI1NiJ9.e30.", "a.b.c"}) {
        const auto result = DecodeAccessToken(keys, kApiUrl, token, true, true, 0);
        EXPECT_EQ(result.status, AccessTokenStatus::kUnparsable) << token;
        EXPECT_FALSE(result.info);
    }
}

}  // namespace
}  // namespace stackd::crypto
