// Whether an assessed order gets a card, how loud, and which better-rated alternatives become
// one-click suggestions (the rest are only listed in the detail: a clinician must not face six
// buttons).
#pragma once

#include <string_view>
#include <vector>

#include "cards/hook_response.h"
#include "engine/assessment.h"

namespace auc::cards {

struct CardPlan {
  bool show = false;
  std::string_view indicator;                         // "warning" | "info"
  const engine::Alternative* better = nullptr;        // the best alternative, named in the summary
  std::vector<const engine::Alternative*> suggested;  // buttons, best first
  // Every other better-rated alternative, best first: orderable ones past max_suggestions or in
  // a lower category, the ones with no orderable code in the region, and non-orders such as
  // medical management.
  std::vector<const engine::Alternative*> listed;
};

// A card needs a rated order with a better-rated alternative; Usually Not Appropriate orders
// get a warning, May Be Appropriate ones info, Usually Appropriate ones a card only when the
// policy asks. Suggestions are the orderable alternatives of the best category that beats the
// order, at most policy.max_suggestions.
CardPlan plan_card(const engine::Assessment& a, const CardPolicy& policy);

// The alternative has a verified code to put in an order (crosswalk rows marked UNVERIFIED are
// never sent).
bool has_order_codes(const engine::Alternative& alt);

}  // namespace auc::cards
