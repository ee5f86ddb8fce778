// Which safety rules hit one procedure for this patient, and what that means for offering it.
#pragma once

#include <vector>

#include "engine/criteria/criteria.h"
#include "engine/safety/patient_safety.h"
#include "engine/safety/safety_rules.h"

namespace auc::engine {

struct SafetyVerdict {
  std::vector<const SafetyRule*> rules;  // every rule that hit, in the rules file's order

  bool any() const { return !rules.empty(); }
  bool has(SafetyAction action) const;
  bool removed() const { return has(SafetyAction::kRemove); }  // never a suggestion
  bool demoted() const { return has(SafetyAction::kDemote); }  // after every clean option
};

SafetyVerdict safety_verdict(const SafetyRules& rules, const PatientSafety& patient,
                             const ProcedureAttributes& attributes);

}  // namespace auc::engine
