// Whether an assessed order gets a card, how loud, and which better-rated alternatives become
// one-click suggestions (the rest are only listed in the detail: a clinician must not face six
// buttons). An unrated order gets a card only when a study would settle which variant applies.
#pragma once

#include <string_view>
#include <vector>

#include "cards/hook_response.h"
#include "engine/assessment.h"

namespace auc::cards {

struct CardPlan {
  bool show = false;
  std::string_view indicator;  // the most severe reason's: "critical" | "warning" | "info"
  // Why the card is shown, in the order the detail lists them: the rating (when a better-rated
  // option exists and the policy shows it), then the order's own reasons (safety rules that hit
  // the ordered study, ...). The most severe one gives the indicator and the summary.
  std::vector<engine::CardReason> reasons;
  std::size_t headline = 0;  // index into reasons
  bool rating_card = false;  // the rating itself is a reason (the summary names `better`)
  const engine::Alternative* better = nullptr;        // the best alternative, named in the summary
  std::vector<const engine::Alternative*> suggested;  // buttons, best first
  // Every other better-rated alternative, best first: orderable ones past max_suggestions or in
  // a lower category, the ones with no orderable code in the region, and non-orders such as
  // medical management.
  // Every other better-rated alternative, and every alternative a safety rule removed (never a
  // button, whatever its rating).
  std::vector<const engine::Alternative*> listed;

  // No variant applies yet, but one study would settle it (the engine's settling_study: MRI for
  // augmentation without documented marrow edema). Set only for no-criteria-apply orders; then
  // better/suggested/listed are empty and the card offers to order the study as a new order.
  const engine::Alternative* settling = nullptr;
  // The variant a positive finding on that study leads to (variant 6: edema or a cleft), and
  // the ordered treatment's rating there; nullptr when the criteria data has none.
  const engine::Variant* settled_variant = nullptr;
  const engine::RatedProcedure* ordered_if_settled = nullptr;

  // The case has a red flag (the engine's red_flags): an info card that names it and the ACR
  // topic that covers it, with no rating and no suggestion.
  bool red_flag = false;

  // The same study was done recently (the engine's prior_of_order): at least an info card naming
  // it, even for an order the criteria rate well. `better` is then nullptr when the rating alone
  // would not give a card.
  bool prior_imaging = false;
  // The best-rated option is already among the draft orders: no suggestion adds it again; the
  // card offers to remove this (worse-rated) draft instead.
  bool remove_draft = false;
  // The order's codes name studies of different modality or contrast: an info card says so and
  // nothing is rated (better/suggested/listed and settling are empty).
  bool codes_disagree = false;
};

// The rating is a reason for a rated order with a better-rated alternative: warning for Usually
// Not Appropriate, info for May Be Appropriate, for Usually Appropriate only when the policy asks.
// A safety rule that hits the ordered study is a reason whatever the rating (critical for remove,
// warning for demote, info for annotate). Suggestions are the orderable alternatives no safety
// rule removed, of the best category among them, clean ones before demoted ones, at most
// policy.max_suggestions. A no-criteria-apply order with a settling study gets an info card
// pointing at that study (with no order offered when a safety rule removes the study); one
// with a red flag an info card naming it. A recent identical study (prior imaging) is an info
// reason; a better-rated study done recently or already drafted is never a suggestion. An order
// whose codes disagree gets an info card saying so, and nothing else.
CardPlan plan_card(const engine::Assessment& a, const CardPolicy& policy);

// The alternative has a verified code to put in an order (crosswalk rows marked UNVERIFIED are
// never sent).
bool has_order_codes(const engine::Alternative& alt);

}  // namespace auc::cards
