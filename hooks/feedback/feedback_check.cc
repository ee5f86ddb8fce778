#include "hooks/feedback/feedback_check.h"

#include <algorithm>
#include <string>

namespace auc::hooks {

std::optional<RequestError> check_feedback_against_card(
    const cards::ledger::FeedbackRecord& feedback, std::size_t index,
    const std::optional<cards::ledger::CardOffer>& card, std::string_view service_id) {
  const std::string at = "/feedback/" + std::to_string(index);
  if (!card) {
    return RequestError{at + "/card",
                        "no card with this uuid was returned by this service (or its record was "
                        "purged from the ledger)"};
  }
  if (card->service_id != service_id) {
    return RequestError{at + "/card", "the card was returned by " + card->service_id + ", not by " +
                                          std::string(service_id)};
  }
  const auto& offered = card->suggestion_ids;
  for (std::size_t i = 0; i < feedback.accepted_suggestion_ids.size(); ++i) {
    if (std::find(offered.begin(), offered.end(), feedback.accepted_suggestion_ids[i]) ==
        offered.end()) {
      return RequestError{at + "/acceptedSuggestions/" + std::to_string(i) + "/id",
                          "the card offered no suggestion with this id"};
    }
  }
  const auto& reason = feedback.override_reason;
  if (!reason.code.empty()) {
    const bool listed = std::any_of(
        card->override_reasons.begin(), card->override_reasons.end(), [&](const auto& r) {
          return r.code == reason.code && (reason.system.empty() || r.system == reason.system);
        });
    if (!listed) {
      return RequestError{at + "/overrideReason/reason",
                          "the card did not offer this override reason (system and code)"};
    }
  }
  return std::nullopt;
}

}  // namespace auc::hooks
