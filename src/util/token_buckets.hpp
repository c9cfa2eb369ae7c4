#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace stackd::util {

// Keyed token buckets: each key may spend `capacity` tokens, refilled continuously at
// `capacity` per `window_ms`. Thread-safe; keys are spread over shards so concurrent
// requests for different keys rarely contend. Memory stays bounded: buckets that have
// refilled completely carry no state and are swept once a shard grows.
class TokenBuckets {
public:
    struct Limit {
        double capacity = 0;
        int64_t window_ms = 0;
    };

    // Spends one token of `key`. Returns nullopt when allowed, otherwise the milliseconds
    // until a token is available again.
    std::optional<int64_t> Take(const std::string& key, Limit limit, int64_t now_ms);

    size_t Size() const;

private:
    struct Bucket {
        double tokens = 0;
        int64_t updated_ms = 0;
        int64_t window_ms = 0;
    };
    struct Shard {
        mutable std::mutex mutex;
        std::unordered_map<std::string, Bucket> buckets;
        size_t sweep_at = kSweepFloor;
    };
    static constexpr size_t kShards = 16;
    static constexpr size_t kSweepFloor = 256;  // per shard
    // A flood of distinct keys cannot grow a shard past this: the least recently used
    // half of the survivors of a sweep is dropped, which can only ever forgive a client.
    static constexpr size_t kHardCapPerShard = 4096;

    static void Sweep(Shard& shard, int64_t now_ms);

    std::array<Shard, kShards> shards_;
};

}  // namespace stackd::util
