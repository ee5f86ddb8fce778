#include "engine/facts/fact.h"

#include "engine/terminology/terminology.h"

namespace auc::engine {

std::string_view confidence_label(Confidence c) {
  switch (c) {
    case Confidence::kDocumented:
      return "documented";
    case Confidence::kInferred:
      return "inferred";
    case Confidence::kAssumed:
      return "assumed";
  }
  return "assumed";
}

std::string Evidence::reference() const {
  std::string out;
  out.reserve(resource_type.size() + 1 + id.size());
  out += resource_type;
  out += '/';
  out += id;
  return out;
}

std::string_view etiology_label(Etiology e) {
  switch (e) {
    case Etiology::kUnspecified:
      return "unspecified";
    case Etiology::kTraumatic:
      return "traumatic";
    case Etiology::kOsteoporotic:
      return "osteoporotic";
    case Etiology::kNeoplasticOrPathological:
      return "neoplastic/pathological";
  }
  return "unspecified";
}

std::string_view fact_name(FactId id) {
  switch (id) {
    case FactId::kVcfPresent:
      return "vcf_present";
    case FactId::kPriorFracture:
      return "prior_fracture";
    case FactId::kFractureRegions:
      return "fracture_regions";
    case FactId::kEtiology:
      return "etiology";
    case FactId::kNewFracture:
      return "new_fracture";
    case FactId::kMultipleFractures:
      return "multiple_fractures";
    case FactId::kIdentifiedOnRadiographs:
      return "identified_on_radiographs";
    case FactId::kMalignancyHistory:
      return "malignancy_history";
    case FactId::kSymptomatic:
      return "symptomatic";
    case FactId::kPriorAugmentation:
      return "prior_augmentation";
    case FactId::kPriorSpineSurgery:
      return "prior_spine_surgery";
    case FactId::kOsteoporosis:
      return "osteoporosis";
    case FactId::kMarrowEdemaOrCleft:
      return "marrow_edema_or_cleft";
    case FactId::kWorseningPainDeformityOrPulmonary:
      return "worsening_pain_deformity_or_pulmonary";
    case FactId::kPathologicalWithMechanicalPain:
      return "pathological_with_mechanical_pain";
    case FactId::kRetropulsion:
      return "retropulsion";
    case FactId::kAge:
      return "age";
    case FactId::kCount:
      break;
  }
  return "unknown";
}

std::string Fact::value_text() const {
  switch (id) {
    case FactId::kEtiology:
      return std::string(etiology_label(etiology));
    case FactId::kFractureRegions: {
      std::string out;
      for (int r = 0; r <= static_cast<int>(Region::kWholeBody); ++r) {
        if ((regions & (1u << r)) == 0) continue;
        if (!out.empty()) out += ',';
        out += region_label(static_cast<Region>(r));
      }
      return out.empty() ? "unknown" : out;
    }
    case FactId::kAge:
      return age ? std::to_string(*age) : "unknown";
    default:
      return present ? "true" : "false";
  }
}

}  // namespace auc::engine
