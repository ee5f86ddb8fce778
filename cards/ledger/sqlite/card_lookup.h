// Ledger::find_card for the SQLite ledger: the card's call through the call_card index, and what
// the card offered from that call's stored cards JSON.
#pragma once

#include <optional>
#include <string_view>

#include "cards/ledger/ledger.h"
#include "cards/ledger/sqlite/database.h"

namespace auc::cards::ledger::sqlite {

Expected<std::optional<CardOffer>, LedgerError> find_card(Database& db, std::string_view uuid);

}  // namespace auc::cards::ledger::sqlite
