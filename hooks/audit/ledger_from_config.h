// Opens the ledger the server's configuration asks for (cards/ cannot see hooks/config).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cards/ledger/ledger.h"
#include "fhir/expected.h"
#include "hooks/config/config.h"

namespace auc::hooks::audit {

// `warnings` receives notes for the startup log (in-memory ledger, ephemeral key, raw ids).
Expected<std::unique_ptr<cards::ledger::Ledger>, std::string> open_configured_ledger(
    const LedgerConfig& config, std::vector<std::string>& warnings);

// True when the ledger is a database that several instances share (PostgreSQL): replay
// protection is then shared through it too.
bool is_shared_ledger(const LedgerConfig& config);

}  // namespace auc::hooks::audit
