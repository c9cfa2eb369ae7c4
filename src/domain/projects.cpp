#include "domain/projects.hpp"

#include "crypto/hash.hpp"
#include "domain/project_config.hpp"
#include "domain/project_repository.hpp"

namespace stackd::domain {

std::optional<std::shared_ptr<const TenancyView>> ProjectService::Find(const std::string& project_id,
                                                                      const std::string& branch_id) {
    const auto key = std::make_pair(project_id, branch_id);
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(cache_mutex_);
        auto found = cache_.find(key);
        if (found != cache_.end() && now - found->second.loaded_at < kCacheTtl) {
            return found->second.view;
        }
    }
    std::shared_ptr<const TenancyView> view = store_.ReadValue([&](storage::Connection& db) {
        std::shared_ptr<TenancyView> loaded;
        auto project = project_repository::FindProject(db, project_id);
        if (!project) {
            return loaded;
        }
        loaded = std::make_shared<TenancyView>();
        loaded->project = std::move(*project);
        loaded->tenancy = project_repository::FindTenancy(db, project_id, branch_id);
        const auto overrides = project_repository::LoadOverrides(db, project_id, branch_id);
        loaded->config = project_config::Render(overrides.project, overrides.branch, overrides.environment);
        return loaded;
    });
    if (!view) {
        return std::nullopt;
    }
    std::lock_guard lock(cache_mutex_);
    cache_[key] = CacheEntry{view, now};
    return view;
}

bool ProjectService::IsValidKey(const std::string& project_id, KeyKind kind, const std::string& key) {
    const std::string cache_key =
        crypto::Sha256Hex(project_id + '\n' + std::to_string(static_cast<int>(kind)) + '\n' + key);
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(key_mutex_);
        auto found = key_cache_.find(cache_key);
        if (found != key_cache_.end() && now - found->second.checked_at < kCacheTtl) {
            return found->second.valid;
        }
    }
    const bool valid = store_.ReadValue([&](storage::Connection& db) {
        return project_repository::IsValidKey(db, project_id, kind, key, clock_.NowMillis());
    });
    std::lock_guard lock(key_mutex_);
    if (key_cache_.size() >= kMaxCachedKeys) {
        key_cache_.clear();  // bounded: wrong keys from the outside could otherwise grow it
    }
    key_cache_[cache_key] = KeyCheck{valid, now};
    return valid;
}

void ProjectService::Invalidate(const std::string& project_id) {
    {
        std::lock_guard lock(key_mutex_);
        key_cache_.clear();
    }
    std::lock_guard lock(cache_mutex_);
    for (auto it = cache_.begin(); it != cache_.end();) {
        if (it->first.first == project_id) {
            it = cache_.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace stackd::domain
