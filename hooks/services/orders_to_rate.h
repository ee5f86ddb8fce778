// Which draft orders of a hook call are rated, and at what moment: shared by the server's hook
// handler and the offline `auc-hooks assess`, so both judge the same orders the same way.
#pragma once

#include <chrono>
#include <vector>

#include "fhir/resources.h"
#include "hooks/cds/hook_request.h"

namespace auc::hooks {

// The selected drafts for order-select, every draft for order-sign; drafts that name no study
// (the sandbox's first call sends `code.coding: [{}]`) are left out: there is nothing to rate.
std::vector<const fhir::ServiceRequest*> orders_to_rate(
    const std::vector<fhir::ServiceRequest>& drafts, const HookRequest& request);

// The moment the order is judged at: when it was authored (the draft's own clock, so a replayed
// call gives the same answer), or now when it carries no date or a date in the future.
std::chrono::sys_seconds judged_at(const fhir::ServiceRequest& order, std::chrono::sys_seconds now);

}  // namespace auc::hooks
