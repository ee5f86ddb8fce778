#include "cards/card_plan.h"

#include "engine/decision/decision_table.h"

namespace auc::cards {
namespace {

// The engine names a settling study only for augmentation without an MRI showing marrow edema or
// a cleft: the finding decides the variant. The decision table says which variant that is.
void plan_settling_card(const engine::Assessment& a, CardPlan& plan) {
  plan.show = true;
  plan.indicator = "info";
  plan.settling = &a.settling_study;
  const engine::DecisionTable* table = engine::decision_table_for(a.topic->id);
  if (table == nullptr) return;
  for (const engine::DecisionRow& row : table->rows) {
    if (row.variant == 0) continue;
    for (const engine::Requirement& q : row.requirements()) {
      if (q.criterion != engine::Criterion::kMarrowEdemaOrCleft || !q.value) continue;
      plan.settled_variant = a.topic->variant(row.variant);
      if (plan.settled_variant != nullptr) {
        plan.ordered_if_settled = plan.settled_variant->procedure(a.procedure_id);
      }
      return;
    }
  }
}

}  // namespace

CardPlan plan_card(const engine::Assessment& a, const CardPolicy& policy) {
  CardPlan plan;
  if (a.outcome == engine::Outcome::kNoCriteriaApply && a.topic != nullptr &&
      a.settling_study.procedure != nullptr) {
    plan_settling_card(a, plan);
    return plan;
  }
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
