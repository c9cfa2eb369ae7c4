#pragma once

// Reads the webhook rows of the outbox straight from a test server's database, so tests see
// exactly what was enqueued (and in which transaction), whether or not Svix is configured.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "integration/api/v1/team_test_helpers.hpp"

namespace stackd::testing {

struct WebhookRow {
    std::string id;
    std::string tenancy_id;
    std::string project_id;
    std::string type;
    nlohmann::json data;
    std::string status;
    int64_t attempts = 0;
    std::optional<std::string> last_error;
};

inline std::vector<WebhookRow> ReadWebhookRows(const TestServer& server) {
    std::vector<WebhookRow> rows;
    WithDatabase(server, [&](storage::Connection& db) {
        for (const auto& row :
             db.Query("SELECT id, tenancy_id, payload, status, attempts, last_error FROM outbox WHERE kind = 'webhook' "
                      "ORDER BY created_at, id")) {
            const auto payload = nlohmann::json::parse(row.Text(2));
            rows.push_back({row.Text(0), row.Text(1), payload.at("project_id"), payload.at("type"), payload.at("data"),
                            row.Text(3), row.Int(4), row.OptText(5)});
        }
    });
    return rows;
}

// Hands out the rows written since the previous call.
class WebhookLog {
public:
    explicit WebhookLog(const TestServer& server) : server_(server) {}

    std::vector<WebhookRow> TakeNew() {
        std::vector<WebhookRow> fresh;
        for (auto& row : ReadWebhookRows(server_)) {
            if (seen_.insert(row.id).second) {
                fresh.push_back(std::move(row));
            }
        }
        return fresh;
    }

private:
    const TestServer& server_;
    std::set<std::string> seen_;
};

// The event types of `rows`, sorted (events of one transaction share a timestamp).
inline std::vector<std::string> SortedTypes(const std::vector<WebhookRow>& rows) {
    std::vector<std::string> types;
    for (const auto& row : rows) {
        types.push_back(row.type);
    }
    std::sort(types.begin(), types.end());
    return types;
}

// The one row of `type`; fails the test unless there is exactly one.
inline WebhookRow OnlyOfType(const std::vector<WebhookRow>& rows, const std::string& type) {
    std::vector<WebhookRow> matching;
    std::copy_if(rows.begin(), rows.end(), std::back_inserter(matching),
                 [&](const WebhookRow& row) { return row.type == type; });
    EXPECT_EQ(matching.size(), 1u) << type;
    return matching.empty() ? WebhookRow{} : matching.front();
}

}  // namespace stackd::testing
