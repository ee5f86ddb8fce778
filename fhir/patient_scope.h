// Whose data a resource is. A CDS service must never draw a fact from another patient's record,
// and EHRs and proxies do sometimes return Bundles that mix patients; every resource is checked
// against the hook's context.patientId before it is read.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "fhir/resources.h"

namespace auc::fhir {

enum class Ownership : std::uint8_t {
  kThisPatient,   // names the context's patient
  kNoSubject,     // names no patient at all: it came from a patient-scoped query, so it is kept
  kOtherPatient,  // names another patient (or something that is not a patient)
  kUnresolved,    // a urn:uuid (or other local) reference the Bundle does not resolve
};

// The element that names the patient: "patient" for AllergyIntolerance and Device, "subject" for
// the other clinical resources, "" for types that name no patient (Patient, OperationOutcome).
std::string_view patient_element_of(std::string_view resource_type);

// A Bundle's entries by fullUrl, so that each of its resources' references resolves in one
// lookup rather than a scan of the Bundle (quadratic in the Bundle: a million comparisons at a
// thousand entries). Views into `entries`, which must outlive it.
class BundleUrls {
 public:
  BundleUrls() = default;
  explicit BundleUrls(std::span<const BundleEntry> entries);
  // The first entry with a resource whose fullUrl is `full_url`; null when there is none.
  const BundleEntry* find(std::string_view full_url) const;

 private:
  std::span<const BundleEntry> entries_;    // scanned when there are few
  std::vector<const BundleEntry*> by_url_;  // otherwise: entries with a resource, by fullUrl
};

// Whether `reference` names the patient `patient_id`: "Patient/<id>", an absolute URL ending in
// "/Patient/<id>", either with a "/_history/<version>" suffix, or the fullUrl of a Patient entry
// of `bundle` whose id is `patient_id` (how urn:uuid references resolve).
Ownership reference_ownership(std::string_view reference, std::string_view patient_id,
                              const BundleUrls& bundle);

// Ownership of one resource of `resource_type` (its raw JSON): a Patient by its id, other types
// by their patient element. Types that name no patient count as kThisPatient.
Ownership resource_ownership(const rapidjson::Value& resource, std::string_view resource_type,
                             std::string_view patient_id, const BundleUrls& bundle);

}  // namespace auc::fhir
