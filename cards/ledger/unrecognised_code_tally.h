// The unrecognised codes of a batch of calls, added up per (kind, system, code, service) before
// they reach the store: a store merges each code once per batch, however many of the batch's
// calls saw it (a realistic record holds a dozen comorbidity codes the criteria never read, so
// nearly every call has some).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "cards/ledger/query.h"
#include "cards/ledger/records.h"

namespace auc::cards::ledger {

class UnrecognisedCodeTally {
 public:
  void add(const HookCallRecord& call);
  bool empty() const { return entries_.empty(); }
  // In the order first seen; count, first and last seen over the batch, the display first seen.
  const std::vector<UnrecognisedCodeEntry>& entries() const { return entries_; }

 private:
  std::vector<UnrecognisedCodeEntry> entries_;
  std::map<std::string, std::size_t> index_;  // kind, system, code, service -> entries_ index
};

}  // namespace auc::cards::ledger
