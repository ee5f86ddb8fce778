#include "engine/facts/status_rules.h"

namespace auc::engine {
namespace {

// The status code of a CodeableConcept status (clinicalStatus, verificationStatus). The HL7 code
// systems are the only ones defined for these elements, so the system is not checked.
bool has_status(const fhir::CodeableConcept& cc, std::string_view code) {
  for (const fhir::Coding& c : cc.coding) {
    if (c.code == code) return true;
  }
  return false;
}

bool status_absent(const fhir::CodeableConcept& cc) {
  for (const fhir::Coding& c : cc.coding) {
    if (!c.code.empty()) return false;
  }
  return true;
}

}  // namespace

bool condition_refuted(const fhir::Condition& c) {
  return has_status(c.verification_status, "refuted") ||
         has_status(c.verification_status, "entered-in-error");
}

bool condition_suspected(const fhir::Condition& c) {
  return has_status(c.verification_status, "provisional") ||
         has_status(c.verification_status, "differential") ||
         has_status(c.verification_status, "unconfirmed");
}

bool condition_current(const fhir::Condition& c) {
  if (c.abated) return false;
  return status_absent(c.clinical_status) || has_status(c.clinical_status, "active") ||
         has_status(c.clinical_status, "recurrence") || has_status(c.clinical_status, "relapse");
}

bool procedure_completed(const fhir::Procedure& p) {
  return p.status == "completed";
}

bool result_counts(std::string_view status) {
  return status != "entered-in-error" && status != "cancelled";
}

}  // namespace auc::engine
