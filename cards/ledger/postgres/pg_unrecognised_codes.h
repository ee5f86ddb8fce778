// The unrecognised-codes report in PostgreSQL: one table every instance merges into, inside the
// statement that inserts the call that saw the codes (no write of its own), so the report shows
// every instance's codes with their counts added up and first and last seen widened.
#pragma once

#include <string>

#include "cards/ledger/ledger.h"
#include "cards/ledger/postgres/pg_connection.h"

namespace auc::cards::ledger::postgres {

// The call's sightings as a JSON array, the parameter of unrecognised_codes_cte.
std::string unrecognised_codes_json(const HookCallRecord& call);

// Data-modifying WITH items (", u AS (...), z AS (...)") that merge the sightings in parameter
// `param` (a JSON array) into the report once per row of the CTE `call` (the inserted or replaced
// call; none when the statement stored nothing). A new code past kMaxUnrecognisedCodes entries
// is counted as dropped.
std::string unrecognised_codes_cte(const std::string& call, int param);

// Deletes the codes last seen before `cutoff_us`.
Expected<Ok, std::string> purge_unrecognised_codes(Connection& db, std::int64_t cutoff_us);

Expected<UnrecognisedCodeReport, LedgerError> find_unrecognised_codes(
    Connection& db, const UnrecognisedCodeFilter& filter);

}  // namespace auc::cards::ledger::postgres
