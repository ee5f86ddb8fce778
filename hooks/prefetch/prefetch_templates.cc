#include "hooks/prefetch/prefetch_templates.h"

#include <array>

namespace auc::hooks {
namespace {

// Imaging history comes from both ImagingStudy (what was done) and DiagnosticReport (what it
// showed, e.g. bone marrow edema on MRI). Observations carry pain and exam findings some EHRs
// record outside the problem list.
constexpr std::array<PrefetchTemplate, 6> kTemplates{{
    {"patient", "Patient/{{context.patientId}}", false},
    {"conditions", "Condition?patient={{context.patientId}}", true},
    {"procedures", "Procedure?patient={{context.patientId}}", true},
    {"imagingStudies", "ImagingStudy?patient={{context.patientId}}", true},
    {"diagnosticReports", "DiagnosticReport?patient={{context.patientId}}", true},
    {"observations", "Observation?patient={{context.patientId}}&category=exam,survey,imaging",
     false},
}};

std::string_view token_value(std::string_view name, const TemplateTokens& t) {
  if (name == "context.patientId" || name == "userPatientId") return t.patient_id;
  if (name == "context.encounterId") return t.encounter_id;
  if (name == "context.userId") return t.user_id;
  const std::size_t slash = t.user_id.find('/');
  const std::string_view type = t.user_id.substr(0, slash == std::string_view::npos ? 0 : slash);
  const std::string_view id =
      slash == std::string_view::npos ? std::string_view{} : t.user_id.substr(slash + 1);
  if (name == "userPractitionerId" && type == "Practitioner") return id;
  if (name == "userPractitionerRoleId" && type == "PractitionerRole") return id;
  return {};
}

}  // namespace

std::span<const PrefetchTemplate> vcf_prefetch_templates() {
  return kTemplates;
}

std::optional<std::string> resolve_template(std::string_view query, const TemplateTokens& tokens) {
  std::string out;
  out.reserve(query.size() + 64);
  std::size_t pos = 0;
  while (pos < query.size()) {
    const std::size_t open = query.find("{{", pos);
    if (open == std::string_view::npos) {
      out.append(query.substr(pos));
      break;
    }
    const std::size_t close = query.find("}}", open + 2);
    if (close == std::string_view::npos) return std::nullopt;
    out.append(query.substr(pos, open - pos));
    const std::string_view value = token_value(query.substr(open + 2, close - open - 2), tokens);
    if (value.empty()) return std::nullopt;
    out.append(value);
    pos = close + 2;
  }
  return out;
}

}  // namespace auc::hooks
