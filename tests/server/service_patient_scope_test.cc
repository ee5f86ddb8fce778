// Only this patient's data: a prefetch that also holds another patient's resources (an EHR or
// proxy bug that happens) is rated on this patient's alone, the ledger records how many were left
// out and of which types, and no other patient's id is stored or sent anywhere.
#include <signal.h>

#include <boost/test/unit_test.hpp>

#include "service_support.h"
#include "tests/support/fhir_test_server.h"

using namespace auc::test;

namespace {

const std::string kAuditToken = "auditor-token-0123456789abcdef0123456789abcdef";
const char* kFhirToken = "fhir-access-token-2b7d11c0";

// Another patient's Condition as Epic (absolute URL), Oracle Health (relative reference) or a
// proxy building a transaction-style Bundle (urn:uuid) would send it: a malignancy that would
// move this patient into variant 2.
std::string foreign_condition(const std::string& id, const std::string& subject) {
  return R"({"fullUrl": "https://fhir.epic.example/api/FHIR/R4/Condition/)" + id +
         R"(", "resource": {"resourceType": "Condition", "id": ")" + id +
         R"(", "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
         "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C50.912",
                  "display": "Malignant neoplasm of unspecified site of left female breast"}],
                  "text": "Breast cancer"},
         "subject": {"reference": ")" +
         subject + R"(", "display": "OTHER, PATIENT"}}})";
}

void add_entry(rapidjson::Document& request, const char* key, const std::string& entry_json) {
  rapidjson::Document entry(&request.GetAllocator());
  entry.Parse(entry_json.c_str());
  BOOST_REQUIRE(!entry.HasParseError());
  request["prefetch"][key]["entry"].PushBack(rapidjson::Value(entry, request.GetAllocator()),
                                             request.GetAllocator());
}

std::unique_ptr<ServerProcess> start_with_ledger(TempDir& dir) {
  write_file(dir.file("audit-token"), kAuditToken);
  return start_service(
      {"--audit-token-file", dir.file("audit-token"), "--ledger", "sqlite:" + dir.file("l.db")});
}

// The one stored call, as the auditor API returns it.
rapidjson::Document stored_call(httplib::Client& client) {
  const httplib::Headers auth = {{"Authorization", "Bearer " + kAuditToken}};
  auto list = client.Get("/audit/calls", auth);
  BOOST_REQUIRE(list && list->status == 200);
  rapidjson::Document calls;
  calls.Parse(list->body.c_str());
  BOOST_REQUIRE(calls["calls"].Size() == 1u);
  const std::string id = std::to_string(calls["calls"][0]["id"].GetInt64());
  auto one = client.Get("/audit/calls/" + id, auth);
  BOOST_REQUIRE(one && one->status == 200);
  rapidjson::Document call;
  call.Parse(one->body.c_str());
  BOOST_REQUIRE(!call.HasParseError());
  return call;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(service_patient_scope)

BOOST_AUTO_TEST_CASE(another_patients_conditions_are_dropped_counted_and_never_stored) {
  TempDir dir;
  auto server = start_with_ledger(dir);
  rapidjson::Document request = load_request("variant-1-order-select.json");
  add_entry(request, "conditions", foreign_condition("other-c1", "Patient/other-pt-555"));
  add_entry(
      request, "conditions",
      foreign_condition("other-c2", "https://fhir.epic.example/api/FHIR/R4/Patient/other-pt-555"));
  add_entry(request, "conditions",
            foreign_condition("other-c3", "urn:uuid:3f0c9a4e-1111-4c2b-9d7e-555555555555"));
  httplib::Client client("127.0.0.1", server->port());
  const auto response = expect_valid_response(post_json(client, kSelect, to_json(request)));

  // Still variant 1 (the other patient's cancer would have made it variant 2).
  const auto ratings = pama_ratings(response);
  BOOST_REQUIRE(ratings.size() == 1u);
  BOOST_TEST(ratings[0].second == "not-appropriate");
  BOOST_REQUIRE(response["cards"].Size() == 1u);
  const std::string body = to_json(response);
  BOOST_TEST(contains(body, "acr-vertebral-compression-fractures/variant-1"));
  for (const char* foreign : {"other-c1", "other-c2", "other-c3", "other-pt-555"}) {
    BOOST_TEST(!contains(body, foreign), foreign);
  }

  const rapidjson::Document call = stored_call(client);
  const std::string stored = to_json(call);
  for (const char* foreign : {"other-c1", "other-c2", "other-c3", "other-pt-555", "3f0c9a4e"}) {
    BOOST_TEST(!contains(stored, foreign), foreign);
  }
  const rapidjson::Value& facts = call["facts"];
  BOOST_REQUIRE(facts.IsArray());
  BOOST_REQUIRE(facts.Size() == 1u);
  const rapidjson::Value& scope = facts[0]["patientScope"];
  BOOST_TEST(scope["foreignDropped"]["Condition"].GetUint64() == 3u);
  BOOST_TEST(scope["foreignDropped"].MemberCount() == 1u);

  // The log says a prefetch held foreign resources, and names no id.
  BOOST_TEST(contains(server->log(), "prefetch_foreign_resources"));
  for (const char* foreign : {"other-c1", "other-pt-555"}) {
    BOOST_TEST(!contains(server->log(), foreign), foreign);
  }
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_CASE(urn_uuid_subjects_resolve_to_this_patient_within_the_bundle) {
  auto server = start_service();
  rapidjson::Document request = load_request("variant-1-order-select.json");
  // This patient's own Patient entry, and a Condition naming it by urn:uuid: kept. A history
  // of breast cancer there moves the case into variant 2, which shows it was read.
  add_entry(request, "conditions",
            R"({"fullUrl": "urn:uuid:7d2c0000-aaaa-4bbb-8ccc-000000000001",
                "resource": {"resourceType": "Patient", "id": "vcf-v1"}})");
  add_entry(request, "conditions",
            R"({"fullUrl": "urn:uuid:7d2c0000-aaaa-4bbb-8ccc-000000000002",
                "resource": {"resourceType": "Condition", "id": "own-hx",
                  "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm",
                           "code": "Z85.3", "display": "Personal history of malignant neoplasm of breast"}]},
                  "subject": {"reference": "urn:uuid:7d2c0000-aaaa-4bbb-8ccc-000000000001"}}})");
  httplib::Client client("127.0.0.1", server->port());
  const auto response = expect_valid_response(post_json(client, kSelect, to_json(request)));
  BOOST_TEST(contains(to_json(response), "acr-vertebral-compression-fractures/variant-2"));
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_CASE(another_patients_prefetched_patient_without_a_fhir_server_is_a_412) {
  auto server = start_service();
  rapidjson::Document request = load_request("variant-1-order-select.json");
  request["prefetch"]["patient"]["id"].SetString("other-pt-555");
  httplib::Client client("127.0.0.1", server->port());
  auto res = post_json(client, kSelect, to_json(request));
  expect_outcome(res, 412);
  BOOST_TEST(contains(res->body, "patient"));
  BOOST_TEST(!contains(res->body, "other-pt-555"));
  BOOST_TEST(!contains(server->log(), "other-pt-555"));
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_CASE(another_patients_prefetched_patient_is_fetched_from_the_fhir_server) {
  auto server = start_service();
  FhirTestServer fhir;
  rapidjson::Document request = load_request("variant-1-order-select.json");
  fhir.add_prefetch(request["prefetch"]);  // the FHIR server has the right Patient
  request["prefetch"]["patient"]["id"].SetString("other-pt-555");
  set_fhir_server(request, fhir.base_url(), kFhirToken);
  httplib::Client client("127.0.0.1", server->port());
  const auto response = expect_valid_response(post_json(client, kSelect, to_json(request)));
  BOOST_TEST(fhir.count("Patient") == 1u);
  BOOST_TEST(fhir.count("Condition") == 0u);  // only what was missing or foreign is fetched
  const auto ratings = pama_ratings(response);
  BOOST_REQUIRE(ratings.size() == 1u);
  BOOST_TEST(ratings[0].second == "not-appropriate");
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_CASE(another_patients_resources_from_the_fhir_server_are_dropped_too) {
  auto server = start_service();
  FhirTestServer fhir;
  rapidjson::Document request = load_request("variant-1-order-select.json");
  fhir.add_prefetch(request["prefetch"]);
  // A server (or proxy) that answers the patient search with another patient's Condition too.
  rapidjson::Document foreign;
  foreign.Parse(foreign_condition("other-c9", "Patient/other-pt-555").c_str());
  BOOST_REQUIRE(!foreign.HasParseError());
  fhir.add(foreign["resource"]);
  remove_prefetch_key(request, "conditions");
  set_fhir_server(request, fhir.base_url(), kFhirToken);
  httplib::Client client("127.0.0.1", server->port());
  const auto response = expect_valid_response(post_json(client, kSelect, to_json(request)));
  BOOST_TEST(fhir.count("Condition") == 1u);
  const std::string body = to_json(response);
  BOOST_TEST(contains(body, "acr-vertebral-compression-fractures/variant-1"));
  BOOST_TEST(!contains(body, "other-c9"));
  BOOST_TEST(contains(server->log(), "prefetch_foreign_resources"));
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
