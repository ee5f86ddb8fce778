// The extensions that carry a rating on a ServiceRequest: Argonaut pama-rating,
// pama-rating-consult-id and pama-rating-auc-applied, and the project's acr-rating with the ACR
// category, rating, variant and procedure (URLs in extension_urls.h).
#pragma once

#include <string_view>

#include "cards/json_writer.h"
#include "cards/pama_rating.h"
#include "engine/criteria/criteria.h"

namespace auc::cards {

struct RatingExtensions {
  PamaRating rating = PamaRating::kNoCriteriaApply;
  std::string_view consult_id;               // "urn:uuid:...", shared by an order's actions
  const engine::Topic* topic = nullptr;      // auc-applied when known
  const engine::Variant* variant = nullptr;  // acr-rating needs variant and procedure
  const engine::RatedProcedure* procedure = nullptr;
};

// Writes the extension objects as array elements (the caller owns the array).
void write_rating_extensions(JsonWriter& w, const RatingExtensions& r);

}  // namespace auc::cards
