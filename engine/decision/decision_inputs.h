// The yes/no questions a variant decision table asks, each derived from clinical facts.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/facts/fact.h"

namespace auc::engine {

enum class Criterion : std::uint8_t {
  kSymptomatic,                 // back pain documented recently
  kCurrentFracture,             // a fracture that is not healed (record or order reason)
  kMalignancyHistory,           // known malignancy, active or past
  kPriorTreatmentOrMultiple,    // prior augmentation or spine surgery, or several fractures
  kPriorAugmentationOrSurgery,  // prior vertebroplasty/kyphoplasty or spine surgery
  kNewFracture,                 // a current fracture that is new
  kPathologicalWithMechanicalPain,
  kBenign,  // the fracture is not neoplastic/pathological
  kWorseningPainDeformityOrPulmonary,
  kOsteoporotic,        // the fracture is osteoporotic (coded or inferred)
  kMarrowEdemaOrCleft,  // on MRI
  kCount,
};
inline constexpr std::size_t kCriterionCount = static_cast<std::size_t>(Criterion::kCount);
std::string_view criterion_name(Criterion c);  // snake_case, stable

struct CriterionValue {
  bool value = false;
  Confidence confidence = Confidence::kAssumed;
  std::vector<FactId> facts;  // the facts it was derived from
};

struct DecisionInputs {
  std::array<CriterionValue, kCriterionCount> values;
  const CriterionValue& operator[](Criterion c) const {
    return values[static_cast<std::size_t>(c)];
  }
  CriterionValue& operator[](Criterion c) { return values[static_cast<std::size_t>(c)]; }
};

DecisionInputs derive_inputs(const ClinicalFacts& facts);

}  // namespace auc::engine
