// Feedback checked against the card it is about, as the ledger recorded it: a report on a card
// this service never returned, a suggestion the card never offered or an override reason it did
// not list is refused, so the ledger only holds outcomes that could have happened.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "cards/ledger/records.h"
#include "hooks/cds/request_error.h"

namespace auc::hooks {

// `index` is the entry's position in the batch (for the JSON path); `card` what find_card gave
// (nullopt: no recorded call returned that uuid); `service_id` the service the feedback was
// posted to.
std::optional<RequestError> check_feedback_against_card(
    const cards::ledger::FeedbackRecord& feedback, std::size_t index,
    const std::optional<cards::ledger::CardOffer>& card, std::string_view service_id);

}  // namespace auc::hooks
