#include "errors/known_error.hpp"

#include <set>

#include <gtest/gtest.h>

#include "http/error_boundary.hpp"

namespace stackd::errors {
namespace {

TEST(KnownErrorCatalogueTest, CodesAreUniqueAndStatusesAreErrors) {
    std::set<std::string_view> codes;
    for (const auto& info : AllKnownErrors()) {
        EXPECT_TRUE(codes.insert(info.code).second) << "duplicate code " << info.code;
        EXPECT_GE(info.status, 400) << info.code;
        EXPECT_LE(info.status, 599) << info.code;
        EXPECT_EQ(&Describe(info.id), &info) << "enum and table out of order at " << info.code;
    }
    EXPECT_GE(codes.size(), 130u);
}

TEST(KnownErrorCatalogueTest, EveryMessageIsAValidFormatString) {
    for (const auto& info : AllKnownErrors()) {
        EXPECT_NO_THROW((void)fmt::format(fmt::runtime(info.message), "a", "b", "c", "d", "e", "f")) << info.code;
    }
}

TEST(ErrorBoundaryTest, WritesUpstreamsKnownErrorBody) {
    const auto response = http::ErrorToResponse(
        std::make_exception_ptr(KnownError::Formatted(ErrorCode::kBranchDoesNotExist, {{"branch_id", "dev"}}, "dev")),
        "req");
    EXPECT_EQ(response.status, 400);
    ASSERT_NE(response.FindHeader("x-stack-known-error"), nullptr);
    EXPECT_EQ(*response.FindHeader("x-stack-known-error"), "BRANCH_DOES_NOT_EXIST");
    EXPECT_EQ(response.body,
              "{\n  \"code\": \"BRANCH_DOES_NOT_EXIST\",\n  \"details\": {\n    \"branch_id\": \"dev\"\n  },\n"
              "  \"error\": \"The branch with ID dev does not exist.\"\n}");
}

TEST(ErrorBoundaryTest, OmitsDetailsWhenThereAreNone) {
    const auto response =
        http::ErrorToResponse(std::make_exception_ptr(KnownError(ErrorCode::kAccessTypeRequired)), "req");
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(response.body.find("\"details\""), std::string::npos);
}

TEST(ErrorBoundaryTest, StatusErrorsArePlainText) {
    const auto response = http::ErrorToResponse(std::make_exception_ptr(StatusError(401, "nope")), "req");
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(response.body, "nope");
    EXPECT_EQ(*response.FindHeader("content-type"), "text/plain; charset=utf-8");
}

TEST(ErrorBoundaryTest, UnexpectedErrorsHideTheirDetail) {
    const auto response =
        http::ErrorToResponse(std::make_exception_ptr(std::runtime_error("secret detail")), "abc123");
    EXPECT_EQ(response.status, 500);
    EXPECT_EQ(response.body.find("secret detail"), std::string::npos);
    EXPECT_NE(response.body.find("Request ID: abc123"), std::string::npos);
}

TEST(SchemaErrorTest, ListsEveryProblemUnderTheRequestLine) {
    const auto error = SchemaError("POST", "/api/v1/x", {"body.a must be defined", "query contains unknown properties: b"});
    EXPECT_EQ(error.message(),
              "Request validation failed on POST /api/v1/x:\n  - body.a must be defined\n"
              "  - query contains unknown properties: b");
    EXPECT_EQ(error.details()["message"], error.message());
}

}  // namespace
}  // namespace stackd::errors
