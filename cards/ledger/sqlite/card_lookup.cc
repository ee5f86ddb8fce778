#include "cards/ledger/sqlite/card_lookup.h"

#include <string>

#include "cards/ledger/card_offer.h"
#include "cards/ledger/sqlite/packed_json.h"

namespace auc::cards::ledger::sqlite {

Expected<std::optional<CardOffer>, LedgerError> find_card(Database& db, std::string_view uuid) {
  auto stmt = db.cached(
      "SELECT h.service_id, h.issuer, h.tenant, h.patient_pseudonym, h.user_pseudonym, "
      "h.cards_json, h.packed_json FROM call_card c JOIN hook_call h ON h.id = c.call_id "
      "WHERE c.card_uuid = ?1 ORDER BY h.id DESC LIMIT 1");
  if (!stmt) {
    return Unexpected(LedgerError{LedgerError::Kind::kUnavailable, "cannot look up a card"});
  }
  Statement& s = **stmt;
  s.bind(1, uuid);
  const int rc = s.step();
  if (rc == SQLITE_DONE) return std::optional<CardOffer>();
  if (rc != SQLITE_ROW) {
    s.reset();
    return Unexpected(LedgerError{LedgerError::Kind::kUnavailable,
                                  "cannot look up a card: " + db.error_message()});
  }
  std::string cards_json;
  if (s.is_null(6)) {
    cards_json = s.text(5);
  } else {
    const auto fields = packed_fields();
    auto documents = unpack_json(s.bytes(6), fields.size());
    if (!documents) {
      s.reset();
      return Unexpected(LedgerError{LedgerError::Kind::kUnavailable,
                                    "cannot look up a card: " + documents.error()});
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (fields[i]->column == "cards_json") cards_json = std::move((*documents)[i]);
    }
  }
  std::optional<CardOffer> offer = card_offer_from_cards_json(cards_json, uuid);
  if (offer) {
    offer->service_id = s.text(0);
    offer->issuer = s.text(1);
    offer->tenant = s.text(2);
    offer->patient_pseudonym = s.text(3);
    offer->user_pseudonym = s.text(4);
  }
  s.reset();
  return offer;
}

}  // namespace auc::cards::ledger::sqlite
