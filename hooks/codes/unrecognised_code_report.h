// The unrecognised-codes report for integration engineers, as the auditor API serves it. The
// ledger keeps the report (Ledger::unrecognised_codes): each order, condition and report code the
// service saw and could not map, with how often and when it was seen and by which service.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "cards/ledger/query.h"
#include "cards/ledger/records.h"
#include "hooks/codes/unrecognised_codes.h"

namespace auc::hooks {

// The call's unrecognised codes as the ledger records them with the call.
std::vector<cards::ledger::UnrecognisedCodeSeen> unrecognised_code_sightings(
    std::span<const UnrecognisedCode> codes);

// The report as JSON ({"codes":[...],"dropped":N}) and as a site code file (CSV with the
// concept column blank, for the engineer to fill in and load with --local-codes).
std::string unrecognised_codes_json(const cards::ledger::UnrecognisedCodeReport& report);
std::string unrecognised_codes_csv(
    const std::vector<cards::ledger::UnrecognisedCodeEntry>& entries);

}  // namespace auc::hooks
