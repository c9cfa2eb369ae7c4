#include "api/v1/check_version.hpp"

#include "api/v1/schema/fields.hpp"
#include "util/semver.hpp"

namespace stackd::api::v1 {
namespace {

nlohmann::json Outdated(bool severe, std::string message) {
    return {{"upToDate", false}, {"error", std::move(message)}, {"severe", severe}};
}

}  // namespace

nlohmann::json CheckClientVersion(const std::string& client_version, const std::string& server_version) {
    const auto client = util::ParseSemVer(client_version);
    if (!client) {
        return Outdated(true, "The client version you specified (v" + client_version +
                                  ") is not a valid semver version. Please update to the latest version as soon as "
                                  "possible to ensure that you get the latest feature and security updates.");
    }
    const auto server = util::ParseSemVer(server_version);
    // The first release with the React Server Components fix (CVE-2025-55182).
    if (util::CompareSemVer(*client, *util::ParseSemVer("2.8.57")) < 0) {
        return Outdated(true,
                        "It seems that you may be running on an old version of Next.js/React. Please update to the "
                        "newest version immediately to apply the latest security updates including one urgent "
                        "vulnerability in React Server Components. See: "
                        "https://vercel.com/changelog/cve-2025-55182");
    }
    if (client->major != server->major || client->minor != server->minor) {
        return Outdated(true,
                        "YOUR VERSION OF STACK AUTH IS SEVERELY OUTDATED. YOU SHOULD UPDATE IT AS SOON AS POSSIBLE. "
                        "WE CAN'T APPLY SECURITY UPDATES IF YOU DON'T UPDATE STACK AUTH REGULARLY. (your version is v" +
                            client_version + "; the current version is v" + server_version + ").");
    }
    const int order = util::CompareSemVer(*client, *server);
    if (order < 0) {
        return Outdated(false, "You are running an outdated version of Stack Auth (v" + client_version +
                                   "; the current version is v" + server_version +
                                   "). Please update to the latest version as soon as possible to ensure that you "
                                   "get the latest feature and security updates.");
    }
    if (order == 0 && client_version != server_version) {
        return Outdated(true, "You are running a version of Stack Auth that is not the same as the newest known "
                              "version (v" +
                                  client_version + " !== v" + server_version +
                                  "). Please update to the latest version as soon as possible to ensure that you "
                                  "get the latest feature and security updates.");
    }
    return {{"upToDate", true}};
}

void RegisterCheckVersion(Dispatcher& dispatcher) {
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/check-version",
        .access = {},
        .query_keys = std::nullopt,
        .handle =
            [](const RouteContext& context) {
                // The body object itself is optional upstream; clientVersion is required within it.
                const nlohmann::json body = context.body.is_discarded() ? nlohmann::json::object() : context.body;
                schema::ObjectReader reader("body", body, {"clientVersion"});
                const auto version = reader.String("clientVersion", {.required = true});
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                return http::Response::Json(200, CheckClientVersion(*version, kCompatibleStackVersion));
            },
    });
}

}  // namespace stackd::api::v1
