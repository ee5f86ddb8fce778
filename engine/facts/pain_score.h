// The 0-10 score of a pain-severity Observation, whichever value[x] form the EHR used.
#pragma once

#include <optional>
#include <string_view>

#include "fhir/resources.h"

namespace auc::engine {

// A score written as text: "8", "8/10", "8 / 10", "8 of 10", "8 out of 10" (surrounding spaces
// allowed). A whole number 0-10 only; any other scale ("8/20"), a fraction or a range is refused.
std::optional<int> parse_pain_score(std::string_view text);

// valueInteger, valueQuantity (a whole number), valueString (parse_pain_score), or
// valueCodeableConcept whose coding code or display, or text, is a score. nullopt when the value
// is absent or is not a score on the 0-10 scale.
std::optional<int> pain_score_of(const fhir::Observation& o);

}  // namespace auc::engine
