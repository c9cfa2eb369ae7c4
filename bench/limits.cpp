// Single-core rates of the operations that bound stackd's scenarios, measured on this
// machine in the same run as the load tests: bcrypt cost-10 hashing through libxcrypt
// (sign-in, sign-up), ES256 signing and verification with stackd's own key code
// (refresh, token checks), and SQLite point selects (every read).
// Prints one "name rate_per_second" line each.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include <sqlite3.h>

#include "crypto/access_token.hpp"
#include "crypto/password.hpp"
#include "crypto/signing_keys.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// Runs `op` repeatedly for about `seconds` and returns operations per second.
template <typename Op>
double Rate(double seconds, Op&& op) {
    const auto start = Clock::now();
    long count = 0;
    double elapsed = 0;
    do {
        op();
        ++count;
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < seconds);
    return static_cast<double>(count) / elapsed;
}

double SqlitePointSelects(double seconds) {
    const std::string path = std::filesystem::temp_directory_path() / "stackd-bench-limits.db";
    std::filesystem::remove(path);
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);", nullptr, nullptr,
                 nullptr);
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO t (id, v) VALUES (?, 'value')", -1, &insert, nullptr);
    for (int id = 0; id < 100000; ++id) {
        sqlite3_bind_int(insert, 1, id);
        sqlite3_step(insert);
        sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_stmt* select = nullptr;
    sqlite3_prepare_v2(db, "SELECT v FROM t WHERE id = ?", -1, &select, nullptr);
    int id = 0;
    const double rate = Rate(seconds, [&] {
        sqlite3_bind_int(select, 1, (id = (id * 7919 + 1) % 100000));
        sqlite3_step(select);
        sqlite3_reset(select);
    });
    sqlite3_finalize(select);
    sqlite3_close(db);
    std::filesystem::remove(path);
    return rate;
}

}  // namespace

int main(int argc, char** argv) {
    // `hash <password>`: a bcrypt hash for seeding users without paying bcrypt per user.
    if (argc == 3 && std::string(argv[1]) == "hash") {
        std::printf("%s\n", stackd::crypto::HashPassword(argv[2])->c_str());
        return 0;
    }
    const double seconds = argc > 1 ? std::stod(argv[1]) : 3.0;
    std::printf("bcrypt_cost10_hashes %.1f\n", Rate(seconds, [] { (void)stackd::crypto::HashPassword("password123"); }));

    stackd::crypto::SigningKeys keys("23-wuNpik0gIW4mruTz25rbIvhuuvZFrLOLtL7J4tyo");
    stackd::crypto::AccessTokenSubject subject;
    subject.user_id = "6f1c5a4e-0000-4000-8000-000000000001";
    subject.project_id = "internal";
    subject.refresh_token_id = "6f1c5a4e-0000-4000-8000-000000000002";
    const std::string api_url = "http://localhost:8102";
    const int64_t now = 1767225600000;
    std::string token;
    std::printf("es256_sign %.1f\n", Rate(seconds, [&] {
                    token = *stackd::crypto::MintAccessToken(keys, api_url, subject, now, 3600);
                }));
    std::printf("es256_verify %.1f\n", Rate(seconds, [&] {
                    (void)stackd::crypto::DecodeAccessToken(keys, api_url, token, true, true, now);
                }));
    std::printf("sqlite_point_select %.1f\n", SqlitePointSelects(seconds));
    return 0;
}
