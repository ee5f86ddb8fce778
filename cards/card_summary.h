// The one-line card summary: names the better-rated option and the ordered study's rating (or,
// for an order no variant applies to yet, the study that would settle it), and always stays
// under the 140 characters CDS Hooks allows.
#pragma once

#include <cstddef>
#include <string>

#include "engine/criteria/criteria.h"

namespace auc::cards {

inline constexpr std::size_t kMaxSummaryChars = 139;  // "under 140 characters"

// Number of Unicode code points in UTF-8 text (what "characters" means for the summary limit).
std::size_t utf8_length(std::string_view text);

// The text cut to kMaxSummaryChars code points, ending in "…" when cut.
std::string fit_summary(const std::string& text);

std::string card_summary(const engine::RatedProcedure& better,
                         const engine::RatedProcedure& ordered);

// For an order no variant applies to yet: names the study that would show marrow edema and the
// variant that finding decides (`settled` may be nullptr when the criteria data has none).
std::string settling_summary(const engine::RatedProcedure& study, const engine::Variant* settled);

}  // namespace auc::cards
