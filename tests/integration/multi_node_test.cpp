// Several stackd processes on one database behave as one service: what one node (or any
// other writer) commits, every node serves, and a restart loses nothing. PostgreSQL only
// (STACKD_TEST_BACKEND=postgres): a SQLite data directory belongs to one serving process,
// whose in-memory caches assume it is the only writer (server_test.cpp checks a second
// server is refused).
#include <filesystem>

#include <gtest/gtest.h>

#include "domain/project_repository.hpp"
#include "storage/open_store.hpp"
#include "support/scratch_database.hpp"
#include "support/test_server.hpp"

namespace stackd::testing {
namespace {

class MultiNodeTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!ServersUsePostgres()) {
            GTEST_SKIP() << "several nodes share a database on PostgreSQL only";
        }
        char pattern[] = "/tmp/stackd-nodes-XXXXXX";
        data_dir_ = mkdtemp(pattern);
        options_.data_dir = data_dir_;
    }
    void TearDown() override {
        if (!data_dir_.empty()) {
            std::filesystem::remove_all(data_dir_);
        }
    }

    // Creates project `id` with server key `key` directly in the database the servers share.
    static void CreateProject(const TestServer& server, const std::string& id, const std::string& key) {
        char pattern[] = "/tmp/stackd-writer-XXXXXX";
        const std::string scratch = mkdtemp(pattern);
        auto store = storage::OpenStore(server.database_url(), server.database_url().empty() ? server.data_dir() : scratch, 2);
        store->Write([&](storage::Connection& db) {
            domain::Project project;
            project.id = id;
            project.display_name = "Second project";
            domain::project_repository::InsertProject(db, project, 1);
            domain::project_repository::InsertTenancy(db, id, "main", 1);
            domain::project_repository::UpsertKeySet(db, id, "keys", "test keys", 4102444799000,
                                                     {std::nullopt, key, std::nullopt}, 1);
        });
        store.reset();
        std::filesystem::remove_all(scratch);
    }

    static std::string Greeting(const TestServer& server, const std::string& project, const std::string& key) {
        return server
            .Get("/api/v1", {{"x-stack-access-type", "server"}, {"x-stack-project-id", project},
                             {"x-stack-secret-server-key", key}})
            .body;
    }

    std::string data_dir_;
    TestServer::Options options_;
};

TEST_F(MultiNodeTest, TwoNodesServeTheSameDataAndARestartKeepsIt) {
    const std::string project = "3b0b5b4e-1a61-4b7a-9d55-6f0e4a8f0c11";
    const std::string key = "ssk_second-project-server-key";
    {
        TestServer node_a(options_);
        TestServer node_b(options_);
        CreateProject(node_a, project, key);
        for (const TestServer* node : {&node_a, &node_b}) {
            EXPECT_NE(Greeting(*node, project, key).find("Project: " + project), std::string::npos);
            EXPECT_EQ(node->Get("/api/v1/projects/current", {{"x-stack-access-type", "server"},
                                                             {"x-stack-project-id", project},
                                                             {"x-stack-secret-server-key", key}})
                          .Json()["display_name"],
                      "Second project");
        }
        EXPECT_EQ(node_a.Stop(), 0);
        EXPECT_EQ(node_b.Stop(), 0);
    }
    TestServer restarted(options_);
    EXPECT_NE(Greeting(restarted, project, key).find("Project: " + project), std::string::npos);
    EXPECT_NE(Greeting(restarted, "internal", kDevServerKey).find("Project: internal"), std::string::npos);
}

}  // namespace
}  // namespace stackd::testing
