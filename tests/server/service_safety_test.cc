// Clinical safety end to end: the fixture requests with allergies, devices, lab results and
// pregnancy status added as Epic and Oracle Health send them. A contraindicated order gets a
// critical card, a removed study is never a suggestion, the detail names the resource, and what
// was not supplied is said.
#include <boost/test/unit_test.hpp>

#include "service_support.h"

using namespace auc::test;

namespace {

// Adds prefetch[key] = a searchset Bundle of the given resources (JSON texts).
void add_prefetch(rapidjson::Document& request, const char* key,
                  const std::vector<std::string>& resources) {
  std::string text = R"({"resourceType":"Bundle","type":"searchset","entry":[)";
  for (std::size_t i = 0; i < resources.size(); ++i) {
    if (i) text += ",";
    text += R"({"fullUrl":"https://fhir.example.org/r4/x/)" + std::to_string(i) +
            R"(","resource":)" + resources[i] + "}";
  }
  text += "]}";
  rapidjson::Document bundle(&request.GetAllocator());
  bundle.Parse(text.c_str());
  BOOST_TEST_REQUIRE(!bundle.HasParseError());
  auto& prefetch = request["prefetch"];
  if (prefetch.HasMember(key)) prefetch.RemoveMember(key);
  prefetch.AddMember(rapidjson::Value(key, request.GetAllocator()),
                     rapidjson::Value(bundle, request.GetAllocator()), request.GetAllocator());
}

// Replaces the first draft order's code with one CPT code.
void order_cpt(rapidjson::Document& request, const char* code, const char* display) {
  auto& coding = request["context"]["draftOrders"]["entry"][0]["resource"]["code"];
  std::string text = R"({"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":")" +
                     std::string(code) + R"(","display":")" + display + R"("}],"text":")" +
                     display + R"("})";
  rapidjson::Document c(&request.GetAllocator());
  c.Parse(text.c_str());
  coding.CopyFrom(c, request.GetAllocator());
}

// Epic: allergen with a local code, text as the clinician picked it, reaction as text.
const char* kEpicGadoliniumAllergy = R"({
  "resourceType": "AllergyIntolerance", "id": "eAlg.Gd1",
  "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "code": "active"}]},
  "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "code": "confirmed"}]},
  "category": ["medication"], "criticality": "high",
  "code": {"coding": [{"system": "urn:oid:1.2.840.114350.1.13.0.1.7.2.767560", "code": "1234", "display": "GADOLINIUM-CONTAINING CONTRAST MEDIA"}], "text": "Gadolinium - anaphylaxis"},
  "patient": {"reference": "Patient/vcf-v2", "display": "Test, Patient"},
  "recordedDate": "2021-05-02T09:12:00Z",
  "reaction": [{"manifestation": [{"coding": [{"system": "http://snomed.info/sct", "code": "39579001", "display": "Anaphylaxis"}], "text": "Anaphylaxis"}]}]
})";

// Oracle Health (Cerner): a Device with a type text and no MR safety element.
const char* kCernerPacemaker = R"({
  "resourceType": "Device", "id": "M-1123", "status": "active",
  "type": {"coding": [{"system": "http://snomed.info/sct", "code": "14106009", "display": "Cardiac pacemaker"}], "text": "Permanent pacemaker"},
  "deviceName": [{"name": "Azure XT DR MRI SureScan", "type": "manufacturer-name"}],
  "patient": {"reference": "Patient/vcf-aug"}
})";

const char* kPregnant = R"({
  "resourceType": "Observation", "id": "preg-1", "status": "final",
  "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "social-history"}]}],
  "code": {"coding": [{"system": "http://loinc.org", "code": "82810-3", "display": "Pregnancy status"}]},
  "subject": {"reference": "Patient/vcf-v1"},
  "effectiveDateTime": "2024-05-28",
  "valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": "77386006", "display": "Pregnant"}]}
})";

const rapidjson::Value& only_card(const rapidjson::Document& response) {
  BOOST_TEST_REQUIRE(response["cards"].Size() == 1u);
  return response["cards"][0];
}

std::vector<std::string> suggestion_labels(const rapidjson::Value& card) {
  std::vector<std::string> out;
  if (!card.HasMember("suggestions")) return out;
  for (const auto& s : card["suggestions"].GetArray()) out.emplace_back(s["label"].GetString());
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(service_safety)

BOOST_AUTO_TEST_CASE(discovery_asks_for_allergies_devices_labs_and_pregnancy_status) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  auto res = client.Get("/cds-services");
  BOOST_TEST_REQUIRE(res->status == 200);
  rapidjson::Document doc;
  doc.Parse(res->body.c_str());
  const auto& prefetch = doc["services"][0]["prefetch"];
  BOOST_TEST(std::string(prefetch["allergies"].GetString()) ==
             "AllergyIntolerance?patient={{context.patientId}}");
  BOOST_TEST(std::string(prefetch["devices"].GetString()) ==
             "Device?patient={{context.patientId}}");
  BOOST_TEST(contains(prefetch["labs"].GetString(), "category=laboratory"));
  BOOST_TEST(contains(prefetch["labs"].GetString(), "98979-8"));
  BOOST_TEST(contains(prefetch["pregnancyStatus"].GetString(), "82810-3"));
}

BOOST_AUTO_TEST_CASE(a_gadolinium_allergy_takes_contrast_mri_off_the_buttons) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  // Variant 2, bone scan ordered: without the allergy MRI without and with IV contrast (UA 9)
  // is the recommended button.
  auto request = load_request("variant-2-order-select.json");
  const auto before = expect_valid_response(post_json(client, kSelect, to_json(request)));
  const auto before_labels = suggestion_labels(only_card(before));
  BOOST_TEST_REQUIRE(!before_labels.empty());
  BOOST_TEST(contains(before_labels.front(), "without and with IV contrast"));

  add_prefetch(request, "allergies", {kEpicGadoliniumAllergy});
  const auto doc = expect_valid_response(post_json(client, kSelect, to_json(request)));
  const auto& card = only_card(doc);
  for (const auto& label : suggestion_labels(card)) {
    BOOST_TEST(!contains(label, "with IV contrast"), label);
  }
  const std::string detail = card["detail"].GetString();
  BOOST_TEST(contains(detail, "AllergyIntolerance/eAlg.Gd1"), detail);
  BOOST_TEST(contains(detail, "recorded 2021-05-02"));
  BOOST_TEST(!contains(detail, "Contrast allergies were not checked"));
  // The rating of the order itself is the ACR's, unchanged.
  BOOST_TEST(pama_ratings(doc).at(0).second == "appropriate");
}

BOOST_AUTO_TEST_CASE(an_ordered_study_the_patient_must_not_have_gets_a_critical_card) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  auto request = load_request("variant-2-order-select.json");
  order_cpt(request, "72158", "MRI lumbar spine without and with contrast");
  add_prefetch(request, "allergies", {kEpicGadoliniumAllergy});
  const auto doc = expect_valid_response(post_json(client, kSelect, to_json(request)));
  const auto& card = only_card(doc);
  BOOST_TEST(std::string(card["indicator"].GetString()) == "critical");
  BOOST_TEST(contains(card["summary"].GetString(), "Contraindicated"));
  BOOST_TEST(contains(card["summary"].GetString(), "gadolinium"));
  const std::string detail = card["detail"].GetString();
  BOOST_TEST(contains(detail, "AllergyIntolerance/eAlg.Gd1"));
  const auto labels = suggestion_labels(card);
  BOOST_TEST_REQUIRE(!labels.empty());  // a safe study is offered instead
  for (const auto& label : labels) BOOST_TEST(!contains(label, "with IV contrast"), label);
  BOOST_TEST(contains(labels.front(), "MRI spine area of interest without IV contrast"));
  // Still rated as the ACR rates it: Usually Appropriate in variant 2.
  BOOST_TEST(pama_ratings(doc).at(0).second == "appropriate");
}

BOOST_AUTO_TEST_CASE(augmentation_with_a_pacemaker_suggests_no_mri_order) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  auto request = load_request("augmentation-without-mri.json");
  const auto before = expect_valid_response(post_json(client, kSelect, to_json(request)));
  BOOST_TEST_REQUIRE(suggestion_labels(only_card(before)).size() == 1u);

  add_prefetch(request, "devices", {kCernerPacemaker});
  const auto doc = expect_valid_response(post_json(client, kSelect, to_json(request)));
  const auto& card = only_card(doc);
  BOOST_TEST(suggestion_labels(card).empty());
  const std::string detail = card["detail"].GetString();
  BOOST_TEST(contains(detail, "Device/M-1123"), detail);
  BOOST_TEST(contains(detail, "contraindicated"));
  BOOST_TEST(contains(card["summary"].GetString(), "contraindicated"));
}

BOOST_AUTO_TEST_CASE(pregnancy_makes_a_ct_order_critical_and_offers_neither_ct_nor_gadolinium) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  auto request = load_request("variant-1-order-select.json");  // CT lumbar with contrast
  request["prefetch"]["patient"]["birthDate"].SetString("1991-03-03");
  add_prefetch(request, "pregnancyStatus", {kPregnant});
  const auto doc = expect_valid_response(post_json(client, kSelect, to_json(request)));
  const auto& card = only_card(doc);
  BOOST_TEST(std::string(card["indicator"].GetString()) == "critical");
  BOOST_TEST(contains(card["summary"].GetString(), "pregnancy"));
  BOOST_TEST(contains(card["detail"].GetString(), "Observation/preg-1"));
  for (const auto& label : suggestion_labels(card)) {
    BOOST_TEST(!contains(label, "CT "), label);
    BOOST_TEST(!contains(label, "with IV contrast"), label);
    BOOST_TEST(!contains(label, "Bone scan"), label);
  }
}

BOOST_AUTO_TEST_CASE(cards_say_what_could_not_be_checked) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  auto request = load_request("variant-1-order-select.json");
  const auto doc = expect_valid_response(post_json(client, kSelect, to_json(request)));
  const std::string detail = only_card(doc)["detail"].GetString();
  BOOST_TEST(contains(detail, "Contrast allergies were not checked: no AllergyIntolerance data"));
  BOOST_TEST(contains(detail, "Renal function was not checked"));

  // An empty search result is an answer: no allergies on file.
  add_prefetch(request, "allergies", {});
  add_prefetch(request, "labs", {});
  const auto searched = expect_valid_response(post_json(client, kSelect, to_json(request)));
  const std::string checked = only_card(searched)["detail"].GetString();
  BOOST_TEST(!contains(checked, "Contrast allergies were not checked"));
  BOOST_TEST(contains(checked, "no eGFR result was found"));
}

BOOST_AUTO_TEST_SUITE_END()
