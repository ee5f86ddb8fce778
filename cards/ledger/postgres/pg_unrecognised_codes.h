// The unrecognised-codes report in PostgreSQL: one table every instance merges into, inside the
// group commit of the calls that saw the codes (one statement per batch, no transaction of its
// own), so the report shows every instance's codes with their counts added up and first and
// last seen widened.
#pragma once

#include <string>

#include "cards/ledger/ledger.h"
#include "cards/ledger/postgres/pg_connection.h"
#include "cards/ledger/unrecognised_code_tally.h"

namespace auc::cards::ledger::postgres {

// Adds the batch's sightings to the report in one statement: counts add up, first and last seen
// widen, the display first seen stays. A new code past kMaxUnrecognisedCodes entries is counted
// as dropped (every statement sees the table as it was before it, so one batch's new codes may
// pass the bound by their number, never more).
Expected<Ok, std::string> merge_unrecognised_codes(Connection& db,
                                                   const UnrecognisedCodeTally& codes);

// The same merge as one statement and its one parameter, for a pipeline.
const std::string& merge_unrecognised_codes_sql();
std::string unrecognised_codes_json(const UnrecognisedCodeTally& codes);

// Deletes the codes last seen before `cutoff_us`.
Expected<Ok, std::string> purge_unrecognised_codes(Connection& db, std::int64_t cutoff_us);

Expected<UnrecognisedCodeReport, LedgerError> find_unrecognised_codes(
    Connection& db, const UnrecognisedCodeFilter& filter);

}  // namespace auc::cards::ledger::postgres
