// The wording of the prior- and pending-imaging reasons on a card, each in one place so the
// summary, the detail and any other list of a card's reasons say the same thing.
#pragma once

#include <string>
#include <string_view>

#include "engine/assessment.h"

namespace auc::cards {

// "MRI spine area of interest without IV contrast (lumbar), 3 days ago: ImagingStudy/is-1,
// report DiagnosticReport/dr-1".
std::string prior_study_text(const engine::RatedProcedure& procedure,
                             const engine::PriorStudy& study);

// "MRI spine area of interest without IV contrast is already among the draft orders
// (ServiceRequest/draft-2)".
std::string drafted_text(const engine::RatedProcedure& procedure, std::string_view drafted_as);

}  // namespace auc::cards
