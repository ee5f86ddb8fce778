// The auditor's read queries over one connection. Each runs in one read transaction, so a page
// or a summary is a consistent snapshot even while the writer commits.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "cards/ledger/ledger.h"
#include "cards/ledger/sqlite/database.h"

namespace auc::cards::ledger::sqlite {

// The CallStore queries (call_store.h), over one connection.
Expected<std::vector<StoredCall>, LedgerError> find_calls(Database& db, const CallFilter& filter,
                                                          std::optional<std::int64_t> before_id,
                                                          int count);
Expected<std::optional<StoredCall>, LedgerError> find_call(Database& db, std::int64_t id);
Expected<Summary, LedgerError> count(Database& db, const SummaryFilter& filter);

}  // namespace auc::cards::ledger::sqlite
