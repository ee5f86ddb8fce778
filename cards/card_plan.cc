#include "cards/card_plan.h"

#include "cards/card_summary.h"
#include "cards/prior_imaging_text.h"
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

// No variant applies as the record stands, but a suspected finding (a provisional diagnosis, a
// sentence that says "cannot exclude") would give one were it confirmed: the first such.
const engine::AlternativeVariant* confirmable(const engine::Assessment& a) {
  for (const engine::AlternativeVariant& alt : a.alternative_variants) {
    if (alt.variant != nullptr && !alt.because_of.empty()) return &alt;
  }
  return nullptr;
}

engine::CardReason suspected_finding_reason(const engine::Assessment& a,
                                            const engine::AlternativeVariant& alt) {
  engine::CardReason r;
  r.severity = engine::Severity::kInfo;
  r.kind = "suspected-finding";
  std::string summary =
      "No ACR variant applies unless a suspected finding is confirmed: then "
      "variant " +
      std::to_string(alt.variant->number);
  if (alt.ordered != nullptr) {
    summary += ", where the order is " +
               std::string(engine::category_label(alt.ordered->category)) + " (" +
               std::to_string(alt.ordered->rating) + ")";
  }
  r.summary = fit_summary(summary);
  for (engine::FactId id : alt.because_of) {
    const engine::Fact& f = a.fact(id);
    r.detail.push_back(f.reason);
    for (const engine::Evidence& e : f.evidence) r.sources.push_back(e.reference());
  }
  return r;
}

// Buttons and listed rows. Removed alternatives are only ever listed; the best category is the
// best among the ones that may be offered (the engine put clean ones before demoted ones).
void plan_options(const engine::Assessment& a, const CardPolicy& policy, CardPlan& plan) {
  if (a.ordered == nullptr) return;
  if (a.outcome != engine::Outcome::kRated && !a.substitutes) return;
  // The summary names the best option that is neither contraindicated nor done recently; when
  // that one is already drafted, the card offers to remove this draft instead of a second order.
  for (const engine::Alternative& alt : a.alternatives) {
    if (alt.procedure != nullptr && !alt.safety.removed() && alt.done_recently.sources.empty()) {
      plan.better = &alt;
      break;
    }
  }
  plan.remove_draft = plan.better != nullptr && !plan.better->drafted_as.empty() &&
                      !a.order_id.empty() && !a.substitutes;
  const int best_rank =
      plan.better != nullptr ? engine::category_rank(plan.better->procedure->category) : 0;
  plan.suggested.reserve(policy.max_suggestions);
  plan.listed.reserve(a.alternatives.size());
  for (const engine::Alternative& alt : a.alternatives) {
    if (alt.procedure == nullptr) continue;
    const bool button = !plan.remove_draft && alt.offerable() && !alt.safety.removed() &&
                        alt.procedure->orderable && has_order_codes(alt) &&
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
  if (plan.remove_draft) {
    r.summary = drafted_summary(*plan.better->procedure, *a.ordered);
    r.detail.push_back(drafted_text(*plan.better->procedure, plan.better->drafted_as));
    r.sources.push_back(plan.better->drafted_as);
  } else if (plan.better != nullptr) {
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

// A red flag: the case belongs to another ACR topic. One reason naming the first red flag, with
// every red flag and its resource in the detail.
engine::CardReason red_flag_reason(const engine::Assessment& a) {
  engine::CardReason r;
  r.severity = engine::Severity::kInfo;
  r.kind = "red-flag";
  r.summary = red_flag_summary(*a.red_flags.front().kind);
  for (const engine::RedFlag& f : a.red_flags) {
    r.detail.push_back(engine::red_flag_text(f));
    r.sources.push_back(f.evidence.reference());
  }
  return r;
}

// The ordered study was done recently.
engine::CardReason prior_imaging_reason(const engine::Assessment& a) {
  engine::CardReason r;
  r.severity = engine::Severity::kInfo;
  r.kind = "prior-imaging";
  r.summary = prior_imaging_summary(*a.ordered, a.prior_of_order.front().days_ago);
  for (const engine::PriorStudy& s : a.prior_of_order) {
    r.detail.push_back(prior_study_text(*a.ordered, s));
    for (const engine::Evidence& e : s.sources) r.sources.push_back(e.reference());
  }
  return r;
}

}  // namespace

CardPlan plan_card(const engine::Assessment& a, const CardPolicy& policy) {
  CardPlan plan;
  if (a.order_codes_disagree) {
    plan.show = true;
    plan.indicator = "info";
    plan.codes_disagree = true;
    return plan;
  }
  if (a.outcome == engine::Outcome::kNoCriteriaApply && a.topic != nullptr &&
      !a.red_flags.empty()) {
    plan.red_flag = true;
    plan.reasons.push_back(red_flag_reason(a));
  } else if (a.outcome == engine::Outcome::kNoCriteriaApply && a.topic != nullptr &&
             a.settling_study.procedure != nullptr) {
    plan_settling_card(a, plan);
    plan.reasons.push_back(settling_reason(plan));
  } else if (a.outcome == engine::Outcome::kNoCriteriaApply && a.topic != nullptr &&
             confirmable(a) != nullptr) {
    plan.reasons.push_back(suspected_finding_reason(a, *confirmable(a)));
  } else {
    plan_options(a, policy, plan);
  }
  if (a.ordered != nullptr && !a.prior_of_order.empty()) {
    plan.prior_imaging = true;
    plan.reasons.push_back(prior_imaging_reason(a));
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
