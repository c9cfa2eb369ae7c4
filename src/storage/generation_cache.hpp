#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace stackd::storage {

// Values read from a store that knows all its writers (Store::WriteGeneration), each kept
// with the write generation current before it was read. A lookup hits only while the
// generation is unchanged, i.e. no write has been committed since the value was read, so
// a hit returns exactly what a read would (any write anywhere invalidates everything: a
// conservative rule that needs no per-table bookkeeping, and still serves thousands of
// hits between the writes of a busy server). Thread-safe.
template <typename Value>
class GenerationCache {
public:
    explicit GenerationCache(size_t capacity = 65536) : shard_capacity_(std::max<size_t>(1, capacity / kShards)) {}

    std::shared_ptr<const Value> Find(const std::string& key, uint64_t generation) const {
        const Shard& shard = ShardOf(key);
        std::lock_guard lock(shard.mutex);
        if (shard.generation != generation) {
            return nullptr;
        }
        const auto found = shard.entries.find(key);
        return found == shard.entries.end() ? nullptr : found->second;
    }

    // `generation` must have been taken before the read that produced `value`.
    void Insert(const std::string& key, uint64_t generation, std::shared_ptr<const Value> value) {
        Shard& shard = ShardOf(key);
        std::lock_guard lock(shard.mutex);
        if (generation < shard.generation) {
            return;  // read before a write this shard has already seen: stale
        }
        if (generation > shard.generation || shard.entries.size() >= shard_capacity_) {
            shard.entries.clear();  // everything in it predates the newer generation (or it is full)
            shard.generation = generation;
        }
        shard.entries.insert_or_assign(key, std::move(value));
    }

private:
    static constexpr size_t kShards = 16;

    struct Shard {
        mutable std::mutex mutex;
        uint64_t generation = 0;
        std::unordered_map<std::string, std::shared_ptr<const Value>> entries;
    };

    Shard& ShardOf(const std::string& key) { return shards_[std::hash<std::string>{}(key) % kShards]; }
    const Shard& ShardOf(const std::string& key) const { return shards_[std::hash<std::string>{}(key) % kShards]; }

    size_t shard_capacity_;
    std::array<Shard, kShards> shards_;
};

}  // namespace stackd::storage
