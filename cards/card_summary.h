// The one-line card summary: names the better-rated option and the ordered study's rating, and
// always stays under the 140 characters CDS Hooks allows.
#pragma once

#include <cstddef>
#include <string>

#include "engine/criteria/criteria.h"

namespace auc::cards {

inline constexpr std::size_t kMaxSummaryChars = 139;  // "under 140 characters"

// Number of Unicode code points in UTF-8 text (what "characters" means for the summary limit).
std::size_t utf8_length(std::string_view text);

std::string card_summary(const engine::RatedProcedure& better,
                         const engine::RatedProcedure& ordered);

}  // namespace auc::cards
