// A CDS Hooks feedback POST ({"feedback":[...]}) checked and turned into ledger records.
#pragma once

#include <rapidjson/document.h>

#include <string_view>
#include <vector>

#include "cards/ledger/records.h"
#include "fhir/expected.h"
#include "hooks/cds/request_error.h"

namespace auc::hooks {

// Each entry needs `card` (the card's uuid), `outcome` accepted | overridden, and
// `outcomeTimestamp`; `acceptedSuggestions` ([{id}]) goes with accepted, `overrideReason`
// ({reason: Coding, userComment}) with overridden. The batch is refused as a whole when one entry
// is malformed, so a retried batch never lands half-recorded.
Expected<std::vector<cards::ledger::FeedbackRecord>, RequestError> parse_feedback(
    const rapidjson::Value& body, std::string_view service_id);

}  // namespace auc::hooks
