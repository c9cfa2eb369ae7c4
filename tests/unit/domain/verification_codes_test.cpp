// The link format of verification codes (auth.md §4) and the built-in email templates
// (platform.md §2.6).
#include <gtest/gtest.h>

#include "domain/email_templates.hpp"
#include "domain/verification_codes.hpp"

namespace stackd::domain {
namespace {

const std::string kCode = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghi";

TEST(BuildCodeLinkTest, AddsTheCodeAsWhatwgSerialises) {
    EXPECT_EQ(BuildCodeLink("http://localhost:12345", kCode), "http://localhost:12345/?code=" + kCode);
    EXPECT_EQ(BuildCodeLink("https://app.example.com/handler/magic-link-callback", kCode),
              "https://app.example.com/handler/magic-link-callback?code=" + kCode);
    EXPECT_EQ(BuildCodeLink("https://a.example.com/cb?after=%2Fdash&x=1#frag", kCode),
              "https://a.example.com/cb?after=%2Fdash&x=1&code=" + kCode + "#frag");
}

TEST(BuildCodeLinkTest, ReplacesAnExistingCode) {
    EXPECT_EQ(BuildCodeLink("https://a.example.com/cb?code=old&x=1&code=older", kCode),
              "https://a.example.com/cb?code=" + kCode + "&x=1");
}

TEST(EmailTemplatesTest, SubjectsAndTextAreUpstreams) {
    const auto verification =
        RenderEmail(EmailTemplate::kEmailVerification, "My <App>", std::nullopt,
                    {{"emailVerificationLink", "https://a.example.com/v?code=1&x=2"}});
    EXPECT_EQ(verification.subject, "Verify your email at My <App>");
    EXPECT_NE(verification.html.find("Verify your email at My &lt;App&gt;"), std::string::npos);
    EXPECT_NE(verification.html.find("href=\"https://a.example.com/v?code=1&amp;x=2\""), std::string::npos);
    EXPECT_NE(verification.html.find("Hi! Please click on the following button to verify your email."),
              std::string::npos);
    EXPECT_NE(verification.text.find("https://a.example.com/v?code=1&x=2"), std::string::npos);

    const auto reset = RenderEmail(EmailTemplate::kPasswordReset, "P", std::string("Ann"),
                                   {{"passwordResetLink", "https://a.example.com/r"}});
    EXPECT_EQ(reset.subject, "Reset your password at P");
    EXPECT_NE(reset.text.find("Hi, Ann! Please click on the following button to start the password reset process."),
              std::string::npos);

    const auto magic = RenderEmail(EmailTemplate::kMagicLink, "P", std::nullopt,
                                   {{"magicLink", "https://a.example.com/m"}, {"otp", "AB12CD"}});
    EXPECT_EQ(magic.subject, "Sign in to P: Your code is AB12CD");
    EXPECT_EQ(magic.loggable_subject, "Sign in to P: Your code is ******");
    EXPECT_NE(magic.html.find(">AB12CD<"), std::string::npos);
    EXPECT_EQ(EmailTemplateId(EmailTemplate::kMagicLink), std::string("822687fe-8d0a-4467-a0d1-416b6e639478"));
}

}  // namespace
}  // namespace stackd::domain
