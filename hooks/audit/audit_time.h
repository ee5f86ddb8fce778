// Timestamps in the auditor API: RFC 3339 UTC with microseconds out, RFC 3339 or a date in.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cards/ledger/records.h"

namespace auc::hooks::audit {

std::string format_time(cards::ledger::Timestamp t);  // "2027-01-15T10:00:00.000123Z"
// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ", fractional seconds, and +HH:MM / -HH:MM offsets.
std::optional<cards::ledger::Timestamp> parse_time(std::string_view text);

}  // namespace auc::hooks::audit
