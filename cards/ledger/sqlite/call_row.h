// What the ledger stores for a hook call: the record as the hook handler gave it, already
// pseudonymised and scrubbed, so raw ids never wait in a queue or a file. Encoded for the call
// journal (binary, versioned, every length checked on the way back).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cards/ledger/records.h"

namespace auc::cards::ledger::sqlite {

struct CallRow {
  std::int64_t id = 0;    // the call's ledger sequence number, assigned when it is journaled
  HookCallRecord record;  // patient_id/user_id cleared unless raw ids are stored
  std::string patient_pseudonym;
  std::string user_pseudonym;
  std::string key_id;
  bool store_raw_ids = false;
};

// Appends the row's encoding to `out`.
void encode_call_row(const CallRow& row, std::string& out);
// nullopt when `bytes` is not exactly one encoded row (truncated, corrupt, or a newer format).
std::optional<CallRow> decode_call_row(std::string_view bytes);

}  // namespace auc::cards::ledger::sqlite
