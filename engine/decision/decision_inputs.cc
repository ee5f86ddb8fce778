#include "engine/decision/decision_inputs.h"

#include <algorithm>

namespace auc::engine {
namespace {

CriterionValue from_fact(const ClinicalFacts& f, FactId id) {
  return CriterionValue{f[id].present, f[id].confidence, {id}};
}

// "a or b or ...": true as soon as one is; its confidence is that of the best true input, and,
// when all are false, that of the least certain input (any of them could turn true).
CriterionValue any_of(const ClinicalFacts& f, std::initializer_list<FactId> ids) {
  CriterionValue out;
  out.facts.assign(ids.begin(), ids.end());
  Confidence best_true = Confidence::kAssumed, worst_false = Confidence::kDocumented;
  for (FactId id : ids) {
    if (f[id].present) {
      if (!out.value) best_true = f[id].confidence;
      out.value = true;
      best_true = std::min(best_true, f[id].confidence);
    } else {
      worst_false = std::max(worst_false, f[id].confidence);
    }
  }
  out.confidence = out.value ? best_true : worst_false;
  return out;
}

}  // namespace

std::string_view criterion_name(Criterion c) {
  switch (c) {
    case Criterion::kSymptomatic:
      return "symptomatic";
    case Criterion::kCurrentFracture:
      return "current_fracture";
    case Criterion::kMalignancyHistory:
      return "malignancy_history";
    case Criterion::kPriorTreatmentOrMultiple:
      return "prior_treatment_or_multiple_fractures";
    case Criterion::kPriorAugmentationOrSurgery:
      return "prior_augmentation_or_surgery";
    case Criterion::kNewFracture:
      return "new_fracture";
    case Criterion::kPathologicalWithMechanicalPain:
      return "pathological_with_mechanical_pain";
    case Criterion::kBenign:
      return "benign_fracture";
    case Criterion::kWorseningPainDeformityOrPulmonary:
      return "worsening_pain_deformity_or_pulmonary";
    case Criterion::kOsteoporotic:
      return "osteoporotic_fracture";
    case Criterion::kMarrowEdemaOrCleft:
      return "marrow_edema_or_cleft";
    case Criterion::kCount:
      break;
  }
  return "unknown";
}

DecisionInputs derive_inputs(const ClinicalFacts& f) {
  DecisionInputs in;
  in[Criterion::kSymptomatic] = from_fact(f, FactId::kSymptomatic);
  in[Criterion::kCurrentFracture] = from_fact(f, FactId::kVcfPresent);
  in[Criterion::kMalignancyHistory] = from_fact(f, FactId::kMalignancyHistory);
  in[Criterion::kPriorTreatmentOrMultiple] = any_of(
      f, {FactId::kPriorAugmentation, FactId::kPriorSpineSurgery, FactId::kMultipleFractures});
  in[Criterion::kPriorAugmentationOrSurgery] =
      any_of(f, {FactId::kPriorAugmentation, FactId::kPriorSpineSurgery});
  in[Criterion::kNewFracture] = from_fact(f, FactId::kNewFracture);
  in[Criterion::kPathologicalWithMechanicalPain] =
      from_fact(f, FactId::kPathologicalWithMechanicalPain);
  in[Criterion::kWorseningPainDeformityOrPulmonary] =
      from_fact(f, FactId::kWorseningPainDeformityOrPulmonary);
  in[Criterion::kMarrowEdemaOrCleft] = from_fact(f, FactId::kMarrowEdemaOrCleft);

  const Fact& etiology = f[FactId::kEtiology];
  in[Criterion::kBenign] = CriterionValue{etiology.etiology != Etiology::kNeoplasticOrPathological,
                                          etiology.confidence,
                                          {FactId::kEtiology}};
  in[Criterion::kOsteoporotic] = CriterionValue{
      etiology.etiology == Etiology::kOsteoporotic, etiology.confidence, {FactId::kEtiology}};
  return in;
}

}  // namespace auc::engine
