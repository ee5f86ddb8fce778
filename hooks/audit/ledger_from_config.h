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

}  // namespace auc::hooks::audit
