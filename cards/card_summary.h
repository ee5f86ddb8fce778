// The one-line card summary: names the better-rated option and the ordered study's rating (or,
// for an order no variant applies to yet, the study that would settle it), and always stays
// under the 140 characters CDS Hooks allows.
#pragma once

#include <cstddef>
#include <string>

#include "engine/criteria/criteria.h"
#include "engine/red_flags/red_flag_catalog.h"

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
// The summary of the card for an order whose codes name studies of different kinds.
std::string codes_disagree_summary();

std::string settling_summary(const engine::RatedProcedure& study, const engine::Variant* settled);

// The order's study was done recently.
std::string prior_imaging_summary(const engine::RatedProcedure& ordered, int days_ago);

// The better-rated study is already among the draft orders: remove this one.
std::string drafted_summary(const engine::RatedProcedure& better,
                            const engine::RatedProcedure& ordered);

// For a case with a red flag: names it and the ACR topic that covers it.
std::string red_flag_summary(const engine::RedFlagKind& flag);

}  // namespace auc::cards
