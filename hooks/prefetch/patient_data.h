// The patient record for one hook call: the prefetch values as the spec defines them (missing key
// = not supplied, null = no data, Bundle = search result possibly with more pages,
// OperationOutcome = the EHR failed to get it), completed from fhirServer where it can be.
#pragma once

#include <rapidjson/document.h>

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cards/ledger/records.h"
#include "fhir/expected.h"
#include "fhir/patient_record.h"
#include "hooks/cds/hook_request.h"
#include "hooks/cds/request_error.h"
#include "hooks/fhir_client/fhir_client.h"
#include "hooks/http/call_gate.h"
#include "hooks/prefetch/prefetch_templates.h"

namespace auc::hooks {

struct PatientData {
  fhir::PatientRecord record;
  // FHIR responses the record points into; the request body holds the rest.
  std::vector<std::unique_ptr<rapidjson::Document>> fetched;
  cards::ledger::DataSource source = cards::ledger::DataSource::kNone;
  std::vector<std::string_view> fetched_keys;  // keys read from fhirServer
  std::vector<std::string_view> truncated;     // keys used with fewer pages than exist
  std::vector<std::string_view> unobtainable;  // required keys with no data: the call gets 412
  std::vector<std::string> failures;           // per failed fetch, safe to log
};

// Fails only on malformed input (a 400 naming the path). Missing required data is reported in
// `unobtainable`, for the caller to answer 412. `slot`, when given, is released while the FHIR
// server is asked (its answers are parsed meanwhile, on the fetch's threads) and taken again to
// add them to the record.
Expected<std::unique_ptr<PatientData>, RequestError> gather_patient_data(
    const HookRequest& request, std::span<const PrefetchTemplate> templates,
    const FhirClient& client, CallGate::Pass* slot = nullptr);

}  // namespace auc::hooks
