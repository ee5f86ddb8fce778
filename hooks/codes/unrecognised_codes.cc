#include "hooks/codes/unrecognised_codes.h"

namespace auc::hooks {
namespace {

// Orders are unrecognised unless a coding names a rated procedure; a modifier alone is not one.
// Each coding is looked up once: a large record holds hundreds of codings.
void add_unmapped(const engine::Terminology& terminology, const fhir::CodeableConcept& concept_,
                  std::string_view kind, std::string_view required_prefix,
                  std::vector<UnrecognisedCode>& out) {
  const std::size_t before = out.size();
  for (const fhir::Coding& c : concept_.coding) {
    const engine::CodeMapping* m = terminology.lookup(c.system, c.code);
    if (m != nullptr && m->concept_id.starts_with(required_prefix)) {
      out.resize(before);  // the concept maps: none of its codings is unrecognised
      return;
    }
    if (c.code.empty() || m != nullptr) continue;
    // An order's text names the orderable; a condition's or report's text may be what a
    // clinician typed about this patient, so only the coding's own display is kept for those.
    const std::string_view display =
        !c.display.empty() || kind != "order" ? c.display : concept_.text;
    out.push_back({kind, c.system, c.code, display});
  }
}

}  // namespace

std::vector<UnrecognisedCode> unrecognised_codes(
    const engine::Terminology& terminology, std::span<const fhir::ServiceRequest* const> orders,
    const fhir::PatientRecord& record) {
  std::vector<UnrecognisedCode> out;
  for (const fhir::ServiceRequest* order : orders) {
    add_unmapped(terminology, order->code, "order", "procedure/", out);
  }
  for (const fhir::Condition& condition : record.conditions) {
    add_unmapped(terminology, condition.code, "condition", "", out);
  }
  for (const fhir::DiagnosticReport& report : record.diagnostic_reports) {
    for (const fhir::CodeableConcept& finding : report.conclusion_code) {
      add_unmapped(terminology, finding, "report", "", out);
    }
  }
  return out;
}

}  // namespace auc::hooks
