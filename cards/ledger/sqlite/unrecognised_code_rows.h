// The unrecognised-codes report in SQLite: merged inside the writer's transaction that inserts
// the batch of calls that saw the codes, once per code and batch, so the report costs no write
// of its own.
#pragma once

#include "cards/ledger/ledger.h"
#include "cards/ledger/sqlite/database.h"
#include "cards/ledger/unrecognised_code_tally.h"

namespace auc::cards::ledger::sqlite {

// Adds the batch's sightings to the report: counts add up, first and last seen widen, the
// display first seen stays. A new code past kMaxUnrecognisedCodes entries is counted as dropped.
Expected<Ok, std::string> merge_unrecognised_codes(Database& db,
                                                   const UnrecognisedCodeTally& codes);

Expected<UnrecognisedCodeReport, LedgerError> find_unrecognised_codes(
    Database& db, const UnrecognisedCodeFilter& filter);

}  // namespace auc::cards::ledger::sqlite
