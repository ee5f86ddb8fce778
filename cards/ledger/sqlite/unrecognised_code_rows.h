// The unrecognised-codes report in SQLite: merged row by row inside the transaction that inserts
// the call that saw the codes, so the report costs no write of its own.
#pragma once

#include "cards/ledger/ledger.h"
#include "cards/ledger/sqlite/database.h"

namespace auc::cards::ledger::sqlite {

// Adds the call's sightings to the report: counts add up, first and last seen widen, the display
// first seen stays. A new code past kMaxUnrecognisedCodes entries is counted as dropped.
Expected<Ok, std::string> merge_unrecognised_codes(Database& db, const HookCallRecord& call);

Expected<UnrecognisedCodeReport, LedgerError> find_unrecognised_codes(
    Database& db, const UnrecognisedCodeFilter& filter);

}  // namespace auc::cards::ledger::sqlite
