// From assessed draft orders to the CDS Hooks response: cards with one-click suggestions, and
// the PAMA ratings as systemActions (top-level for 2.0 clients, and under
// extension.systemActions for the CDS Hooks Sandbox).
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "cards/ledger/records.h"
#include "cards/uuid_source.h"
#include "engine/assessment.h"

namespace auc::cards {

struct CardPolicy {
  bool card_when_usually_appropriate = false;  // --card-when-appropriate
  std::size_t max_suggestions = 3;             // buttons per card; the rest go in the detail
};

// One draft order and its assessment. `draft` is the ServiceRequest exactly as the EHR sent it;
// update actions copy it and change only what they must.
struct AssessedOrder {
  const rapidjson::Value* draft = nullptr;
  const engine::Assessment* assessment = nullptr;
};

struct HookResponse {
  std::string body;                        // the whole response JSON
  std::string cards_json;                  // the "cards" array as sent (for the ledger)
  std::string system_actions_json;         // the "systemActions" array as sent (for the ledger)
  std::vector<ledger::OrderEntry> orders;  // one per assessed order (for the ledger)
  std::vector<ledger::CardEntry> cards;    // one per card (for the ledger)
};

HookResponse render_hook_response(std::span<const AssessedOrder> orders, const CardPolicy& policy,
                                  UuidSource& uuids);

}  // namespace auc::cards
