#include "engine/safety/safety_stage.h"

#include <algorithm>

namespace auc::engine {
namespace {

Severity severity_of(SafetyAction action) {
  switch (action) {
    case SafetyAction::kRemove:
      return Severity::kCritical;
    case SafetyAction::kDemote:
      return Severity::kWarning;
    case SafetyAction::kAnnotate:
      return Severity::kInfo;
  }
  return Severity::kInfo;
}

std::string_view verb_of(SafetyAction action) {
  switch (action) {
    case SafetyAction::kRemove:
      return "Contraindicated";
    case SafetyAction::kDemote:
      return "Caution";
    case SafetyAction::kAnnotate:
      return "Note";
  }
  return "Note";
}

// One reason per rule that hit the ordered study: what it is, what the rule says, and each
// resource behind the patient state.
CardReason order_reason(const RatedProcedure& ordered, const SafetyRule& rule,
                        const StateFinding& finding) {
  CardReason r;
  r.severity = severity_of(rule.action);
  r.kind = "safety";
  r.summary = std::string(verb_of(rule.action)) + ": " + ordered.name + " (" +
              std::string(patient_state_words(rule.when)) + ")";
  std::string line = std::string(verb_of(rule.action)) + " (" +
                     std::string(safety_action_label(rule.action)) + " rule " + rule.id +
                     "): " + ordered.name + ": " + rule.message;
  if (rule.action == SafetyAction::kRemove) line += ". The order should not go ahead as it is";
  line += ".";
  r.detail.push_back(std::move(line));
  for (const SafetySource& s : finding.sources) {
    r.detail.push_back("From " + s.text() + ".");
    r.sources.push_back(s.reference);
  }
  return r;
}

int weight(const SafetyVerdict& v) {
  return v.removed() ? 2 : v.demoted() ? 1 : 0;
}

struct Relevance {
  bool contrast = false, iv_contrast = false, mri = false, pregnancy = false;
  void add(const RatedProcedure* p) {
    if (p == nullptr) return;
    const ProcedureAttributes& a = p->attributes;
    contrast = contrast || a.contrast != ContrastAgent::kNone;
    iv_contrast = iv_contrast || a.contrast_route == ContrastRoute::kIntravenous;
    mri = mri || a.modality == Modality::kMri;
    pregnancy = pregnancy || a.ionising_radiation || a.contrast == ContrastAgent::kGadolinium ||
                a.modality == Modality::kIntervention;
  }
  bool matters(SafetyCheck c) const {
    switch (c) {
      case SafetyCheck::kContrastAllergy:
        return contrast;
      case SafetyCheck::kRenalFunction:
        return iv_contrast;
      case SafetyCheck::kImplants:
        return mri;
      case SafetyCheck::kPregnancy:
        return pregnancy;
    }
    return true;
  }
};

}  // namespace

void judge_ordered_study(const KnowledgeBase& kb, Assessment& a) {
  if (a.procedure_id.empty()) return;
  const RatedProcedure* p = a.ordered != nullptr ? a.ordered : kb.any_rating(a.procedure_id);
  if (p == nullptr) return;
  a.ordered_safety = safety_verdict(kb.safety_rules(), a.patient_safety, p->attributes);
}

void judge_options(Assessment& a, const KnowledgeBase& kb) {
  const SafetyRules& rules = kb.safety_rules();
  for (Alternative& alt : a.alternatives) {
    if (alt.procedure != nullptr) {
      alt.safety = safety_verdict(rules, a.patient_safety, alt.procedure->attributes);
    }
  }
  // Clean options first, then demoted ones, then removed ones; rank order within each.
  std::stable_sort(a.alternatives.begin(), a.alternatives.end(),
                   [](const Alternative& x, const Alternative& y) {
                     return weight(x.safety) < weight(y.safety);
                   });
  if (a.settling_study.procedure != nullptr) {
    a.settling_study.safety =
        safety_verdict(rules, a.patient_safety, a.settling_study.procedure->attributes);
  }

  const RatedProcedure* ordered =
      a.ordered != nullptr ? a.ordered
                           : (a.procedure_id.empty() ? nullptr : kb.any_rating(a.procedure_id));
  if (ordered != nullptr) {
    for (const SafetyRule* rule : a.ordered_safety.rules) {
      a.reasons.push_back(order_reason(*ordered, *rule, a.patient_safety[rule->when]));
    }
  }

  Relevance relevance;
  relevance.add(ordered);
  for (const Alternative& alt : a.alternatives) relevance.add(alt.procedure);
  relevance.add(a.settling_study.procedure);
  for (const UncheckedSafety& u : a.patient_safety.unchecked) {
    if (relevance.matters(u.check)) a.unchecked.push_back(u.sentence);
  }
}

}  // namespace auc::engine
