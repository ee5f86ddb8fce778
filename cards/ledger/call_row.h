// What a store receives for a hook call: the record as the hook handler gave it, already
// pseudonymised and scrubbed by the ledger, so raw ids never wait in a queue, a file or a
// database session.
#pragma once

#include <cstdint>
#include <string>

#include "cards/ledger/records.h"

namespace auc::cards::ledger {

struct CallRow {
  std::int64_t id = 0;    // the call's ledger sequence number; 0 until the store assigns one
  HookCallRecord record;  // patient_id/user_id cleared unless raw ids are stored
  std::string patient_pseudonym;
  std::string user_pseudonym;
  std::string key_id;
  bool store_raw_ids = false;
};

}  // namespace auc::cards::ledger
