#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "domain/project.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

// A tenancy with its project and rendered config: what every authenticated request carries.
struct TenancyView {
    Project project;
    std::optional<Tenancy> tenancy;  // nullopt: the branch does not exist
    nlohmann::json config;           // complete rendered config (defaults applied)
};

// Reads projects, their tenancies and rendered configs, and checks project API keys.
// Rendered configs are cached per (project, branch): they are read on nearly every
// request. Local writes invalidate at once; other nodes see a change within
// kCacheTtl (documented in README).
class ProjectService {
public:
    ProjectService(storage::Store& store, const util::Clock& clock) : store_(store), clock_(clock) {}

    std::optional<std::shared_ptr<const TenancyView>> Find(const std::string& project_id,
                                                           const std::string& branch_id);
    bool IsValidKey(const std::string& project_id, KeyKind kind, const std::string& key);
    void Invalidate(const std::string& project_id);

    static constexpr std::chrono::milliseconds kCacheTtl{1000};

private:
    struct CacheEntry {
        std::shared_ptr<const TenancyView> view;
        std::chrono::steady_clock::time_point loaded_at;
    };

    storage::Store& store_;
    const util::Clock& clock_;
    std::mutex cache_mutex_;
    std::map<std::pair<std::string, std::string>, CacheEntry> cache_;

    // Key checks run on every request: positive and negative answers are kept for
    // kCacheTtl, keyed by the SHA-256 of (project, kind, key), so a revoked key stops
    // working within a second on every node.
    struct KeyCheck {
        bool valid;
        std::chrono::steady_clock::time_point checked_at;
    };
    static constexpr size_t kMaxCachedKeys = 10000;
    std::mutex key_mutex_;
    std::unordered_map<std::string, KeyCheck> key_cache_;
};

}  // namespace stackd::domain
