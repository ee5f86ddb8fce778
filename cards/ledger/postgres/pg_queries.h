// The auditor's read queries on PostgreSQL, with the same meaning as the SQLite ones
// (sqlite/call_queries.h). Each runs in one REPEATABLE READ transaction: a page or a summary is
// one snapshot even while instances commit.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "cards/ledger/ledger.h"
#include "cards/ledger/postgres/pg_connection.h"

namespace auc::cards::ledger::postgres {

Expected<std::vector<StoredCall>, LedgerError> find_calls(Connection& db, const CallFilter& filter,
                                                          std::optional<std::int64_t> before_id,
                                                          int count);
Expected<std::optional<StoredCall>, LedgerError> find_call(Connection& db, std::int64_t id);
Expected<Summary, LedgerError> count(Connection& db, const SummaryFilter& filter);
// What the card with this uuid offered, and whose call returned it; nullopt when no stored call
// returned such a card.
Expected<std::optional<CardOffer>, LedgerError> find_card(Connection& db, std::string_view uuid);

}  // namespace auc::cards::ledger::postgres
