// Red flags through the real binary: a suspected spine infection or a burst fracture takes the
// case out of the VCF criteria (no-criteria-apply, an info card naming the red flag and the ACR
// topic that covers it, no warning against any study); long-term steroids do not.
#include <signal.h>

#include <boost/test/unit_test.hpp>

#include "service_support.h"

using namespace auc::test;

namespace {

// An Oracle Health-shaped Condition: relative subject, ICD-10-CM and SNOMED CT codings with
// free text, an encounter-diagnosis category, and a provisional verification status.
std::string condition_entry(const std::string& id, const std::string& icd,
                            const std::string& snomed, const std::string& text,
                            const std::string& verification = "confirmed") {
  std::string codings = R"({"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": ")" + icd +
                        R"(", "display": ")" + text + R"("})";
  if (!snomed.empty()) {
    codings += R"(, {"system": "http://snomed.info/sct", "code": ")" + snomed + R"("})";
  }
  return R"({"fullUrl": "https://fhir-ehr.cerner.example/r4/tenant/Condition/)" + id +
         R"(", "resource": {"resourceType": "Condition", "id": ")" + id +
         R"(", "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
         "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": ")" +
         verification + R"("}]},
         "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category", "code": "encounter-diagnosis"}]}],
         "code": {"coding": [)" +
         codings + R"(], "text": ")" + text + R"("},
         "subject": {"reference": "Patient/vcf-v1"}, "onsetDateTime": "2024-05-28"}})";
}

void add_condition(rapidjson::Document& request, const std::string& entry_json) {
  rapidjson::Document entry(&request.GetAllocator());
  entry.Parse(entry_json.c_str());
  BOOST_REQUIRE(!entry.HasParseError());
  request["prefetch"]["conditions"]["entry"].PushBack(
      rapidjson::Value(entry, request.GetAllocator()), request.GetAllocator());
}

std::string str(const rapidjson::Value& v) {
  return std::string(v.GetString(), v.GetStringLength());
}

// One info card that names the topic, offers nothing, and a no-criteria-apply rating.
void expect_red_flag_card(const rapidjson::Document& response, const std::string& topic,
                          const std::string& resource) {
  const auto ratings = pama_ratings(response);
  BOOST_REQUIRE(ratings.size() == 1u);
  BOOST_TEST(ratings[0].second == "no-criteria-apply");
  BOOST_REQUIRE(response["cards"].Size() == 1u);
  const rapidjson::Value& card = response["cards"][0];
  BOOST_TEST(str(card["indicator"]) == "info");
  BOOST_TEST(str(card["summary"]).find(topic) != std::string::npos, str(card["summary"]));
  BOOST_TEST(str(card["detail"]).find(resource) != std::string::npos);
  BOOST_TEST(!card.HasMember("suggestions"));
  BOOST_TEST(to_json(response).find("Usually Not Appropriate") == std::string::npos);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(service_red_flags)

BOOST_AUTO_TEST_CASE(osteomyelitis_with_fever_is_a_spine_infection_case) {
  auto server = start_service();
  rapidjson::Document request = load_request("variant-1-order-select.json");
  add_condition(request,
                condition_entry("dx-osteo", "M46.26", "203241002",
                                "Vertebral osteomyelitis L2-L3, suspected", "provisional"));
  add_condition(request, condition_entry("dx-fever", "R50.9", "386661006", "Fever"));
  httplib::Client client("127.0.0.1", server->port());
  expect_red_flag_card(expect_valid_response(post_json(client, kSelect, to_json(request))),
                       "Suspected Spine Infection", "Condition/dx-osteo");
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_CASE(burst_fractures_are_acute_spinal_trauma) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  // S32.0 lumbar vertebra, 5th character 1 = L1, 6th 1 = stable burst, 2 = unstable burst.
  for (const char* code : {"S32.012A", "S32.011A"}) {
    rapidjson::Document request = load_request("variant-1-order-select.json");
    add_condition(request,
                  condition_entry("dx-burst", code, "", "Burst fracture of first lumbar vertebra"));
    expect_red_flag_card(expect_valid_response(post_json(client, kSelect, to_json(request))),
                         "Acute Spinal Trauma", "Condition/dx-burst");
  }
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_CASE(a_steroid_induced_osteoporotic_fracture_stays_in_the_topic) {
  auto server = start_service();
  rapidjson::Document request = load_request("variant-1-order-select.json");
  add_condition(request, condition_entry("dx-steroid", "Z79.52", "",
                                         "Long term (current) use of systemic steroids"));
  add_condition(request, condition_entry("dx-wedge", "S32.010A", "",
                                         "Wedge compression fracture of first lumbar vertebra"));
  httplib::Client client("127.0.0.1", server->port());
  const auto response = expect_valid_response(post_json(client, kSelect, to_json(request)));
  const auto ratings = pama_ratings(response);
  BOOST_REQUIRE(ratings.size() == 1u);
  BOOST_TEST(ratings[0].second == "not-appropriate");
  BOOST_REQUIRE(response["cards"].Size() == 1u);
  BOOST_TEST(str(response["cards"][0]["indicator"]) == "warning");
  BOOST_TEST(to_json(response).find("acr-vertebral-compression-fractures/variant-1") !=
             std::string::npos);
  BOOST_TEST(server->stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
