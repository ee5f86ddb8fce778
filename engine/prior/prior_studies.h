// Prior and pending imaging: completed studies in the record (ImagingStudy available, Procedure
// completed, DiagnosticReport final) that are the same rated procedure in the same region as a
// study the engine would name, within a window per modality (engine/data/prior-imaging/), and
// the studies already among the draft orders.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/criteria/criteria.h"
#include "engine/facts/fact.h"
#include "engine/knowledge_base_error.h"
#include "engine/terminology/terminology.h"
#include "fhir/expected.h"
#include "fhir/patient_record.h"

namespace auc::engine {

class PriorImagingWindows {
 public:
  // Rows of one file: columns modality (a criteria modality label), days (1..3650), note.
  Expected<Ok, LoadError> add_file(const std::string& path);
  // Days a study of the modality counts as recent; 0 when the modality is not checked.
  int days(Modality m) const;

 private:
  std::vector<std::pair<Modality, int>> days_;
};

// One completed study, possibly seen in several resources (the ImagingStudy and its report).
struct PriorStudy {
  std::string_view procedure_id;
  Region region = Region::kUnspecified;
  std::int64_t date = 0;  // seconds since the epoch: when it was done
  int days_ago = 0;
  std::vector<Evidence> sources;  // ImagingStudy, Procedure, DiagnosticReport
};

// A study already among the draft orders.
struct DraftedStudy {
  std::string_view procedure_id;
  Region region = Region::kUnspecified;
  std::string order_reference;  // "ServiceRequest/<id>"
};

// The same study in the same region: regions equal, or either one unspecified.
bool same_region(Region a, Region b);

// Completed studies of rated procedures done within their modality's window before `now`, one
// per procedure, region and day, newest first. `modality_of` gives a procedure id's modality.
std::vector<PriorStudy> recent_studies(const Terminology& terms, const PriorImagingWindows& windows,
                                       const std::vector<Topic>& topics,
                                       const fhir::PatientRecord& record,
                                       std::chrono::sys_seconds now);

// The rated procedures the other draft orders ask for.
std::vector<DraftedStudy> drafted_studies(
    const Terminology& terms, std::span<const fhir::ServiceRequest* const> other_drafts);

// "3 days ago" / "today" / "1 day ago".
std::string days_ago_text(int days);

}  // namespace auc::engine
