#include "render_fixture.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <boost/test/unit_test.hpp>

#include "tests/support/cds_response_validator.h"

namespace cards_test {

test::ConditionSpec dx(const Code& c, const std::string& onset) {
  return test::ConditionSpec{{c}, "active", "confirmed", onset, onset};
}

std::vector<std::string> v1_new_symptomatic() {
  return {test::condition("c1", dx(kVcfLumbar)), test::condition("c2", dx(kBackPain))};
}
std::vector<std::string> v2_symptomatic_malignancy() {
  return {test::condition("c1", dx(kVcfLumbar)), test::condition("c2", dx(kBackPain)),
          test::condition("c3", dx(kMalignancy, "2019-03-01"))};
}
std::vector<std::string> v5_asymptomatic_osteoporotic() {
  return {test::condition("c1", dx(kVcfOsteoporotic))};
}
std::vector<std::string> v9_pathological_with_pain() {
  return {test::condition("c1", dx(kVcfNeoplastic)), test::condition("c2", dx(kBackPain))};
}

std::string full_draft(const Code& ordered, const std::string& id,
                       const std::string& extra_extensions, const Code& reason) {
  std::string ext =
      "[{\"url\":\"https://ehr.example.org/fhir/StructureDefinition/order-priority-"
      "reason\",\"valueString\":\"pain control\"}";
  if (!extra_extensions.empty()) ext += "," + extra_extensions;
  ext += "]";
  return "{\"resourceType\":\"ServiceRequest\",\"id\":\"" + id +
         "\",\"meta\":{\"profile\":[\"http://hl7.org/fhir/us/core/StructureDefinition/"
         "us-core-servicerequest\"]},\"extension\":" +
         ext +
         ",\"status\":\"draft\",\"intent\":\"order\",\"priority\":\"routine\","
         "\"category\":[{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"363679005\","
         "\"display\":\"Imaging\"}]}],\"code\":" +
         test::concept_json({ordered}) +
         ",\"quantityQuantity\":{\"value\":1.5,\"unit\":\"session\"},"
         "\"subject\":{\"reference\":\"Patient/p1\"},\"encounter\":{\"reference\":\"Encounter/"
         "e1\"},"
         "\"authoredOn\":\"2024-06-01\",\"requester\":{\"reference\":\"Practitioner/dr-1\","
         "\"display\":\"Dr Example\"},\"reasonCode\":[" +
         test::concept_json({reason}) +
         "],\"bodySite\":[{\"coding\":[{\"system\":\"http://snomed.info/"
         "sct\",\"code\":\"122496007\","
         "\"display\":\"Lumbar spine structure\"}]}],\"note\":[{\"text\":\"Fell at home; "
         "\\\"worse\\\" pain | since Monday\"}]}";
}

const rapidjson::Value& Rendered::card() const {
  BOOST_REQUIRE_EQUAL(cards().Size(), 1u);
  return cards()[0];
}

std::vector<std::string> Rendered::violations() const {
  return auc::test::validate_cds_response(response.body);
}

Rendered render(std::vector<test::Request> requests, const auc::cards::CardPolicy& policy) {
  Rendered r;
  r.requests = std::move(requests);
  r.assessments.reserve(r.requests.size());
  std::vector<auc::cards::AssessedOrder> orders;
  for (const test::Request& q : r.requests) r.assessments.push_back(test::assess(q));
  for (std::size_t i = 0; i < r.requests.size(); ++i) {
    orders.push_back({&(*r.requests[i].doc)["order"], &r.assessments[i]});
  }
  auc::cards::SequentialUuidSource uuids;
  r.response = auc::cards::render_hook_response(orders, policy, uuids);
  r.body.Parse(r.response.body.c_str());
  BOOST_REQUIRE_MESSAGE(!r.body.HasParseError(), "response is not JSON: " + r.response.body);
  BOOST_REQUIRE(r.body.IsObject() && r.body.HasMember("cards") && r.body["cards"].IsArray());
  return r;
}

Rendered render(const std::string& order_json, const std::vector<std::string>& conditions,
                const auc::cards::CardPolicy& policy) {
  std::vector<test::Request> requests;
  requests.push_back(test::request(order_json, conditions, {}, test::patient("1948-04-02")));
  return render(std::move(requests), policy);
}

std::string_view sv(const rapidjson::Value& v) {
  return v.IsString() ? std::string_view(v.GetString(), v.GetStringLength()) : std::string_view();
}

const rapidjson::Value* find_extension(const rapidjson::Value& resource, std::string_view url) {
  if (!resource.IsObject() || !resource.HasMember("extension")) return nullptr;
  for (const auto& e : resource["extension"].GetArray()) {
    if (e.HasMember("url") && sv(e["url"]) == url) return &e;
  }
  return nullptr;
}

std::string pama_code(const rapidjson::Value& resource) {
  const rapidjson::Value* e =
      find_extension(resource, "http://fhir.org/argonaut/Extension/pama-rating");
  if (e == nullptr) return "";
  return std::string(sv((*e)["valueCodeableConcept"]["coding"][0]["code"]));
}

std::string to_json(const rapidjson::Value& v) {
  rapidjson::StringBuffer b;
  rapidjson::Writer<rapidjson::StringBuffer> w(b);
  v.Accept(w);
  return b.GetString();
}

}  // namespace cards_test
