// The order in which procedures of one variant are offered: best first.
#pragma once

#include "engine/criteria/criteria.h"

namespace auc::engine {

// Lower radiation sorts first. An unknown level (-1: "Varies", "N/A") sorts after every known
// level: we cannot claim a study is low-dose when the ACR says its dose varies.
int radiation_sort_key(const RadiationLevel& level);

// Category rank (higher first), then rating (higher first), then radiation (lower first; the
// paediatric level when `pediatric`), then strength of evidence (stronger first), then name.
bool ranks_before(const RatedProcedure& a, const RatedProcedure& b, bool pediatric);

}  // namespace auc::engine
