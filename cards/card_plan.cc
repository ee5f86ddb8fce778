#include "cards/card_plan.h"

namespace auc::cards {

CardPlan plan_card(const engine::Assessment& a, const CardPolicy& policy) {
  CardPlan plan;
  if (a.outcome != engine::Outcome::kRated || a.ordered == nullptr || a.alternatives.empty() ||
      a.alternatives.front().procedure == nullptr) {
    return plan;
  }
  const engine::Category ordered = a.ordered->category;
  if (ordered == engine::Category::kUsuallyAppropriate && !policy.card_when_usually_appropriate) {
    return plan;
  }
  plan.show = true;
  plan.indicator = ordered == engine::Category::kUsuallyNotAppropriate ? "warning" : "info";
  plan.better = &a.alternatives.front();
  const int best_rank = engine::category_rank(plan.better->procedure->category);
  plan.suggested.reserve(policy.max_suggestions);
  plan.listed.reserve(a.alternatives.size());
  for (const engine::Alternative& alt : a.alternatives) {
    if (alt.procedure == nullptr) continue;
    const bool button = alt.procedure->orderable && has_order_codes(alt) &&
                        engine::category_rank(alt.procedure->category) == best_rank &&
                        plan.suggested.size() < policy.max_suggestions;
    (button ? plan.suggested : plan.listed).push_back(&alt);
  }
  return plan;
}

bool has_order_codes(const engine::Alternative& alt) {
  for (const engine::CodeMapping* c : alt.codes) {
    if (c != nullptr && !c->unverified && !c->code.empty()) return true;
  }
  return false;
}

}  // namespace auc::cards
