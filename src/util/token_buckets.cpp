#include "util/token_buckets.hpp"

#include <algorithm>
#include <functional>
#include <vector>

namespace stackd::util {

std::optional<int64_t> TokenBuckets::Take(const std::string& key, Limit limit, int64_t now_ms) {
    Shard& shard = shards_[std::hash<std::string>{}(key) % kShards];
    const double per_ms = limit.capacity / static_cast<double>(limit.window_ms);
    std::lock_guard lock(shard.mutex);
    auto [it, inserted] = shard.buckets.try_emplace(key, Bucket{limit.capacity, now_ms, limit.window_ms});
    Bucket& bucket = it->second;
    if (!inserted) {
        const auto elapsed = static_cast<double>(std::max<int64_t>(0, now_ms - bucket.updated_ms));
        bucket.tokens = std::min(limit.capacity, bucket.tokens + elapsed * per_ms);
        bucket.updated_ms = std::max(bucket.updated_ms, now_ms);
        bucket.window_ms = limit.window_ms;
    }
    std::optional<int64_t> wait_ms;
    if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
    } else {
        wait_ms = static_cast<int64_t>((1 - bucket.tokens) / per_ms) + 1;
    }
    if (shard.buckets.size() >= shard.sweep_at) {
        Sweep(shard, now_ms);
    }
    return wait_ms;
}

size_t TokenBuckets::Size() const {
    size_t total = 0;
    for (const auto& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        total += shard.buckets.size();
    }
    return total;
}

void TokenBuckets::Sweep(Shard& shard, int64_t now_ms) {
    // A bucket idle for a whole window is full again: forgetting it changes nothing.
    std::erase_if(shard.buckets, [&](const auto& entry) { return now_ms - entry.second.updated_ms >= entry.second.window_ms; });
    if (shard.buckets.size() > kHardCapPerShard) {
        using Entry = decltype(shard.buckets)::iterator;
        std::vector<Entry> entries;
        entries.reserve(shard.buckets.size());
        for (auto it = shard.buckets.begin(); it != shard.buckets.end(); ++it) {
            entries.push_back(it);
        }
        auto middle = entries.begin() + static_cast<std::ptrdiff_t>(entries.size() / 2);
        std::nth_element(entries.begin(), middle, entries.end(),
                         [](const Entry& a, const Entry& b) { return a->second.updated_ms < b->second.updated_ms; });
        for (auto it = entries.begin(); it != middle; ++it) {
            shard.buckets.erase(*it);
        }
    }
    // Sweep again only after the shard has doubled, so sweeping stays amortised O(1).
    shard.sweep_at = std::max(kSweepFloor, shard.buckets.size() * 2);
}

}  // namespace stackd::util
