// What the draft order asks for, in the criteria's terms: a rated procedure and a body region.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/facts/fact.h"
#include "engine/terminology/terminology.h"
#include "fhir/resources.h"

namespace auc::engine {

struct OrderedStudy {
  std::string_view procedure_id;  // RatedProcedure::id; empty when nothing rated matches
  Region region = Region::kUnspecified;
  bool myelography = false;        // a myelography code on the same order
  std::vector<Evidence> evidence;  // the order's codings that decided procedure and region
  std::string reason;              // why nothing matched, or how a conflict was settled
};

// Reads ServiceRequest.code (CPT, LOINC, SNOMED and site-local codes through the terminology).
// The first coding that maps to a rated procedure wins. CT "with contrast" means CT with IV
// contrast unless the order also carries a myelography code (code or orderDetail), which makes
// it CT myelography. The region comes from the procedure code, else another coding, else
// bodySite.
OrderedStudy recognise_order(const Terminology& terminology, const fhir::ServiceRequest& order);

}  // namespace auc::engine
