#include "hooks/services/vcf_services.h"

#include "hooks/prefetch/prefetch_templates.h"

namespace auc::hooks {
namespace {

constexpr const char* kUsage =
    "Send draft ServiceRequests coded with CPT, LOINC (Radiology Playbook) or site codes mapped "
    "under --local-codes. Prefetch the listed queries, or send fhirServer with a fhirAuthorization "
    "token that can read Patient, Condition, Procedure, ImagingStudy, DiagnosticReport, "
    "Observation, AllergyIntolerance and Device for the patient. Without allergies, devices, eGFR "
    "results or pregnancy status the cards say which safety checks could not be made.";

std::vector<std::pair<std::string, std::string>> prefetch() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const PrefetchTemplate& t : vcf_prefetch_templates()) {
    out.emplace_back(std::string(t.key), std::string(t.query));
  }
  return out;
}

}  // namespace

std::vector<ServiceDescriptor> vcf_service_descriptors() {
  return {
      ServiceDescriptor{
          std::string(kOrderSelectServiceId), "order-select",
          "ACR Appropriateness Criteria: vertebral compression fractures",
          "Rates the selected spine imaging or vertebral augmentation order against the ACR "
          "Appropriateness Criteria \"Management of Vertebral Compression Fractures\" and, when a "
          "better-rated study exists, offers it as a one-click replacement.",
          kUsage, prefetch()},
      ServiceDescriptor{
          std::string(kOrderSignServiceId), "order-sign",
          "ACR Appropriateness Criteria: vertebral compression fractures (at signing)",
          "Rates every draft ServiceRequest against the ACR Appropriateness Criteria \"Management "
          "of Vertebral Compression Fractures\" before signing and records PAMA ratings.",
          kUsage, prefetch()},
  };
}

}  // namespace auc::hooks
