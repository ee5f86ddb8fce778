#include "fhir/parse.h"

#include <rapidjson/document.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/fhir/parsed_json.h"

using namespace auc::fhir;
using auc::fhir::testing::json;

BOOST_AUTO_TEST_SUITE(parse)

BOOST_AUTO_TEST_CASE(service_request_reads_codes_reasons_and_keeps_json) {
  const auto d = json(R"({
    "resourceType": "ServiceRequest", "id": "sr-1", "status": "draft", "intent": "order",
    "code": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "72132",
                         "display": "CT lumbar spine with contrast"}], "text": "CT L-spine"},
    "reasonCode": [{"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "M80.08XA"}]}],
    "subject": {"reference": "Patient/p1"}, "authoredOn": "2024-05-17",
    "occurrencePeriod": {"start": "2024-05-20T09:00:00Z"},
    "extension": [{"url": "x", "valueString": "ignored"}], "unknownElement": 42
  })");
  const auto sr = parse_resource<ServiceRequest>(d, "/context/draftOrders/entry/0/resource");
  BOOST_REQUIRE(sr);
  BOOST_TEST(sr->id == "sr-1");
  BOOST_TEST(sr->status == "draft");
  BOOST_REQUIRE(sr->code.coding.size() == 1u);
  BOOST_TEST(sr->code.coding[0].code == "72132");
  BOOST_TEST(sr->code.text == "CT L-spine");
  BOOST_REQUIRE(sr->reason_code.size() == 1u);
  BOOST_TEST(sr->reason_code[0].coding[0].code == "M80.08XA");
  BOOST_TEST(sr->subject.reference == "Patient/p1");
  BOOST_REQUIRE(sr->occurrence);
  BOOST_TEST(sr->occurrence->start == parse_datetime("2024-05-20T09:00:00Z")->start);
  BOOST_TEST(sr->json == &static_cast<const rapidjson::Value&>(d));
  // Views point into the document: no string was copied.
  BOOST_TEST(sr->id.data() == d["id"].GetString());
}

BOOST_AUTO_TEST_CASE(empty_coding_from_the_sandbox_is_tolerated) {
  const auto d = json(R"({"resourceType": "ServiceRequest", "id": "x",
                          "code": {"coding": [{}]}, "reasonCode": []})");
  const auto sr = parse_resource<ServiceRequest>(d, "");
  BOOST_REQUIRE(sr);
  BOOST_REQUIRE(sr->code.coding.size() == 1u);
  BOOST_TEST(sr->code.coding[0].code.empty());
  BOOST_TEST(sr->reason_code.empty());
}

BOOST_AUTO_TEST_CASE(wrong_types_name_their_json_path) {
  struct Case {
    const char* text;
    const char* path;
  };
  const Case cases[] = {
      {R"({"resourceType": "Condition", "code": {"coding": [{"system": 7}]}})",
       "/p/code/coding/0/system"},
      {R"({"resourceType": "Condition", "code": {"coding": {"code": "x"}}})", "/p/code/coding"},
      {R"({"resourceType": "Condition", "onsetDateTime": "May 2024"})", "/p/onsetDateTime"},
      {R"({"resourceType": "Condition", "onsetPeriod": {"start": 2024}})", "/p/onsetPeriod/start"},
      {R"({"resourceType": "Condition", "id": ["a"]})", "/p/id"},
      {R"({"resourceType": "Condition", "bodySite": [{"coding": [{}]}, "lumbar"]})",
       "/p/bodySite/1"},
      {R"({"resourceType": "Procedure"})", "/p/resourceType"},
  };
  for (const Case& c : cases) {
    const auto d = json(c.text);
    const auto r = parse_resource<Condition>(d, "/p");
    BOOST_REQUIRE_MESSAGE(!r, c.text);
    BOOST_TEST(r.error().path == c.path);
    BOOST_TEST(!r.error().message.empty());
  }
}

BOOST_AUTO_TEST_CASE(condition_statuses_and_dates) {
  const auto d = json(R"({"resourceType": "Condition", "id": "c1",
    "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "resolved"}]},
    "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}]},
    "code": {"coding": [{"system": "http://snomed.info/sct", "code": "42942008"}]},
    "onsetPeriod": {"start": "2023-11"}, "abatementDateTime": "2024", "recordedDate": "2023-11-20T10:00:00-05:00"})");
  const auto c = parse_resource<Condition>(d, "");
  BOOST_REQUIRE(c);
  BOOST_TEST(c->clinical_status.coding[0].code == "resolved");
  BOOST_TEST(c->verification_status.coding[0].code == "confirmed");
  BOOST_REQUIRE(c->onset);
  BOOST_TEST(c->onset->month == 11);
  BOOST_TEST(static_cast<int>(c->onset->precision) == static_cast<int>(DatePrecision::kMonth));
  BOOST_REQUIRE(c->abatement);
  BOOST_TEST(c->abatement->year == 2024);
  BOOST_REQUIRE(c->recorded_date);
  BOOST_TEST(c->recorded_date->has_zone);
}

BOOST_AUTO_TEST_CASE(imaging_study_report_observation_and_outcome) {
  const auto study = json(R"({"resourceType": "ImagingStudy", "id": "is1", "status": "available",
    "started": "2024-05-01T08:00:00Z", "modality": [{"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "DX"}],
    "series": [{"uid": "1.2", "modality": {"code": "DX"}, "bodySite": {"system": "http://snomed.info/sct", "code": "122496007"}}]})");
  const auto s = parse_resource<ImagingStudy>(study, "");
  BOOST_REQUIRE(s);
  BOOST_REQUIRE(s->series.size() == 1u);
  BOOST_TEST(s->series[0].body_site.code == "122496007");

  const auto report = json(R"({"resourceType": "DiagnosticReport", "id": "dr1", "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "30679-5"}]}, "effectiveDateTime": "2024-05-02",
    "conclusion": "Acute L1 fracture with marrow edema", "conclusionCode": [{"coding": [{"code": "x"}]}]})");
  const auto r = parse_resource<DiagnosticReport>(report, "");
  BOOST_REQUIRE(r);
  BOOST_TEST(r->conclusion_code.size() == 1u);
  BOOST_TEST(r->effective.has_value());

  const auto obs = json(R"({"resourceType": "Observation", "id": "o1", "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "72514-3"}]},
    "effectiveInstant": "2024-05-02T10:00:00Z", "valueQuantity": {"value": 7, "unit": "score"}})");
  const auto o = parse_resource<Observation>(obs, "");
  BOOST_REQUIRE(o);
  BOOST_REQUIRE(o->value_quantity && o->value_quantity->value);
  BOOST_TEST(*o->value_quantity->value == 7.0);
  BOOST_TEST(o->effective.has_value());

  const auto bad_obs = json(R"({"resourceType": "Observation", "valueQuantity": {"value": "7"}})");
  const auto bo = parse_resource<Observation>(bad_obs, "/o");
  BOOST_REQUIRE(!bo);
  BOOST_TEST(bo.error().path == "/o/valueQuantity/value");

  const auto outcome = json(R"({"resourceType": "OperationOutcome", "issue": [
    {"severity": "error", "code": "forbidden", "diagnostics": "no access"}]})");
  const auto oo = parse_resource<OperationOutcome>(outcome, "");
  BOOST_REQUIRE(oo);
  BOOST_REQUIRE(oo->issue.size() == 1u);
  BOOST_TEST(oo->issue[0].code == "forbidden");
}

BOOST_AUTO_TEST_CASE(non_objects_are_errors_not_crashes) {
  for (const char* text : {"[]", "null", "\"Condition\"", "3", R"({"resourceType": 3})"}) {
    const auto d = json(text);
    const auto r = parse_resource<Condition>(d, "/x");
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error().path.rfind("/x", 0) == 0u);
  }
}

BOOST_AUTO_TEST_CASE(allergy_device_and_lab_elements_the_safety_stage_reads) {
  const auto a = json(R"({
    "resourceType": "AllergyIntolerance", "id": "al-1",
    "clinicalStatus": {"coding": [{"code": "active"}]},
    "verificationStatus": {"coding": [{"code": "confirmed"}]},
    "code": {"text": "Gadolinium - anaphylaxis"}, "patient": {"reference": "Patient/p1"},
    "onsetPeriod": {"start": "2019-02"}, "recordedDate": "2021-05-02T09:12:00Z",
    "reaction": [{"substance": {"text": "gadobutrol"},
                  "manifestation": [{"text": "Anaphylaxis"}, {"text": "Hives"}]}]
  })");
  const auto allergy = parse_resource<AllergyIntolerance>(a, "/prefetch/allergies");
  BOOST_REQUIRE(allergy);
  BOOST_TEST(allergy->patient.reference == "Patient/p1");
  BOOST_REQUIRE(allergy->onset);
  BOOST_TEST(allergy->onset->month == 2);
  BOOST_REQUIRE(allergy->recorded_date);
  BOOST_TEST(allergy->recorded_date->day == 2);
  BOOST_REQUIRE(allergy->reaction.size() == 1u);
  BOOST_TEST(allergy->reaction[0].substance.text == "gadobutrol");
  BOOST_TEST(allergy->reaction[0].manifestation.size() == 2u);

  const auto d = json(R"({
    "resourceType": "Device", "id": "d-1", "status": "active", "type": {"text": "Pacemaker"},
    "deviceName": [{"name": "Azure XT DR", "type": "manufacturer-name"}],
    "safety": [{"coding": [{"system": "urn:oid:2.16.840.1.113883.3.26.1.1", "code": "C106046"}]}],
    "patient": {"reference": "Patient/p1"}
  })");
  const auto device = parse_resource<Device>(d, "/prefetch/devices");
  BOOST_REQUIRE(device);
  BOOST_REQUIRE(device->device_name.size() == 1u);
  BOOST_TEST(device->device_name[0].name == "Azure XT DR");
  BOOST_REQUIRE(device->safety.size() == 1u);
  BOOST_TEST(device->safety[0].coding[0].code == "C106046");
  BOOST_TEST(device->patient.reference == "Patient/p1");

  const auto o = json(R"({
    "resourceType": "Observation", "id": "o-1", "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "98979-8"}]},
    "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2024-05-28",
    "valueQuantity": {"value": 15, "comparator": "<", "unit": "mL/min/1.73m2"}
  })");
  const auto obs = parse_resource<Observation>(o, "/prefetch/labs");
  BOOST_REQUIRE(obs);
  BOOST_REQUIRE(obs->value_quantity);
  BOOST_TEST(obs->value_quantity->comparator == "<");
  BOOST_TEST(obs->subject.reference == "Patient/p1");
  const auto text = json(R"({"resourceType": "Observation", "id": "o-2", "valueString": ">60"})");
  BOOST_TEST(parse_resource<Observation>(text, "/prefetch/labs")->value_string == ">60");

  const auto bad = json(R"({"resourceType": "Device", "id": "d-2", "deviceName": [{"name": 5}]})");
  const auto refused = parse_resource<Device>(bad, "/prefetch/devices/entry/0/resource");
  BOOST_REQUIRE(!refused);
  BOOST_TEST(refused.error().path == "/prefetch/devices/entry/0/resource/deviceName/0/name");
}

BOOST_AUTO_TEST_SUITE_END()
