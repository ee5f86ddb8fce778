// Prefetch as CDS Hooks 2.0 defines it, and the FHIR fallback: complete, partial, absent,
// paginated, OperationOutcome values, and data that cannot be obtained (412).
#include <signal.h>

#include <boost/test/unit_test.hpp>

#include "service_support.h"
#include "tests/support/fhir_test_server.h"

using namespace auc::test;

namespace {

const char* kToken = "fhir-access-token-7c1f0e9a52b4";

// The variant-1 request with every prefetch key discovery lists (the safety keys as null: the
// EHR has no allergies, devices, eGFR results or pregnancy status on file), and what it must
// produce, whatever the data's route.
struct Variant1 {
  rapidjson::Document request = with_safety_keys(load_request("variant-1-order-select.json"));
  static rapidjson::Document with_safety_keys(rapidjson::Document r) {
    for (const char* key : {"allergies", "devices", "labs", "pregnancyStatus"}) {
      r["prefetch"].AddMember(rapidjson::Value(key, r.GetAllocator()), rapidjson::Value(),
                              r.GetAllocator());
    }
    return r;
  }
  void check(const rapidjson::Document& response) const {
    const auto ratings = pama_ratings(response);
    BOOST_TEST_REQUIRE(ratings.size() == 1u);
    BOOST_TEST(ratings[0].second == "not-appropriate");
    BOOST_TEST_REQUIRE(response["cards"].Size() == 1u);
    BOOST_TEST(std::string(response["cards"][0]["indicator"].GetString()) == "warning");
  }
};

void expect_bearer_everywhere(const FhirTestServer& fhir) {
  for (const auto& seen : fhir.requests()) {
    BOOST_TEST(seen.authorization == std::string("Bearer ") + kToken, seen.path);
    if (seen.path.find("/Patient/") == std::string::npos) {
      BOOST_TEST(seen.patient_param == "vcf-v1", seen.path);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(service_prefetch)

BOOST_AUTO_TEST_CASE(complete_prefetch_needs_no_fhir_server) {
  auto server = start_service();
  FhirTestServer fhir;
  Variant1 v;
  set_fhir_server(v.request, fhir.base_url(), kToken);
  httplib::Client client("127.0.0.1", server->port());
  v.check(expect_valid_response(post_json(client, kSelect, to_json(v.request))));
  BOOST_TEST(fhir.requests().empty());
}

BOOST_AUTO_TEST_CASE(partial_prefetch_fetches_only_the_missing_keys) {
  auto server = start_service();
  FhirTestServer fhir;
  Variant1 v;
  fhir.add_prefetch(v.request["prefetch"]);
  remove_prefetch_key(v.request, "conditions");
  remove_prefetch_key(v.request, "patient");
  set_fhir_server(v.request, fhir.base_url(), kToken);
  httplib::Client client("127.0.0.1", server->port());
  v.check(expect_valid_response(post_json(client, kSelect, to_json(v.request))));
  BOOST_TEST(fhir.count("Condition") == 1u);
  BOOST_TEST(fhir.count("Patient") == 1u);
  BOOST_TEST(fhir.requests().size() == 2u);
  expect_bearer_everywhere(fhir);
}

BOOST_AUTO_TEST_CASE(absent_prefetch_falls_back_to_paginated_searches) {
  auto server = start_service();
  FhirTestServer fhir;
  fhir.set_page_size(1);  // two conditions: two pages
  Variant1 v;
  fhir.add_prefetch(v.request["prefetch"]);
  v.request.RemoveMember("prefetch");
  set_fhir_server(v.request, fhir.base_url(), kToken);
  httplib::Client client("127.0.0.1", server->port());
  v.check(expect_valid_response(post_json(client, kSelect, to_json(v.request))));
  BOOST_TEST(fhir.count("Condition") == 2u);  // the next link was followed
  for (const char* type : {"Patient", "Procedure", "ImagingStudy", "DiagnosticReport",
                           "AllergyIntolerance", "Device"}) {
    BOOST_TEST(fhir.count(type) == 1u, type);
  }
  // Exam findings, eGFR results and pregnancy status: three Observation searches.
  BOOST_TEST(fhir.count("Observation") == 3u);
  expect_bearer_everywhere(fhir);
}

BOOST_AUTO_TEST_CASE(operation_outcome_in_prefetch_is_fetched_again) {
  auto server = start_service();
  FhirTestServer fhir;
  Variant1 v;
  fhir.add_prefetch(v.request["prefetch"]);
  rapidjson::Document outcome;
  outcome.Parse(
      R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"timeout"}]})");
  v.request["prefetch"]["conditions"].CopyFrom(outcome, v.request.GetAllocator());
  set_fhir_server(v.request, fhir.base_url(), kToken);
  httplib::Client client("127.0.0.1", server->port());
  v.check(expect_valid_response(post_json(client, kSelect, to_json(v.request))));
  BOOST_TEST(fhir.count("Condition") == 1u);
  BOOST_TEST(fhir.requests().size() == 1u);
}

BOOST_AUTO_TEST_CASE(null_prefetch_means_no_data_not_a_fetch) {
  auto server = start_service();
  FhirTestServer fhir;
  Variant1 v;
  v.request["prefetch"]["patient"].SetNull();
  v.request["prefetch"]["observations"].SetNull();
  set_fhir_server(v.request, fhir.base_url(), kToken);
  httplib::Client client("127.0.0.1", server->port());
  v.check(expect_valid_response(post_json(client, kSelect, to_json(v.request))));
  BOOST_TEST(fhir.requests().empty());
}

BOOST_AUTO_TEST_CASE(prefetch_bundle_with_a_next_link_is_completed_from_the_server) {
  auto server = start_service();
  FhirTestServer fhir;
  fhir.set_page_size(1);
  Variant1 v;
  fhir.add_prefetch(v.request["prefetch"]);
  // The EHR prefetched only the first page of conditions (the fracture, no back pain yet): with
  // that page alone the patient would look asymptomatic.
  auto& conditions = v.request["prefetch"]["conditions"];
  conditions["entry"].Erase(conditions["entry"].Begin() + 1);
  auto& a = v.request.GetAllocator();
  rapidjson::Value link(rapidjson::kObjectType);
  link.AddMember("relation", "next", a);
  const std::string next = fhir.base_url() + "/Condition?patient=vcf-v1&_page=1";
  link.AddMember("url", rapidjson::Value(next.c_str(), a), a);
  rapidjson::Value links(rapidjson::kArrayType);
  links.PushBack(link, a);
  conditions.AddMember("link", links, a);
  set_fhir_server(v.request, fhir.base_url(), kToken);
  httplib::Client client("127.0.0.1", server->port());
  v.check(expect_valid_response(post_json(client, kSelect, to_json(v.request))));
  BOOST_TEST(fhir.count("Condition") == 1u);
  BOOST_TEST(fhir.requests().size() == 1u);
}

BOOST_AUTO_TEST_CASE(missing_required_data_without_fhir_server_is_412) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  Variant1 v;
  remove_prefetch_key(v.request, "conditions");
  expect_outcome(post_json(client, kSelect, to_json(v.request)), 412);
}

BOOST_AUTO_TEST_CASE(missing_optional_data_is_not_fatal) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  Variant1 v;
  remove_prefetch_key(v.request, "patient");
  remove_prefetch_key(v.request, "observations");
  v.check(expect_valid_response(post_json(client, kSelect, to_json(v.request))));
}

BOOST_AUTO_TEST_CASE(failing_fhir_server_is_412) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  FhirTestServer fhir;
  fhir.add_prefetch(Variant1().request["prefetch"]);
  fhir.fail("Condition", 500);
  fhir.answer_outcome("Procedure");
  for (const char* key : {"conditions", "procedures"}) {
    Variant1 v;
    remove_prefetch_key(v.request, key);
    set_fhir_server(v.request, fhir.base_url(), kToken);
    const std::string path = expect_outcome(post_json(client, kSelect, to_json(v.request)), 412);
    BOOST_TEST(path.empty());
  }
}

BOOST_AUTO_TEST_CASE(fhir_server_slower_than_the_budget_is_412) {
  auto server = start_service({"--fhir-budget-ms", "600"});
  httplib::Client client("127.0.0.1", server->port());
  FhirTestServer fhir;
  fhir.add_prefetch(Variant1().request["prefetch"]);
  // Within the 3 s read timeout the answer would come: only the 600 ms budget makes it 412.
  fhir.delay("Condition", std::chrono::milliseconds(2500));
  Variant1 v;
  remove_prefetch_key(v.request, "conditions");
  set_fhir_server(v.request, fhir.base_url(), kToken);
  expect_outcome(post_json(client, kSelect, to_json(v.request)), 412);
}

BOOST_AUTO_TEST_CASE(fhir_response_over_the_size_limit_is_412_naming_the_key) {
  auto server = start_service({"--fhir-max-response-bytes", "65536"});
  httplib::Client client("127.0.0.1", server->port());
  FhirTestServer fhir;
  fhir.add_prefetch(Variant1().request["prefetch"]);

  // Padded but under the limit: still read and used.
  fhir.oversize("Condition", 32 * 1024);
  Variant1 small;
  remove_prefetch_key(small.request, "conditions");
  set_fhir_server(small.request, fhir.base_url(), kToken);
  small.check(expect_valid_response(post_json(client, kSelect, to_json(small.request))));

  // 8 MB, chunked so no Content-Length gives it away: cut off while arriving, then 412.
  fhir.oversize("Condition", 8 * 1024 * 1024);
  Variant1 v;
  remove_prefetch_key(v.request, "conditions");
  set_fhir_server(v.request, fhir.base_url(), kToken);
  const auto res = post_json(client, kSelect, to_json(v.request));
  BOOST_TEST(expect_outcome(res, 412).empty());
  rapidjson::Document outcome;
  outcome.Parse(res->body.c_str());
  const std::string diagnostics = outcome["issue"][0]["diagnostics"].GetString();
  BOOST_TEST(diagnostics.find("conditions") != std::string::npos, diagnostics);
  BOOST_TEST(diagnostics.find("--fhir-max-response-bytes") != std::string::npos, diagnostics);
  BOOST_TEST(diagnostics.find(kToken) == std::string::npos);
  BOOST_TEST(res->body.find(kToken) == std::string::npos);
  BOOST_TEST(fhir.count("Condition") == 2u);
}

BOOST_AUTO_TEST_CASE(plain_http_fhir_server_needs_the_flag) {
  std::string failure;
  auto server = ServerProcess::start({"--listen", "127.0.0.1:0", "--plain-http", "--auth", "off"},
                                     {}, &failure);
  BOOST_TEST_REQUIRE(server != nullptr, failure);
  FhirTestServer fhir;
  Variant1 v;
  fhir.add_prefetch(v.request["prefetch"]);
  remove_prefetch_key(v.request, "conditions");
  set_fhir_server(v.request, fhir.base_url(), kToken);
  httplib::Client client("127.0.0.1", server->port());
  expect_outcome(post_json(client, kSelect, to_json(v.request)), 412);
  BOOST_TEST(fhir.requests().empty());  // the token never went out over plain HTTP
}

BOOST_AUTO_TEST_CASE(token_and_patient_ids_never_reach_the_log) {
  auto server = start_service();  // --log-level debug: the chattiest setting
  FhirTestServer fhir;
  fhir.fail("Procedure", 503);
  httplib::Client client("127.0.0.1", server->port());
  Variant1 v;
  fhir.add_prefetch(v.request["prefetch"]);
  v.request.RemoveMember("prefetch");
  set_fhir_server(v.request, fhir.base_url(), kToken);
  expect_outcome(post_json(client, kSelect, to_json(v.request)), 412);  // logs a fetch failure
  Variant1 ok;
  set_fhir_server(ok.request, fhir.base_url(), kToken);
  ok.check(expect_valid_response(post_json(client, kSelect, to_json(ok.request))));
  server->stop(SIGTERM);
  const std::string log = server->log();
  BOOST_TEST(log.find("fhir_fetch_failed") != std::string::npos);
  BOOST_TEST(log.find(kToken) == std::string::npos);
  BOOST_TEST(log.find("vcf-v1") == std::string::npos);
  BOOST_TEST(log.find("dr-ortega") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
