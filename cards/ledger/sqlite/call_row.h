// A hook call's encoding in the call journal (binary, versioned, every length checked on the way
// back).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cards/ledger/call_row.h"

namespace auc::cards::ledger::sqlite {

// Appends the row's encoding to `out`.
void encode_call_row(const CallRow& row, std::string& out);
// nullopt when `bytes` is not exactly one encoded row (truncated, corrupt, or a newer format).
std::optional<CallRow> decode_call_row(std::string_view bytes);

}  // namespace auc::cards::ledger::sqlite
