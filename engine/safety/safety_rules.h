// The safety rules as loaded from engine/data/safety/*.json: which patient states (a contrast
// allergy, a low eGFR, an implant, a pregnancy) take which action on which procedures. Rules
// match procedure attributes (modality, contrast, route, ionising radiation), never procedure
// ids, so they hold for every criteria topic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/criteria/criteria.h"
#include "engine/knowledge_base_error.h"
#include "fhir/expected.h"

namespace auc::engine {

// What the safety stage can find out about a patient. The rules file names them in `when`.
enum class PatientState : std::uint8_t {
  kAllergyIodinatedContrast,
  kAllergyGadoliniumContrast,
  kEgfrBelowThreshold,  // newest eGFR in the look-back window below the threshold, no dialysis
  kOnDialysis,
  kImplantMrUnsafe,  // MR Unsafe, or a pacemaker / ICD / neurostimulator / cochlear implant with
                     // no MR safety information
  kImplantMrConditional,
  kPregnant,
  kPossiblyPregnant,
  kCount,
};
inline constexpr std::size_t kPatientStateCount = static_cast<std::size_t>(PatientState::kCount);
// "allergy-iodinated-contrast", "allergy-gadolinium-contrast", "egfr-below-threshold",
// "on-dialysis", "implant-mr-unsafe", "implant-mr-conditional", "pregnant", "possibly-pregnant".
std::string_view patient_state_label(PatientState s);
std::optional<PatientState> parse_patient_state(std::string_view label);
// Short words for a card summary: "gadolinium contrast allergy", "MR-unsafe implant", ...
std::string_view patient_state_words(PatientState s);

// Ordered by weight: a remove outweighs a demote, which outweighs an annotate.
enum class SafetyAction : std::uint8_t { kAnnotate, kDemote, kRemove };
std::string_view safety_action_label(SafetyAction a);  // "annotate" | "demote" | "remove"
std::optional<SafetyAction> parse_safety_action(std::string_view label);

// Which procedures a rule concerns: every listed attribute must match (an empty list matches
// anything).
struct ProcedureMatch {
  std::vector<Modality> modality;
  std::vector<ContrastAgent> contrast;
  std::vector<ContrastRoute> contrast_route;
  std::optional<bool> ionising_radiation;

  bool matches(const ProcedureAttributes& a) const;
};

struct SafetyRule {
  std::string id;
  PatientState when = PatientState::kPregnant;
  ProcedureMatch applies_to;
  SafetyAction action = SafetyAction::kAnnotate;
  std::string message;  // what the card says the rule does and why
};

struct SafetySettings {
  double egfr_below = 30;  // mL/min/1.73 m2
  int egfr_lookback_days = 30;
  int pregnancy_lookback_days = 300;
  int pregnancy_age_min = 10;  // pregnancy is asked about for non-male patients of these ages
  int pregnancy_age_max = 55;  // (and when the age is unknown)
};

struct SafetyRules {
  std::string file;    // where they came from, for provenance
  std::string source;  // the guidance they follow
  SafetySettings settings;
  std::vector<SafetyRule> rules;
};

Expected<SafetyRules, LoadError> parse_safety_rules_json(std::string_view json,
                                                         const std::string& file);
Expected<SafetyRules, LoadError> load_safety_rules_file(const std::string& path);

}  // namespace auc::engine
