#pragma once

#include <string>

namespace stackd::testing {

// Test isolation on PostgreSQL: every server or store under test gets its own database
// in the throwaway cluster named by STACKD_TEST_DATABASE_URL (".../postgres").
// Returns the new database's URL. `name` reuses a database (for restart tests).
std::string CreateScratchDatabase(const std::string& name);
void DropScratchDatabase(const std::string& name);
// A fresh unique database name.
std::string NewScratchDatabaseName();
// True when the run should use PostgreSQL for servers it starts (STACKD_TEST_BACKEND=postgres).
bool ServersUsePostgres();

}  // namespace stackd::testing
