// Only the context patient's resources reach the record, whatever shape the reference takes.
#include "fhir/patient_scope.h"

#include <rapidjson/document.h>

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "fhir/patient_record.h"

using namespace auc::fhir;

namespace {

rapidjson::Document json(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  BOOST_REQUIRE(!d.HasParseError());
  return d;
}

Ownership of(std::string_view reference) {
  return reference_ownership(reference, "e123", {});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(patient_scope)

BOOST_AUTO_TEST_CASE(relative_absolute_and_versioned_references_name_the_patient) {
  BOOST_TEST((of("Patient/e123") == Ownership::kThisPatient));
  BOOST_TEST((of("https://fhir.epic.example/api/FHIR/R4/Patient/e123") == Ownership::kThisPatient));
  BOOST_TEST((of("Patient/e123/_history/4") == Ownership::kThisPatient));
  BOOST_TEST((of("https://fhir-ehr.cerner.example/r4/t1/Patient/e123/_history/2") ==
              Ownership::kThisPatient));
}

BOOST_AUTO_TEST_CASE(other_ids_lookalikes_and_non_patients_are_foreign) {
  BOOST_TEST((of("Patient/e1234") == Ownership::kOtherPatient));
  BOOST_TEST((of("Patient/e12") == Ownership::kOtherPatient));
  BOOST_TEST((of("https://fhir.example/Patient/x9") == Ownership::kOtherPatient));
  BOOST_TEST((of("https://fhir.example/XPatient/e123") == Ownership::kOtherPatient));
  BOOST_TEST((of("Group/e123") == Ownership::kOtherPatient));
  BOOST_TEST((of("e123") == Ownership::kOtherPatient));
  BOOST_TEST((of("Patient/") == Ownership::kOtherPatient));
  BOOST_TEST((of("") == Ownership::kNoSubject));
}

BOOST_AUTO_TEST_CASE(urn_uuid_resolves_within_the_bundle_or_is_unresolved) {
  const auto bundle = json(R"({"resourceType": "Bundle", "entry": [
    {"fullUrl": "urn:uuid:0a1b", "resource": {"resourceType": "Patient", "id": "e123"}},
    {"fullUrl": "urn:uuid:9f9f", "resource": {"resourceType": "Patient", "id": "zz"}},
    {"fullUrl": "urn:uuid:7777", "resource": {"resourceType": "Practitioner", "id": "e123"}}]})");
  std::vector<BundleEntry> entries;
  for (const auto& e : bundle["entry"].GetArray()) {
    entries.push_back(
        {e["fullUrl"].GetString(), e["resource"]["resourceType"].GetString(), &e["resource"]});
  }
  const BundleUrls urls(entries);
  BOOST_TEST((reference_ownership("urn:uuid:0a1b", "e123", urls) == Ownership::kThisPatient));
  BOOST_TEST((reference_ownership("urn:uuid:9f9f", "e123", urls) == Ownership::kOtherPatient));
  BOOST_TEST((reference_ownership("urn:uuid:7777", "e123", urls) == Ownership::kOtherPatient));
  BOOST_TEST((reference_ownership("urn:uuid:dead", "e123", urls) == Ownership::kUnresolved));
  BOOST_TEST((reference_ownership("urn:uuid:0a1b", "e123", {}) == Ownership::kUnresolved));
  BOOST_TEST((reference_ownership("#contained-pt", "e123", urls) == Ownership::kUnresolved));
}

// A large Bundle is looked up through its sorted fullUrls: the same answers as a scan, the first
// of two entries sharing a fullUrl wins, and an entry without a resource resolves nothing.
BOOST_AUTO_TEST_CASE(large_bundles_resolve_references_as_a_scan_would) {
  std::vector<std::string> urls;
  for (int i = 0; i < 40; ++i) urls.push_back("urn:uuid:entry-" + std::to_string(39 - i));
  rapidjson::Document doc = json(R"({"resourceType": "Patient", "id": "e123"})");
  const rapidjson::Value& patient = doc;
  const auto other_doc = json(R"({"resourceType": "Patient", "id": "zz"})");
  const rapidjson::Value& other = other_doc;
  std::vector<BundleEntry> entries;
  for (int i = 0; i < 40; ++i) {
    const bool ours = i % 3 == 0;
    entries.push_back({urls[static_cast<std::size_t>(i)], "Patient", ours ? &patient : &other});
  }
  entries.push_back({"urn:uuid:entry-39", "Patient", &other});  // repeats entry 0's fullUrl
  entries.push_back({"urn:uuid:no-resource", "", nullptr});
  const BundleUrls bundle(entries);
  for (int i = 0; i < 40; ++i) {
    const Ownership expected = i % 3 == 0 ? Ownership::kThisPatient : Ownership::kOtherPatient;
    BOOST_TEST((reference_ownership(urls[static_cast<std::size_t>(i)], "e123", bundle) == expected),
               urls[static_cast<std::size_t>(i)]);
  }
  BOOST_TEST((bundle.find("urn:uuid:entry-39") == &entries[0]));
  BOOST_TEST((bundle.find("urn:uuid:no-resource") == nullptr));
  BOOST_TEST(
      (reference_ownership("urn:uuid:no-resource", "e123", bundle) == Ownership::kUnresolved));
  BOOST_TEST((reference_ownership("urn:uuid:entry-40", "e123", bundle) == Ownership::kUnresolved));
}

BOOST_AUTO_TEST_CASE(allergy_and_device_are_checked_by_patient_not_subject) {
  const auto allergy = json(R"({"resourceType": "AllergyIntolerance", "id": "a",
    "patient": {"reference": "Patient/other"}, "subject": {"reference": "Patient/e123"}})");
  const auto device = json(R"({"resourceType": "Device", "id": "d",
    "patient": {"reference": "Patient/e123"}})");
  BOOST_TEST(
      (resource_ownership(allergy, "AllergyIntolerance", "e123", {}) == Ownership::kOtherPatient));
  BOOST_TEST((resource_ownership(device, "Device", "e123", {}) == Ownership::kThisPatient));
}

BOOST_AUTO_TEST_CASE(a_subject_without_a_reference_counts_as_no_subject) {
  const auto identifier_only = json(R"({"resourceType": "Condition", "id": "c",
    "subject": {"identifier": {"value": "MRN-1"}, "display": "Smith, Ann"}})");
  const auto none = json(R"({"resourceType": "Observation", "id": "o"})");
  BOOST_TEST(
      (resource_ownership(identifier_only, "Condition", "e123", {}) == Ownership::kNoSubject));
  BOOST_TEST((resource_ownership(none, "Observation", "e123", {}) == Ownership::kNoSubject));
}

BOOST_AUTO_TEST_CASE(a_mixed_bundle_keeps_only_this_patients_resources_and_counts_the_rest) {
  // As a proxy that merged two patients' searches might send it: relative, absolute and
  // urn:uuid subjects, one with none.
  const auto bundle = json(R"({"resourceType": "Bundle", "type": "searchset", "entry": [
    {"fullUrl": "urn:uuid:11111111-2222-3333-4444-555555555555",
     "resource": {"resourceType": "Patient", "id": "e123"}},
    {"resource": {"resourceType": "Condition", "id": "mine-rel",
                  "subject": {"reference": "Patient/e123"}}},
    {"resource": {"resourceType": "Condition", "id": "mine-abs",
                  "subject": {"reference": "https://fhir.epic.example/api/FHIR/R4/Patient/e123"}}},
    {"resource": {"resourceType": "Condition", "id": "mine-urn",
                  "subject": {"reference": "urn:uuid:11111111-2222-3333-4444-555555555555"}}},
    {"resource": {"resourceType": "Condition", "id": "theirs-rel",
                  "subject": {"reference": "Patient/other-77"}}},
    {"resource": {"resourceType": "Condition", "id": "theirs-abs",
                  "subject": {"reference": "https://fhir.epic.example/api/FHIR/R4/Patient/other-77"}}},
    {"resource": {"resourceType": "Condition", "id": "theirs-urn",
                  "subject": {"reference": "urn:uuid:99999999-0000-0000-0000-000000000000"}}},
    {"resource": {"resourceType": "Observation", "id": "theirs-obs",
                  "subject": {"reference": "Patient/other-77"}}},
    {"resource": {"resourceType": "Condition", "id": "nobody"}}]})");
  PatientRecord rec;
  rec.patient_id = "e123";
  BOOST_REQUIRE(add_to_record(rec, "conditions", bundle, "/prefetch/conditions"));
  std::vector<std::string_view> ids;
  for (const Condition& c : rec.conditions) ids.push_back(c.id);
  const std::vector<std::string_view> kept = {"mine-rel", "mine-abs", "mine-urn", "nobody"};
  BOOST_TEST(ids == kept, boost::test_tools::per_element());
  BOOST_TEST(rec.observations.empty());
  BOOST_TEST(rec.foreign_count() == 4u);
  BOOST_TEST(rec.foreign_count("Condition") == 3u);
  BOOST_TEST(rec.foreign_count("Observation") == 1u);
  BOOST_TEST(rec.without_subject == 1u);
  BOOST_REQUIRE(rec.patient);
  BOOST_TEST(rec.patient->id == "e123");
}

BOOST_AUTO_TEST_CASE(another_patients_patient_resource_is_not_the_patient) {
  const auto patient = json(R"({"resourceType": "Patient", "id": "other-77"})");
  PatientRecord rec;
  rec.patient_id = "e123";
  BOOST_REQUIRE(add_to_record(rec, "patient", patient, "/prefetch/patient"));
  BOOST_TEST(!rec.patient);
  BOOST_TEST(rec.foreign_count("Patient") == 1u);
}

BOOST_AUTO_TEST_CASE(without_a_patient_id_nothing_is_filtered) {
  const auto condition = json(R"({"resourceType": "Condition", "id": "c",
    "subject": {"reference": "Patient/anyone"}})");
  PatientRecord rec;
  BOOST_REQUIRE(add_to_record(rec, "conditions", condition, "/prefetch/conditions"));
  BOOST_TEST(rec.conditions.size() == 1u);
  BOOST_TEST(rec.foreign.empty());
}

BOOST_AUTO_TEST_SUITE_END()
