// Reads what one card offered (suggestion ids, override reasons) out of a call's stored cards
// JSON, so any storage can answer Ledger::find_card from the cards it keeps.
#pragma once

#include <optional>
#include <string_view>

#include "cards/ledger/records.h"

namespace auc::cards::ledger {

// Fills suggestion_ids and override_reasons of the card whose "uuid" is `uuid`; nullopt when the
// array holds no such card (or is not a JSON array).
std::optional<CardOffer> card_offer_from_cards_json(std::string_view cards_json,
                                                    std::string_view uuid);

}  // namespace auc::cards::ledger
