// A new draft ServiceRequest for a study a card proposes ordering next to the draft (the study
// that would settle which variant applies), for a `create` action. It is another order, so only
// what identifies the patient, the visit, the orderer and the clinical reason carries over.
#pragma once

#include <rapidjson/document.h>

#include <string_view>

#include "cards/json_writer.h"
#include "engine/assessment.h"

namespace auc::cards {

// Writes {resourceType, id, status draft, intent order, category (imaging, when the draft had a
// category), code (the study's codes), and the draft's subject, encounter, requester and
// reasonCode when present}. `study` must have an order code; `id` is fresh.
void write_new_order(JsonWriter& w, const rapidjson::Value& draft, std::string_view id,
                     const engine::Alternative& study);

}  // namespace auc::cards
