#include "cards/card_plan.h"

#include "cards/card_summary.h"
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

engine::CardReason settling_reason(const CardPlan& plan) {
  engine::CardReason r;
  r.severity = engine::Severity::kInfo;
  r.kind = "settling-study";
  const engine::Alternative& study = *plan.settling;
  if (study.safety.removed()) {
    const engine::SafetyRule* rule = nullptr;
    for (const engine::SafetyRule* candidate : study.safety.rules) {
      if (candidate->action == engine::SafetyAction::kRemove) rule = candidate;
    }
    r.summary = fit_summary("No ACR variant applies yet; " + study.procedure->name +
                            " would settle it but is contraindicated (" +
                            std::string(engine::patient_state_words(rule->when)) + ")");
  } else {
    r.summary = settling_summary(*study.procedure, plan.settled_variant);
  }
  return r;
}

// Buttons and listed rows. Removed alternatives are only ever listed; the best category is the
// best among the ones that may be offered (the engine put clean ones before demoted ones).
void plan_options(const engine::Assessment& a, const CardPolicy& policy, CardPlan& plan) {
  if (a.ordered == nullptr) return;
  if (a.outcome != engine::Outcome::kRated && !a.substitutes) return;
  for (const engine::Alternative& alt : a.alternatives) {
    if (alt.procedure != nullptr && !alt.safety.removed()) {
      plan.better = &alt;
      break;
    }
  }
  const int best_rank =
      plan.better != nullptr ? engine::category_rank(plan.better->procedure->category) : 0;
  plan.suggested.reserve(policy.max_suggestions);
  plan.listed.reserve(a.alternatives.size());
  for (const engine::Alternative& alt : a.alternatives) {
    if (alt.procedure == nullptr) continue;
    const bool button = !alt.safety.removed() && alt.procedure->orderable && has_order_codes(alt) &&
                        engine::category_rank(alt.procedure->category) >= best_rank &&
                        plan.suggested.size() < policy.max_suggestions;
    (button ? plan.suggested : plan.listed).push_back(&alt);
  }
  if (a.substitutes || a.alternatives.empty() || a.alternatives.front().procedure == nullptr) {
    return;
  }
  // The rating is a reason only when something beats the order.
  const engine::Category ordered = a.ordered->category;
  if (ordered == engine::Category::kUsuallyAppropriate && !policy.card_when_usually_appropriate) {
    return;
  }
  engine::CardReason r;
  r.kind = "rating";
  r.severity = ordered == engine::Category::kUsuallyNotAppropriate ? engine::Severity::kWarning
                                                                   : engine::Severity::kInfo;
  if (plan.better != nullptr) {
    r.summary = card_summary(*plan.better->procedure, *a.ordered);
  } else {
    r.summary = fit_summary(a.ordered->name + " is " +
                            std::string(engine::category_label(a.ordered->category)) + " (" +
                            std::to_string(a.ordered->rating) +
                            "); every better-rated option is contraindicated for this patient");
  }
  plan.rating_card = true;
  plan.reasons.push_back(std::move(r));
}

}  // namespace

CardPlan plan_card(const engine::Assessment& a, const CardPolicy& policy) {
  CardPlan plan;
  if (a.outcome == engine::Outcome::kNoCriteriaApply && a.topic != nullptr &&
      a.settling_study.procedure != nullptr) {
    plan_settling_card(a, plan);
    plan.reasons.push_back(settling_reason(plan));
  } else {
    plan_options(a, policy, plan);
  }
  plan.reasons.insert(plan.reasons.end(), a.reasons.begin(), a.reasons.end());
  if (plan.reasons.empty() || a.topic == nullptr) {
    plan.show = false;
    return plan;
  }
  plan.show = true;
  const engine::CardReason* top = engine::most_severe(plan.reasons);
  plan.headline = static_cast<std::size_t>(top - plan.reasons.data());
  plan.indicator = engine::severity_label(top->severity);
  return plan;
}

bool has_order_codes(const engine::Alternative& alt) {
  for (const engine::CodeMapping* c : alt.codes) {
    if (c != nullptr && !c->unverified && !c->code.empty()) return true;
  }
  return false;
}

}  // namespace auc::cards
