#include "jobs/svix_client.hpp"

#include <curl/curl.h>

#include <memory>

namespace stackd::jobs {
namespace {

size_t CollectBody(char* data, size_t size, size_t count, void* target) {
    static_cast<std::string*>(target)->append(data, size * count);
    return size * count;
}

// Path segments come from project ids and, for endpoints, from the request body.
std::string Escape(const std::string& segment) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle(curl_easy_init(), &curl_easy_cleanup);
    char* escaped = curl_easy_escape(handle.get(), segment.c_str(), static_cast<int>(segment.size()));
    std::string result = escaped ? escaped : "";
    curl_free(escaped);
    return result;
}

}  // namespace

std::string SvixSettings::BaseUrl() const {
    if (!server_url.empty()) {
        std::string url = server_url;
        while (!url.empty() && url.back() == '/') {
            url.pop_back();
        }
        return url;
    }
    const auto dot = api_key.rfind('.');
    if (dot != std::string::npos) {
        const std::string region = api_key.substr(dot + 1);
        for (const char* known : {"us", "eu", "in", "ca", "au"}) {
            if (region == known) {
                return "https://api." + region + ".svix.com";
            }
        }
    }
    return "https://api.svix.com";
}

nlohmann::json SvixResponse::Json() const { return nlohmann::json::parse(body, nullptr, false); }

std::string SvixResponse::Describe() const {
    if (status == 0) {
        return "Svix unreachable: " + transport_error;
    }
    constexpr size_t kMaxBody = 300;
    return "Svix answered HTTP " + std::to_string(status) + ": " + body.substr(0, kMaxBody);
}

SvixResponse SvixClient::GetOrCreateApplication(const std::string& uid) const {
    const std::string body = nlohmann::json{{"uid", uid}, {"name", uid}}.dump();
    return Send("POST", "/api/v1/app?get_if_exists=true", &body, "");
}

SvixResponse SvixClient::CreateMessage(const std::string& app_id, const std::string& event_type,
                                       const nlohmann::json& payload, const std::string& idempotency_key) const {
    const std::string body = nlohmann::json{{"eventType", event_type}, {"payload", payload}}.dump();
    return Send("POST", "/api/v1/app/" + Escape(app_id) + "/msg", &body, idempotency_key);
}

SvixResponse SvixClient::AppPortalAccess(const std::string& app_id) const {
    const std::string body = "{}";
    return Send("POST", "/api/v1/auth/app-portal-access/" + Escape(app_id), &body, "");
}

SvixResponse SvixClient::GetEndpoint(const std::string& app_id, const std::string& endpoint_id) const {
    return Send("GET", "/api/v1/app/" + Escape(app_id) + "/endpoint/" + Escape(endpoint_id), nullptr, "");
}

SvixResponse SvixClient::ListSuccessfulAttempts(const std::string& app_id, const std::string& message_id) const {
    // Svix's MessageStatus.Success is 0.
    return Send("GET", "/api/v1/app/" + Escape(app_id) + "/attempt/msg/" + Escape(message_id) + "?status=0", nullptr,
                "");
}

SvixResponse SvixClient::Send(const std::string& method, const std::string& path, const std::string* body,
                              const std::string& idempotency_key) const {
    SvixResponse response;
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle(curl_easy_init(), &curl_easy_cleanup);
    if (!handle) {
        response.transport_error = "curl_easy_init failed";
        return response;
    }
    CURL* curl = handle.get();
    const std::string url = settings_.BaseUrl() + path;
    const std::string authorization = "Authorization: Bearer " + settings_.api_key;
    const std::string idempotency = "idempotency-key: " + idempotency_key;
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, authorization.c_str());
    headers = curl_slist_append(headers, "Accept: application/json");
    headers = curl_slist_append(headers, "Content-Type: application/json");
    if (!idempotency_key.empty()) {
        headers = curl_slist_append(headers, idempotency.c_str());
    }
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers, &curl_slist_free_all);
    char error_buffer[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body ? body->c_str() : "");
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body ? body->size() : 0));
    } else {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &CollectBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    const CURLcode code = curl_easy_perform(curl);
    if (code != CURLE_OK) {
        response.transport_error = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
        response.body.clear();
        return response;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

}  // namespace stackd::jobs
