// The code of an order the service proposes: the alternative's verified codes in its region, one
// per system (CPT, then LOINC, ...), with the ACR procedure name as text.
#pragma once

#include "cards/json_writer.h"
#include "engine/assessment.h"

namespace auc::cards {

// Writes the CodeableConcept. `alt` must have an order code (see has_order_codes).
void write_order_code(JsonWriter& w, const engine::Alternative& alt);

}  // namespace auc::cards
