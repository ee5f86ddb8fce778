// What the ledger is given for each generated scenario (100 prefetch resources): the record the
// hook handler builds after rating the order, with the raw patient and user ids still in it.
#pragma once

#include <vector>

#include "cards/ledger/records.h"

namespace auc::bench {

const std::vector<cards::ledger::HookCallRecord>& ledger_calls();

}  // namespace auc::bench
