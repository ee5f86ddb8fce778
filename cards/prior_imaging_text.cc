#include "cards/prior_imaging_text.h"

namespace auc::cards {

std::string prior_study_text(const engine::RatedProcedure& procedure,
                             const engine::PriorStudy& study) {
  std::string out = procedure.name;
  if (study.region != engine::Region::kUnspecified) {
    out += " (";
    out += engine::region_label(study.region);
    out += ')';
  }
  out += ", ";
  out += engine::days_ago_text(study.days_ago);
  out += ": ";
  for (std::size_t i = 0; i < study.sources.size(); ++i) {
    if (i > 0) out += ", ";
    if (study.sources[i].resource_type == fhir::DiagnosticReport::kType) out += "report ";
    out += study.sources[i].reference();
  }
  return out;
}

std::string drafted_text(const engine::RatedProcedure& procedure, std::string_view drafted_as) {
  std::string out = procedure.name;
  out += " is already among the draft orders (";
  out += drafted_as;
  out += ')';
  return out;
}

}  // namespace auc::cards
