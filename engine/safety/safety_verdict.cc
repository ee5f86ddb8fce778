#include "engine/safety/safety_verdict.h"

#include <algorithm>

namespace auc::engine {

bool SafetyVerdict::has(SafetyAction action) const {
  return std::any_of(rules.begin(), rules.end(),
                     [&](const SafetyRule* r) { return r->action == action; });
}

SafetyVerdict safety_verdict(const SafetyRules& rules, const PatientSafety& patient,
                             const ProcedureAttributes& attributes) {
  SafetyVerdict v;
  for (const SafetyRule& r : rules.rules) {
    if (patient[r.when].present && r.applies_to.matches(attributes)) v.rules.push_back(&r);
  }
  return v;
}

}  // namespace auc::engine
