#include "api/v1/check_feature_support.hpp"

#include <spdlog/spdlog.h>

namespace stackd::api::v1 {
namespace {

// How a JavaScript template literal prints the value.
std::string TemplateString(const nlohmann::json& value) {
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_object()) {
        return "[object Object]";
    }
    if (value.is_array()) {
        std::string out;
        for (size_t index = 0; index < value.size(); ++index) {
            out += (index ? "," : "") + (value[index].is_null() ? std::string() : TemplateString(value[index]));
        }
        return out;
    }
    return value.dump();
}

}  // namespace

void RegisterCheckFeatureSupport(Dispatcher& dispatcher) {
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/check-feature-support",
        .access = {},
        .query_keys = std::nullopt,
        .handle =
            [](const RouteContext& context) {
                const nlohmann::json& body = context.body;
                std::string feature = "This feature";
                if (body.is_object() && body.contains("feature_name") && !body["feature_name"].is_null()) {
                    feature = TemplateString(body["feature_name"]);
                }
                // Upstream reports unexpected feature checks to its error tracker; we log them.
                const bool expected = body.is_object() && body.value("name", nlohmann::json()) == "rsc-handler-signIn";
                if (!expected) {
                    // Quoted as JSON so a crafted name cannot forge log lines.
                    spdlog::warn("check-feature-support: unsupported feature requested: {}",
                                 nlohmann::json(feature).dump());
                }
                return http::Response::Text(
                    200, feature + " is not yet supported. Please reach out to Stack support for more information.");
            },
    });
}

}  // namespace stackd::api::v1
