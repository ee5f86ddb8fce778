// Everything the service knows about the patient for one request, gathered from the prefetch
// values (a single resource or a searchset Bundle each) and from FHIR-server fallback reads.
// Holds views into the JSON documents it was built from: keep them alive as long as the record.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
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

// Data sets whose absence from the record means something only if someone looked: a record
// without AllergyIntolerance entries is "no known allergies" when allergies were searched, and
// "not checked" when they were not.
enum class Searched : std::uint8_t {
  kAllergies = 1,
  kDevices = 2,
  kLabs = 4,
  kPregnancyStatus = 8,
};

// Resources of one type that named another patient (or a urn:uuid the Bundle did not resolve)
// and were left out of the record.
struct DroppedResources {
  std::string_view type;  // the resource type (a FHIR type name, never an id)
  std::size_t count = 0;
};

struct PatientRecord {
  // The context's patient id. When set, add_to_record keeps only resources of this patient (see
  // fhir/patient_scope.h) and counts the others in `foreign`; empty keeps everything (tests of
  // the engine that build a record by hand).
  std::string_view patient_id;
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
  // Searched bits: the data set was supplied (even empty) or fetched, so silence means none.
  std::uint8_t searched = 0;

  void mark_searched(Searched s) { searched |= static_cast<std::uint8_t>(s); }
  bool was_searched(Searched s) const { return (searched & static_cast<std::uint8_t>(s)) != 0; }
  std::vector<DroppedResources> foreign;  // by type, in the order first seen
  std::size_t without_subject = 0;        // kept although they name no patient

  std::size_t foreign_count() const;
  std::size_t foreign_count(std::string_view type) const;
};

// Adds one prefetch value (or one FHIR read/search result) to the record. `key` names the source
// in outcomes and next pages; `path` is the value's JSON Pointer in the request (e.g.
// "/prefetch/conditions") for error messages. JSON null adds nothing. Unknown resource types are
// counted in `ignored`. With `record.patient_id` set, another patient's resources (including a
// Patient with another id) are counted in `foreign` and never read. On a type error the record may
// hold the entries read before it.
Expected<Ok, ParseError> add_to_record(PatientRecord& record, std::string_view key,
                                       const rapidjson::Value& value, std::string_view path);

// The ServiceRequests of a draftOrders Bundle (other order types are skipped), in entry order.
Expected<std::vector<ServiceRequest>, ParseError> draft_service_requests(
    const rapidjson::Value& bundle, std::string_view path);

}  // namespace auc::fhir
