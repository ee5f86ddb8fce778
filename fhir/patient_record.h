// Everything the service knows about the patient for one request, gathered from the prefetch
// values (a single resource or a searchset Bundle each) and from FHIR-server fallback reads.
// Holds views into the JSON documents it was built from: keep them alive as long as the record.
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string_view>
#include <vector>

#include "fhir/expected.h"
#include "fhir/parse_error.h"
#include "fhir/resources.h"

namespace auc::fhir {

// An OperationOutcome where data was expected: the client (or server) hit an error for that key.
struct ReportedOutcome {
  std::string_view key;  // prefetch key, or whatever the caller passed
  OperationOutcome outcome;
};

// A Bundle that has more pages than were supplied.
struct NextPage {
  std::string_view key;
  std::string_view url;
};

struct PatientRecord {
  std::optional<Patient> patient;
  std::vector<Condition> conditions;
  std::vector<Procedure> procedures;
  std::vector<ImagingStudy> imaging_studies;
  std::vector<DiagnosticReport> diagnostic_reports;
  std::vector<Observation> observations;
  std::vector<AllergyIntolerance> allergies;
  std::vector<Device> devices;
  std::vector<ServiceRequest> service_requests;  // prior orders, not the draft orders
  std::vector<ReportedOutcome> outcomes;
  std::vector<NextPage> next_pages;
  std::size_t ignored = 0;  // resources of types the service does not read
};

// Adds one prefetch value (or one FHIR read/search result) to the record. `key` names the source
// in outcomes and next pages; `path` is the value's JSON Pointer in the request (e.g.
// "/prefetch/conditions") for error messages. JSON null adds nothing. Unknown resource types are
// counted in `ignored`. On a type error the record may hold the entries read before it.
Expected<Ok, ParseError> add_to_record(PatientRecord& record, std::string_view key,
                                       const rapidjson::Value& value, std::string_view path);

// The ServiceRequests of a draftOrders Bundle (other order types are skipped), in entry order.
Expected<std::vector<ServiceRequest>, ParseError> draft_service_requests(
    const rapidjson::Value& bundle, std::string_view path);

}  // namespace auc::fhir
