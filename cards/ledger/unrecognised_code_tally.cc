#include "cards/ledger/unrecognised_code_tally.h"

#include <algorithm>

namespace auc::cards::ledger {

void UnrecognisedCodeTally::add(const HookCallRecord& call) {
  for (const UnrecognisedCodeSeen& c : call.unrecognised_codes) {
    std::string key;
    key.reserve(c.kind.size() + c.system.size() + c.code.size() + call.service_id.size() + 3);
    key.append(c.kind).append(1, '\0').append(c.system).append(1, '\0').append(c.code);
    key.append(1, '\0').append(call.service_id);
    const auto [it, added] = index_.try_emplace(std::move(key), entries_.size());
    if (added) {
      entries_.push_back({c.kind, c.system, c.code, c.display, call.service_id, c.count,
                          call.received_at, call.received_at});
      continue;
    }
    UnrecognisedCodeEntry& e = entries_[it->second];
    e.count += c.count;
    e.first_seen = std::min(e.first_seen, call.received_at);
    e.last_seen = std::max(e.last_seen, call.received_at);
  }
}

}  // namespace auc::cards::ledger
