// The PAMA appropriateness code an order is sent with, and the ACR category codes of the
// project's acr-rating extension.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/assessment.h"
#include "engine/criteria/criteria.h"

namespace auc::cards {

enum class PamaRating : std::uint8_t { kAppropriate, kNotAppropriate, kNoCriteriaApply };

// "appropriate" | "not-appropriate" | "no-criteria-apply"
std::string_view pama_rating_code(PamaRating r);
std::string_view pama_rating_display(PamaRating r);

// Usually and May Be Appropriate (either form) are "appropriate"; Usually Not Appropriate is not.
PamaRating pama_rating_of(engine::Category c);
// The rating of the ordered study, or no-criteria-apply when the engine rated nothing.
PamaRating pama_rating_of(const engine::Assessment& a);

// "usually-appropriate" | "may-be-appropriate" | "may-be-appropriate-disagreement" |
// "usually-not-appropriate" (kAcrCategorySystem; also the ledger's category).
std::string_view category_code(engine::Category c);

}  // namespace auc::cards
