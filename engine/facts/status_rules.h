// Which resources count, by what a fact means. Facts about now (current symptoms, a new fracture)
// need a current clinical status; facts about history (cancer, an old fracture, a past
// procedure) do not. A refuted or entered-in-error record never counts.
#pragma once

#include "fhir/resources.h"

namespace auc::engine {

// verificationStatus refuted or entered-in-error.
bool condition_refuted(const fhir::Condition& c);
// verificationStatus provisional, differential or unconfirmed: a suspicion, not a documented fact.
bool condition_suspected(const fhir::Condition& c);
// clinicalStatus active, recurrence or relapse, or absent (the problem list default), and no
// abatement[x]: an abated condition is not current whatever its clinicalStatus says.
bool condition_current(const fhir::Condition& c);
// status completed.
bool procedure_completed(const fhir::Procedure& p);
// Anything but entered-in-error or cancelled (ImagingStudy, DiagnosticReport, Observation).
bool result_counts(std::string_view status);

}  // namespace auc::engine
