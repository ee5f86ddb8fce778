// The codes of a hook call that the knowledge base could not map: the orders, conditions and
// report findings an integration engineer must add to a site code file before the service can
// use them. A concept counts as unrecognised only when none of its codings maps (an Epic
// orderable sent beside a CPT code the service knows is fine as it is).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "engine/terminology/terminology.h"
#include "fhir/patient_record.h"
#include "fhir/resources.h"

namespace auc::hooks {

struct UnrecognisedCode {
  std::string_view kind;  // "order" | "condition" | "report"
  std::string_view system;
  std::string_view code;
  std::string_view display;  // the coding's display (for orders, else the order's text)
};

// Views into the request's documents: valid while they are.
std::vector<UnrecognisedCode> unrecognised_codes(
    const engine::Terminology& terminology, std::span<const fhir::ServiceRequest* const> orders,
    const fhir::PatientRecord& record);

}  // namespace auc::hooks
