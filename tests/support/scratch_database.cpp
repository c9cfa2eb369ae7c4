#include "support/scratch_database.hpp"

#include <cstdlib>
#include <stdexcept>

#include <libpq-fe.h>

#include "crypto/random.hpp"

namespace stackd::testing {
namespace {

std::string AdminUrl() {
    const char* url = std::getenv("STACKD_TEST_DATABASE_URL");
    if (url == nullptr || *url == '\0') {
        throw std::runtime_error("STACKD_TEST_DATABASE_URL is not set");
    }
    return url;
}

std::string UrlFor(const std::string& name) {
    const std::string admin = AdminUrl();
    return admin.substr(0, admin.rfind('/') + 1) + name;
}

void RunAdmin(const std::string& sql, bool ignore_errors) {
    PGconn* conn = PQconnectdb(AdminUrl().c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        const std::string message = PQerrorMessage(conn);
        PQfinish(conn);
        throw std::runtime_error("cannot reach the test PostgreSQL: " + message);
    }
    PGresult* result = PQexec(conn, sql.c_str());
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    const std::string message = PQresultErrorMessage(result);
    PQclear(result);
    PQfinish(conn);
    if (!ok && !ignore_errors) {
        throw std::runtime_error(sql + ": " + message);
    }
}

}  // namespace

std::string NewScratchDatabaseName() { return "stackd_t_" + crypto::RandomCrockfordString(12); }

std::string CreateScratchDatabase(const std::string& name) {
    // A restart test asks for the same name twice: "already exists" is then expected.
    RunAdmin("CREATE DATABASE " + name, true);
    return UrlFor(name);
}

void DropScratchDatabase(const std::string& name) { RunAdmin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", true); }

bool ServersUsePostgres() {
    const char* backend = std::getenv("STACKD_TEST_BACKEND");
    return backend != nullptr && std::string(backend) == "postgres";
}

}  // namespace stackd::testing
