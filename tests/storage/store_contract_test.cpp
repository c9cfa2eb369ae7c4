// The storage contract: written once, instantiated for every backend the run has
// (SQLite, and PostgreSQL in the cluster STACKD_TEST_DATABASE_URL names).
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "jobs/activity_writer.hpp"
#include "jobs/event_writer.hpp"
#include "jobs/outbox.hpp"
#include "storage/migrator.hpp"
#include "storage/open_store.hpp"
#include "support/backends.hpp"
#include "util/clock.hpp"

namespace stackd::storage {
namespace {

class StoreContractTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        if (const auto reason = testing::MissingBackendReason(GetParam())) {
            if (testing::MissingBackendIsFatal()) {
                FAIL() << *reason;
            }
            GTEST_SKIP() << *reason;
        }
        char pattern[] = "/tmp/stackd-store-XXXXXX";
        data_dir_ = mkdtemp(pattern);
        store_ = testing::OpenTestStore(GetParam(), data_dir_);
        store_->Migrate();
        store_->Write([](Connection& db) {
            db.Execute("DELETE FROM outbox");
            db.Execute("DELETE FROM users WHERE tenancy_id = 't1'");
            db.Execute("DELETE FROM events");
            db.Execute("DELETE FROM tenancies WHERE project_id = 'contract'");
            db.Execute("DELETE FROM projects WHERE id = 'contract'");
            db.Execute(
                "INSERT INTO projects (id, display_name, created_at, updated_at) VALUES ('contract', 'C', 0, 0)");
            db.Execute("INSERT INTO tenancies (id, project_id, branch_id, created_at) VALUES ('t1', 'contract', "
                       "'main', 0)");
        });
    }
    void TearDown() override {
        store_.reset();
        if (!data_dir_.empty()) {
            std::filesystem::remove_all(data_dir_);
        }
    }

    std::string data_dir_;
    std::unique_ptr<Store> store_;
};

TEST_P(StoreContractTest, MigrationsAreIdempotent) {
    EXPECT_EQ(ApplyMigrations(*store_, store_->dialect()), 0);
    const auto count = store_->ReadValue(
        [](Connection& db) { return db.QueryOne("SELECT COUNT(*) FROM schema_migrations")->Int(0); });
    EXPECT_GE(count, 1);
}

TEST_P(StoreContractTest, PlaceholdersBindByNumberInAnyOrder) {
    const auto row = store_->ReadValue([](Connection& db) {
        return *db.QueryOne("SELECT CAST($2 AS TEXT), CAST($1 AS BIGINT), CAST($2 AS TEXT)",
                            {int64_t{7}, std::string("x")});
    });
    EXPECT_EQ(row.Text(0), "x");
    EXPECT_EQ(row.Int(1), 7);
    EXPECT_EQ(row.Text(2), "x");
}

TEST_P(StoreContractTest, AFailedWriteLeavesNothingBehind) {
    EXPECT_THROW(store_->Write([](Connection& db) {
        db.Execute("UPDATE projects SET display_name = 'changed' WHERE id = 'contract'");
        throw std::runtime_error("handler failed half way");
    }),
                 std::runtime_error);
    const auto name = store_->ReadValue(
        [](Connection& db) { return db.QueryOne("SELECT display_name FROM projects WHERE id = 'contract'")->Text(0); });
    EXPECT_EQ(name, "C");
}

TEST_P(StoreContractTest, WriteGenerationMovesWithEveryWriteOrIsAbsent) {
    const auto before = store_->WriteGeneration();
    if (store_->dialect() == Dialect::kPostgres) {
        EXPECT_EQ(before, std::nullopt);  // other nodes write too: nothing may be cached by it
        return;
    }
    ASSERT_TRUE(before.has_value());
    store_->ReadValue([](Connection& db) { return db.QueryOne("SELECT 1")->Int(0); });
    EXPECT_EQ(store_->WriteGeneration(), before) << "reads leave it alone";
    store_->Write([](Connection& db) { db.Execute("UPDATE projects SET display_name = 'G' WHERE id = 'contract'"); });
    const auto after_commit = store_->WriteGeneration();
    ASSERT_TRUE(after_commit.has_value());
    EXPECT_GT(*after_commit, *before);
    EXPECT_THROW(store_->Write([](Connection&) { throw std::runtime_error("rolled back"); }), std::runtime_error);
    EXPECT_GT(*store_->WriteGeneration(), *after_commit) << "a rolled-back write moves it too (conservative)";
}

TEST_P(StoreContractTest, DuplicateKeysAreReportedAsUniqueViolations) {
    EXPECT_THROW(store_->Write([](Connection& db) {
        db.Execute("INSERT INTO projects (id, display_name, created_at, updated_at) VALUES ('contract', 'D', 0, 0)");
    }),
                 UniqueViolation);
}

TEST_P(StoreContractTest, NullsAndIntegersRoundTrip) {
    const auto row = store_->ReadValue([](Connection& db) {
        return *db.QueryOne("SELECT owner_team_id, created_at, is_production_mode FROM projects WHERE id = $1",
                            {std::string("contract")});
    });
    EXPECT_TRUE(row.IsNull(0));
    EXPECT_EQ(row.OptText(0), std::nullopt);
    EXPECT_EQ(row.Int(1), 0);
    EXPECT_FALSE(row.Bool(2));
}

TEST_P(StoreContractTest, ReadersRunConcurrently) {
    std::vector<std::thread> threads;
    std::atomic<int> found{0};
    for (int index = 0; index < 8; ++index) {
        threads.emplace_back([&] {
            for (int round = 0; round < 50; ++round) {
                store_->Read([&](Connection& db) {
                    if (db.QueryOne("SELECT id FROM projects WHERE id = 'contract'")) {
                        ++found;
                    }
                });
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(found.load(), 400);
}

TEST_P(StoreContractTest, OutboxRowsAreLeasedOnceAndRetriedAfterTheLeaseExpires) {
    using jobs::outbox::Kind;
    const std::string id = store_->WriteValue([](Connection& db) {
        return jobs::outbox::Enqueue(db, "t1", Kind::kEmail, {{"to", "a@example.com"}}, 1000);
    });
    auto first = store_->WriteValue(
        [](Connection& db) { return jobs::outbox::Claim(db, Kind::kEmail, "worker-a", 1000, 60000, 10); });
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].id, id);
    EXPECT_EQ(first[0].attempts, 1);
    EXPECT_EQ(first[0].payload["to"], "a@example.com");

    auto during_lease = store_->WriteValue(
        [](Connection& db) { return jobs::outbox::Claim(db, Kind::kEmail, "worker-b", 2000, 60000, 10); });
    EXPECT_TRUE(during_lease.empty()) << "a leased row is not handed out twice";
    auto webhooks = store_->WriteValue(
        [](Connection& db) { return jobs::outbox::Claim(db, Kind::kWebhook, "worker-b", 99000, 60000, 10); });
    EXPECT_TRUE(webhooks.empty()) << "claims are per kind";

    auto after_lease = store_->WriteValue(
        [](Connection& db) { return jobs::outbox::Claim(db, Kind::kEmail, "worker-b", 62000, 60000, 10); });
    ASSERT_EQ(after_lease.size(), 1u) << "a dead worker's lease expires and the row is retried";
    EXPECT_EQ(after_lease[0].attempts, 2);

    store_->Write([&](Connection& db) { jobs::outbox::MarkFailed(db, after_lease[0], "smtp down", 70000, 62000); });
    auto item = store_->ReadValue([&](Connection& db) { return jobs::outbox::Find(db, "t1", id); });
    ASSERT_TRUE(item);
    EXPECT_EQ(item->status, "pending");
    EXPECT_EQ(item->last_error, "smtp down");
    EXPECT_TRUE(store_->WriteValue([](Connection& db) {
                          return jobs::outbox::Claim(db, Kind::kEmail, "w", 69999, 60000, 10);
                      }).empty())
        << "not before its next attempt";

    auto retry = store_->WriteValue(
        [](Connection& db) { return jobs::outbox::Claim(db, Kind::kEmail, "w", 70000, 60000, 10); });
    ASSERT_EQ(retry.size(), 1u);
    store_->Write([&](Connection& db) { jobs::outbox::MarkSent(db, retry[0], 70001); });
    item = store_->ReadValue([&](Connection& db) { return jobs::outbox::Find(db, "t1", id); });
    EXPECT_EQ(item->status, "sent");
    EXPECT_EQ(item->attempts, 3);
}

TEST_P(StoreContractTest, OutboxEnqueueBelongsToTheCallersTransaction) {
    EXPECT_THROW(store_->Write([](Connection& db) {
        jobs::outbox::Enqueue(db, "t1", jobs::outbox::Kind::kWebhook, {{"event", "user.created"}}, 1);
        throw std::runtime_error("the change failed");
    }),
                 std::runtime_error);
    const auto count =
        store_->ReadValue([](Connection& db) { return db.QueryOne("SELECT COUNT(*) FROM outbox")->Int(0); });
    EXPECT_EQ(count, 0);
}

TEST_P(StoreContractTest, EventWriterFlushesBatches) {
    util::SystemClock clock;
    {
        jobs::EventWriter writer(*store_, clock);
        for (int index = 0; index < 2500; ++index) {
            writer.Record(std::string("t1"), "$token-refresh", {{"n", index}});
        }
        writer.Flush();
        const auto count = store_->ReadValue(
            [](Connection& db) { return db.QueryOne("SELECT COUNT(*) FROM events")->Int(0); });
        EXPECT_EQ(count, 2500);
        writer.Record(std::nullopt, "$page-view", nlohmann::json::object());
    }  // destruction flushes what is left
    const auto count =
        store_->ReadValue([](Connection& db) { return db.QueryOne("SELECT COUNT(*) FROM events")->Int(0); });
    EXPECT_EQ(count, 2501);
}

TEST_P(StoreContractTest, ActivityWriterKeepsTheNewestActivityPerSession) {
    store_->Write([](Connection& db) {
        db.Execute(
            "INSERT INTO users (tenancy_id, id, signed_up_at, last_active_at, created_at) VALUES ('t1', 'u1', 1, 1, 1)");
        db.Execute(
            "INSERT INTO refresh_tokens (tenancy_id, id, user_id, refresh_token_hash, last_active_at, created_at) "
            "VALUES ('t1', 's1', 'u1', 'hash', 1, 1)");
    });
    jobs::ActivityWriter writer(*store_);
    writer.Record("t1", "s1", "u1", 500, {{"ip", "10.0.0.1"}});
    writer.Record("t1", "s1", "u1", 900, {{"ip", "10.0.0.2"}});
    writer.Record("t1", "gone", "u1", 950, nullptr);  // a deleted session matches nothing
    writer.Flush();
    const auto session = store_->ReadValue([](Connection& db) {
        return *db.QueryOne("SELECT last_active_at, last_active_ip_info FROM refresh_tokens WHERE id = 's1'");
    });
    EXPECT_EQ(session.Int(0), 900);
    EXPECT_EQ(nlohmann::json::parse(session.Text(1))["ip"], "10.0.0.2");
    const auto user_active = store_->ReadValue(
        [](Connection& db) { return db.QueryOne("SELECT last_active_at FROM users WHERE id = 'u1'")->Int(0); });
    EXPECT_EQ(user_active, 950);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest, ::testing::ValuesIn(testing::ConfiguredBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace stackd::storage
