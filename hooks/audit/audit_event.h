// A hook call as a FHIR R4 AuditEvent, for audit repositories that speak FHIR. Patient and user
// appear only as pseudonymous identifiers (system names the pseudonym key), unless raw ids are
// stored. The returned cards, systemActions and facts travel as base64 entity details.
#pragma once

#include <string>

#include "cards/ledger/records.h"

namespace auc::hooks::audit {

std::string audit_event_json(const cards::ledger::StoredCall& call);

}  // namespace auc::hooks::audit
