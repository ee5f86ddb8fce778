// What the draft order asks for, in the criteria's terms: a rated procedure and a body region.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/facts/fact.h"
#include "engine/terminology/terminology.h"
#include "fhir/resources.h"

namespace auc::engine {

// One rated procedure an order's coding maps to.
struct OrderedCandidate {
  std::string_view procedure_id;
  Region region = Region::kUnspecified;
  Evidence evidence;
};

struct OrderedStudy {
  std::string_view procedure_id;  // RatedProcedure::id; empty when nothing rated matches
  Region region = Region::kUnspecified;
  bool myelography = false;        // a myelography code on the same order
  std::vector<Evidence> evidence;  // the order's codings that decided procedure and region
  std::string reason;              // why nothing matched, or how a conflict was settled
  // When the order's codings map to more than one rated procedure: one entry per such coding,
  // in coding order. Empty when all codings agree. Whether the disagreement matters (a
  // different modality or contrast) is for the caller, who knows the procedures.
  std::vector<OrderedCandidate> candidates;
  bool codes_disagree = false;  // set by settle_disagreement: nothing can be rated
};

// Reads ServiceRequest.code (CPT, LOINC, SNOMED and site-local codes through the terminology).
// CPT modifiers are stripped before lookup and kept in the evidence. The first coding that maps
// to a rated procedure wins. CT "with contrast" means CT with IV contrast unless the order also
// carries a myelography code (code or orderDetail), which makes it CT myelography. The region
// comes from the procedure code, else another coding, else bodySite.
OrderedStudy recognise_order(const Terminology& terminology, const fhir::ServiceRequest& order);

// Settles codings that map to different procedures. `same_kind(a, b)` says whether procedures a
// and b agree on modality and contrast. When every candidate agrees with the others, the most
// specific one (a spine region over none; else the first) is rated. Otherwise the study is
// cleared: codes_disagree is set, procedure_id is empty and the reason names the codes.
void settle_disagreement(OrderedStudy& study,
                         const std::function<bool(std::string_view, std::string_view)>& same_kind);

}  // namespace auc::engine
