#include "fhir/patient_record.h"

#include <rapidjson/document.h>

#include <boost/test/unit_test.hpp>
#include <string>

using namespace auc::fhir;

namespace {

rapidjson::Document json(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  BOOST_REQUIRE(!d.HasParseError());
  return d;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(patient_record)

BOOST_AUTO_TEST_CASE(searchset_bundles_and_single_resources_are_gathered) {
  const auto conditions = json(R"({"resourceType": "Bundle", "type": "searchset",
    "link": [{"relation": "self", "url": "a"}, {"relation": "next", "url": "https://fhir/page2"}],
    "entry": [
      {"fullUrl": "https://fhir/Condition/1", "resource": {"resourceType": "Condition", "id": "1"}},
      {"resource": {"resourceType": "Encounter", "id": "e"}},
      {"search": {"mode": "outcome"}},
      {"resource": {"resourceType": "Condition", "id": "2"}}]})");
  const auto patient = json(R"({"resourceType": "Patient", "id": "p", "birthDate": "1950-03"})");
  const auto outcome = json(
      R"({"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "forbidden"}]})");
  const auto null_value = json("null");

  PatientRecord rec;
  BOOST_REQUIRE(add_to_record(rec, "conditions", conditions, "/prefetch/conditions"));
  BOOST_REQUIRE(add_to_record(rec, "patient", patient, "/prefetch/patient"));
  BOOST_REQUIRE(add_to_record(rec, "procedures", outcome, "/prefetch/procedures"));
  BOOST_REQUIRE(add_to_record(rec, "imaging", null_value, "/prefetch/imaging"));

  BOOST_TEST(rec.conditions.size() == 2u);
  BOOST_TEST(rec.conditions[1].id == "2");
  BOOST_TEST(rec.ignored == 1u);
  BOOST_REQUIRE(rec.patient);
  BOOST_TEST(rec.patient->birth_date->month == 3);
  BOOST_REQUIRE(rec.outcomes.size() == 1u);
  BOOST_TEST(rec.outcomes[0].key == "procedures");
  BOOST_REQUIRE(rec.next_pages.size() == 1u);
  BOOST_TEST(rec.next_pages[0].url == "https://fhir/page2");
}

BOOST_AUTO_TEST_CASE(errors_inside_bundles_name_the_entry) {
  const auto bundle = json(R"({"resourceType": "Bundle", "entry": [
      {"resource": {"resourceType": "Condition", "id": "ok"}},
      {"resource": {"resourceType": "Condition", "code": {"coding": [{"code": "a"}, {"system": false}]}}}]})");
  PatientRecord rec;
  const auto r = add_to_record(rec, "conditions", bundle, "/prefetch/conditions");
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.error().path == "/prefetch/conditions/entry/1/resource/code/coding/1/system");

  const auto no_type = json(R"({"resourceType": "Bundle", "entry": [{"resource": {"id": "x"}}]})");
  const auto r2 = add_to_record(rec, "conditions", no_type, "/prefetch/conditions");
  BOOST_REQUIRE(!r2);
  BOOST_TEST(r2.error().path == "/prefetch/conditions/entry/0/resource/resourceType");

  const auto not_resource = json(R"({"entry": []})");
  const auto r3 = add_to_record(rec, "conditions", not_resource, "/prefetch/conditions");
  BOOST_REQUIRE(!r3);
  BOOST_TEST(r3.error().path == "/prefetch/conditions");
}

BOOST_AUTO_TEST_CASE(draft_orders_yield_service_requests_only) {
  const auto bundle = json(R"({"resourceType": "Bundle", "entry": [
      {"resource": {"resourceType": "MedicationRequest", "id": "m"}},
      {"resource": {"resourceType": "ServiceRequest", "id": "a", "status": "draft"}},
      {"resource": {"resourceType": "ServiceRequest", "id": "b", "status": "draft"}}]})");
  const auto orders = draft_service_requests(bundle, "/context/draftOrders");
  BOOST_REQUIRE(orders);
  BOOST_REQUIRE(orders->size() == 2u);
  BOOST_TEST((*orders)[0].id == "a");
  BOOST_TEST((*orders)[1].json == &bundle["entry"][2]["resource"]);

  const auto bad = json(R"({"resourceType": "Bundle", "entry": [
      {"resource": {"resourceType": "ServiceRequest", "authoredOn": "yesterday"}}]})");
  const auto r = draft_service_requests(bad, "/context/draftOrders");
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.error().path == "/context/draftOrders/entry/0/resource/authoredOn");
}

BOOST_AUTO_TEST_SUITE_END()
