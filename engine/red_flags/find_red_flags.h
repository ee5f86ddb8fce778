// The red flags in a patient's record and the order's reasons, each with the coding and resource
// that states it. Which statements count: a Condition that is current (clinicalStatus active,
// recurrence or relapse, or absent) and not refuted or entered in error, whatever its
// verificationStatus otherwise says (a provisional "suspected discitis" is exactly the case), and
// the order's reasonCode. Injury codes for a sequela (ICD-10-CM 7th character S) do not count.
#pragma once

#include <string>
#include <vector>

#include "engine/facts/fact.h"
#include "engine/red_flags/red_flag_catalog.h"
#include "engine/terminology/terminology.h"
#include "fhir/patient_record.h"

namespace auc::engine {

struct RedFlag {
  const RedFlagKind* kind = nullptr;
  Evidence evidence;
};

// "suspected spine infection (Condition/12, "Osteomyelitis of vertebra"): the ACR topic
// \"Suspected Spine Infection\" covers this case": the one wording of a red flag, for the
// assessment's reason, the card's summary and its detail.
std::string red_flag_text(const RedFlag& flag);

// `current_fracture`: a current spine fracture is documented (red flags that need one, a
// high-energy injury mechanism, count only then). One entry per kind and resource, in record
// order; the order's own reasons last.
std::vector<RedFlag> find_red_flags(const Terminology& terminology, const RedFlagCatalog& catalog,
                                    const fhir::ServiceRequest& order,
                                    const fhir::PatientRecord& record, bool current_fracture);

}  // namespace auc::engine
