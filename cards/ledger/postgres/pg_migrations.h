// The PostgreSQL ledger schema, versioned like the SQLite one. Every instance migrates at start
// inside one transaction holding an advisory lock, so instances starting together migrate once
// and the others find the work done.
#pragma once

#include <string>

#include "cards/ledger/postgres/pg_connection.h"

namespace auc::cards::ledger::postgres {

// The advisory lock keys: migrations, and the step that gives hook calls their ids in commit
// order (pg_store.h).
inline constexpr const char* kMigrationLock = "7243001";
inline constexpr const char* kCallOrderLock = "7243002";

int latest_schema_version();
// Brings the schema to the latest version; returns the version it found.
Expected<int, std::string> migrate(Connection& db);

}  // namespace auc::cards::ledger::postgres
