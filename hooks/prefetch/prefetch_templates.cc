#include "hooks/prefetch/prefetch_templates.h"

#include <array>

#include "fhir/patient_record.h"

namespace auc::hooks {
namespace {

// Imaging history comes from both ImagingStudy (what was done) and DiagnosticReport (what it
// showed, e.g. bone marrow edema on MRI). Observations carry pain and exam findings some EHRs
// record outside the problem list. Allergies, devices, eGFR results and pregnancy status feed
// the safety stage; they are optional: without them the card says what was not checked.
constexpr auto kAllergies = static_cast<std::uint8_t>(fhir::Searched::kAllergies);
constexpr auto kDevices = static_cast<std::uint8_t>(fhir::Searched::kDevices);
constexpr auto kLabs = static_cast<std::uint8_t>(fhir::Searched::kLabs);
constexpr auto kPregnancy = static_cast<std::uint8_t>(fhir::Searched::kPregnancyStatus);

constexpr std::array<PrefetchTemplate, 10> kTemplates{{
    {"patient", "Patient/{{context.patientId}}", false},
    {"conditions", "Condition?patient={{context.patientId}}", true},
    {"procedures", "Procedure?patient={{context.patientId}}", true},
    {"imagingStudies", "ImagingStudy?patient={{context.patientId}}", true},
    {"diagnosticReports", "DiagnosticReport?patient={{context.patientId}}", true},
    {"observations", "Observation?patient={{context.patientId}}&category=exam,survey,imaging",
     false},
    {"allergies", "AllergyIntolerance?patient={{context.patientId}}", false, kAllergies},
    {"devices", "Device?patient={{context.patientId}}", false, kDevices},
    // eGFR in its common LOINC codes (MDRD, CKD-EPI 2009 and 2021).
    {"labs",
     "Observation?patient={{context.patientId}}&category=laboratory&code=33914-3,48642-3,48643-1,"
     "62238-1,77147-7,98979-8,69405-9",
     false, kLabs},
    // Pregnancy status as US Core sends it (category social-history).
    {"pregnancyStatus",
     "Observation?patient={{context.patientId}}&category=social-history&code=82810-3,11449-6",
     false, kPregnancy},
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
