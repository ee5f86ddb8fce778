// JSON views of ledger rows for auditors. Stored cards, systemActions and facts are embedded as
// JSON, exactly as they were returned to the EHR (with identifiers pseudonymised).
#pragma once

#include <string>

#include "cards/ledger/query.h"
#include "cards/ledger/records.h"

namespace auc::hooks::audit {

std::string call_json(const cards::ledger::StoredCall& call);
std::string page_json(const cards::ledger::CallPage& page);
std::string summary_json(const cards::ledger::Summary& summary);

}  // namespace auc::hooks::audit
