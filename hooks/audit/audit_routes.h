// The auditor API under /audit/, on the main listener or a separate one (--audit-listen).
// Every route checks the auditor credential first; the EHR's JWT never opens it.
//
//   GET /audit/calls                        filtered list, newest first, cursor-paginated
//   GET /audit/calls/{id}                   one call with its cards and feedback
//   GET /audit/calls/{id}/audit-event       that call as a FHIR AuditEvent
//   GET /audit/summary                      cards shown, acceptance, override reasons
//   GET /audit/export/calls.csv             every matching call (same filters as the list)
//   GET /audit/export/calls.ndjson
//   GET /audit/export/audit-events.ndjson   FHIR AuditEvent per line (application/fhir+ndjson)
#pragma once

#include <memory>

#include "cards/ledger/ledger.h"
#include "hooks/audit/audit_credential.h"
#include "hooks/http/http_server.h"

namespace auc::hooks::audit {

// `ledger` and `credential` must outlive the server.
void register_audit_routes(HttpServer& server, cards::ledger::Ledger& ledger,
                           std::shared_ptr<const AuditCredential> credential);

}  // namespace auc::hooks::audit
