// The ledger schema as an ordered list of migrations. PRAGMA user_version records how many have
// been applied; opening a ledger applies the missing ones in one transaction. Never edit a
// released migration: append a new one.
#pragma once

#include <string>

#include "cards/ledger/sqlite/database.h"
#include "fhir/expected.h"

namespace auc::cards::ledger::sqlite {

int latest_schema_version();

// Brings `db` to the latest version. Refuses a database written by a newer binary.
// Returns the version the database had before.
Expected<int, std::string> migrate(Database& db);

}  // namespace auc::cards::ledger::sqlite
