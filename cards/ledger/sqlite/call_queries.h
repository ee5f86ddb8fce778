// The auditor's read queries over one connection. Each runs in one read transaction, so a page
// or a summary is a consistent snapshot even while the writer commits.
#pragma once

#include <cstdint>
#include <optional>

#include "cards/ledger/ledger.h"
#include "cards/ledger/sqlite/database.h"

namespace auc::cards::ledger::sqlite {

Expected<CallPage, LedgerError> list_calls(Database& db, const CallFilter& filter,
                                           const PageRequest& page);
Expected<std::optional<StoredCall>, LedgerError> get_call(Database& db, std::int64_t id);
Expected<Summary, LedgerError> summarize(Database& db, const SummaryFilter& filter);

}  // namespace auc::cards::ledger::sqlite
