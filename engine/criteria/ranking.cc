#include "engine/criteria/ranking.h"

#include <limits>
#include <tuple>

namespace auc::engine {

int radiation_sort_key(const RadiationLevel& level) {
  return level.level < 0 ? std::numeric_limits<int>::max() : level.level;
}

bool ranks_before(const RatedProcedure& a, const RatedProcedure& b, bool pediatric) {
  const RadiationLevel& ra = pediatric ? a.rrl_peds : a.rrl_adult;
  const RadiationLevel& rb = pediatric ? b.rrl_peds : b.rrl_adult;
  // Negated where "higher is better" so one lexicographic comparison does it all.
  return std::forward_as_tuple(-category_rank(a.category), -a.rating, radiation_sort_key(ra),
                               -a.soe_rank, a.name) <
         std::forward_as_tuple(-category_rank(b.category), -b.rating, radiation_sort_key(rb),
                               -b.soe_rank, b.name);
}

}  // namespace auc::engine
