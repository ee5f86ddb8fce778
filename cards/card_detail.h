// The card's markdown detail: the matched variant, the ordered study against the better-rated
// ones, the facts behind the decision with their sources, what was assumed and what would change
// the variant, supplementary (non-ACR) evidence for neoplastic cases, and the engine's notes.
// For an order no variant applies to yet (plan.settling): why, what the settling study would
// decide, the facts used and assumed, and the notes.
#pragma once

#include <string>

#include "cards/card_plan.h"
#include "engine/assessment.h"

namespace auc::cards {

// `plan` must come from plan_card(a, ...) with plan.show set.
std::string card_detail(const engine::Assessment& a, const CardPlan& plan);

}  // namespace auc::cards
