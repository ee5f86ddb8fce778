// The FHIR R4 resources the service reads, reduced to the elements the engine and cards use.
// Unknown elements are ignored. Every resource keeps `json`, the object it was read from, so a
// draft order can be copied verbatim into a card's update action.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "fhir/datatypes.h"

namespace auc::fhir {

struct ResourceBase {
  std::string_view id;
  const rapidjson::Value* json = nullptr;
};

struct ServiceRequest : ResourceBase {
  static constexpr std::string_view kType = "ServiceRequest";
  std::string_view status;  // draft | active | on-hold | revoked | completed | entered-in-error
  std::string_view intent;
  std::vector<CodeableConcept> category;
  CodeableConcept code;
  std::vector<CodeableConcept> order_detail;
  Reference subject;
  std::optional<DateTime> authored_on;
  std::optional<DateTime> occurrence;  // occurrenceDateTime or occurrencePeriod.start
  std::vector<CodeableConcept> reason_code;
  std::vector<Reference> reason_reference;
  std::vector<CodeableConcept> body_site;
};

struct Condition : ResourceBase {
  static constexpr std::string_view kType = "Condition";
  CodeableConcept
      clinical_status;  // active | recurrence | relapse | inactive | remission | resolved
  CodeableConcept verification_status;  // unconfirmed | provisional | differential | confirmed |
                                        // refuted | entered-in-error
  std::vector<CodeableConcept> category;
  CodeableConcept code;
  std::vector<CodeableConcept> body_site;
  Reference subject;
  std::optional<DateTime> onset;      // onsetDateTime or onsetPeriod.start
  std::optional<DateTime> abatement;  // abatementDateTime or abatementPeriod.start
  // Any abatement[x] (dateTime, age, period, range, string, or boolean true): the condition has
  // abated, whatever its clinicalStatus says.
  bool abated = false;
  std::optional<DateTime> recorded_date;
  std::vector<std::string_view> note;  // Annotation.text
};

struct Procedure : ResourceBase {
  static constexpr std::string_view kType = "Procedure";
  std::string_view status;  // preparation | in-progress | not-done | on-hold | stopped |
                            // completed | entered-in-error | unknown
  CodeableConcept code;
  Reference subject;
  std::optional<DateTime> performed;  // performedDateTime or performedPeriod.start
  std::vector<CodeableConcept> body_site;
  std::vector<CodeableConcept> reason_code;
};

struct ImagingSeries {
  Coding modality;
  Coding body_site;
};

struct ImagingStudy : ResourceBase {
  static constexpr std::string_view kType = "ImagingStudy";
  std::string_view status;  // registered | available | cancelled | entered-in-error | unknown
  std::vector<Coding> modality;
  std::optional<DateTime> started;
  std::vector<CodeableConcept> procedure_code;
  std::vector<CodeableConcept> reason_code;
  std::vector<ImagingSeries> series;
};

struct DiagnosticReport : ResourceBase {
  static constexpr std::string_view kType = "DiagnosticReport";
  std::string_view status;  // registered | partial | preliminary | final | amended | corrected |
                            // appended | cancelled | entered-in-error | unknown
  std::vector<CodeableConcept> category;
  CodeableConcept code;
  std::optional<DateTime> effective;  // effectiveDateTime or effectivePeriod.start
  std::optional<DateTime> issued;
  std::string_view conclusion;
  std::vector<CodeableConcept> conclusion_code;
  std::vector<Attachment> presented_form;
};

struct Observation : ResourceBase {
  static constexpr std::string_view kType = "Observation";
  std::string_view status;  // registered | preliminary | final | amended | corrected | cancelled |
                            // entered-in-error | unknown
  std::vector<CodeableConcept> category;
  CodeableConcept code;
  std::optional<DateTime>
      effective;  // effectiveDateTime, effectivePeriod.start or effectiveInstant
  std::optional<DateTime> issued;
  std::optional<CodeableConcept> value_codeable_concept;
  std::optional<Quantity> value_quantity;
  std::string_view value_string;  // e.g. an eGFR sent as ">60", a pain score as "8/10", a finding
  std::optional<std::int64_t> value_integer;
  CodeableConcept body_site;
  Reference subject;
  std::vector<std::string_view> note;  // Annotation.text
};

struct Patient : ResourceBase {
  static constexpr std::string_view kType = "Patient";
  std::optional<DateTime> birth_date;
  std::string_view gender;
};

struct AllergyReaction {
  CodeableConcept substance;
  std::vector<CodeableConcept> manifestation;  // e.g. anaphylaxis, hives
};

struct AllergyIntolerance : ResourceBase {
  static constexpr std::string_view kType = "AllergyIntolerance";
  CodeableConcept clinical_status;         // active | inactive | resolved
  CodeableConcept verification_status;     // unconfirmed | confirmed | refuted | entered-in-error
  std::vector<std::string_view> category;  // food | medication | environment | biologic
  std::string_view criticality;
  CodeableConcept code;  // often only text: "IV contrast", "Gadolinium - anaphylaxis"
  Reference patient;
  std::optional<DateTime> onset;  // onsetDateTime or onsetPeriod.start
  std::optional<DateTime> recorded_date;
  std::vector<AllergyReaction> reaction;
};

struct DeviceName {
  std::string_view name;
  std::string_view type;  // udi-label-name | user-friendly-name | manufacturer-name | ...
};

struct Device : ResourceBase {
  static constexpr std::string_view kType = "Device";
  std::string_view status;  // active | inactive | entered-in-error | unknown
  CodeableConcept type;
  std::vector<DeviceName> device_name;
  std::vector<CodeableConcept> safety;  // MR Safe / MR Conditional / MR Unsafe where sent
  Reference patient;
};

struct OperationOutcomeIssue {
  std::string_view severity;  // fatal | error | warning | information
  std::string_view code;
  CodeableConcept details;
  std::string_view diagnostics;
};

struct OperationOutcome : ResourceBase {
  static constexpr std::string_view kType = "OperationOutcome";
  std::vector<OperationOutcomeIssue> issue;
};

struct BundleEntry {
  std::string_view full_url;
  std::string_view resource_type;              // empty when the entry has no resource
  const rapidjson::Value* resource = nullptr;  // the entry's resource object, not yet parsed
};

struct Bundle : ResourceBase {
  static constexpr std::string_view kType = "Bundle";
  std::string_view type;  // searchset | collection | ...; may be absent in draftOrders
  std::optional<std::uint64_t> total;
  std::string_view next;  // link with relation "next", for pagination
  std::vector<BundleEntry> entry;
};

}  // namespace auc::fhir
