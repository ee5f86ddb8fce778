// Records as EHRs send them, through the real server: suspected and abated conditions, typo
// dates, healed-fracture history, skin cancer, one fracture coded twice, pain scores as
// flowsheet Observations, ICD-10-CM under its OID, CPT modifiers and orders whose codes disagree.
// Each case starts from a variant fixture and changes only what the case is about.
#include <boost/test/unit_test.hpp>
#include <string>

#include "service_support.h"

using namespace auc::test;

namespace {

constexpr const char* kIcdUri = "http://hl7.org/fhir/sid/icd-10-cm";
constexpr const char* kIcdOid = "urn:oid:2.16.840.1.113883.6.90";

rapidjson::Value parse_into(rapidjson::Document& doc, const std::string& text) {
  rapidjson::Document part(&doc.GetAllocator());
  part.Parse(text.c_str());
  BOOST_TEST_REQUIRE(!part.HasParseError(), "not JSON: " << text);
  rapidjson::Value v;
  v.CopyFrom(part, doc.GetAllocator());
  return v;
}

// Adds a resource to a prefetch searchset bundle ("conditions", "observations", ...).
void add_resource(rapidjson::Document& doc, const char* key, const std::string& resource) {
  auto& a = doc.GetAllocator();
  auto& bundle = doc["prefetch"][key];
  if (!bundle.HasMember("entry"))
    bundle.AddMember("entry", rapidjson::Value(rapidjson::kArrayType), a);
  rapidjson::Value entry(rapidjson::kObjectType);
  entry.AddMember("resource", parse_into(doc, resource), a);
  bundle["entry"].PushBack(entry, a);
}

rapidjson::Value& draft_order(rapidjson::Document& doc) {
  return doc["context"]["draftOrders"]["entry"][0]["resource"];
}

void set_member(rapidjson::Document& doc, rapidjson::Value& object, const char* name,
                const std::string& json) {
  auto& a = doc.GetAllocator();
  object.RemoveMember(name);
  object.AddMember(rapidjson::Value(name, a), parse_into(doc, json), a);
}

rapidjson::Value& prefetch_resource(rapidjson::Document& doc, const char* key, int i) {
  return doc["prefetch"][key]["entry"][i]["resource"];
}

std::string condition(const std::string& id, const std::string& system, const std::string& code,
                      const std::string& display, const std::string& category,
                      const std::string& verification, const std::string& extra) {
  return R"({"resourceType": "Condition", "id": ")" + id + R"(",
    "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
    "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": ")" +
         verification + R"("}]},
    "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category", "code": ")" +
         category + R"("}]}],
    "code": {"coding": [{"system": ")" +
         system + R"(", "code": ")" + code + R"(", "display": ")" + display + R"("}], "text": ")" +
         display + R"("},
    "subject": {"reference": "Patient/vcf-v1"})" +
         extra + "}";
}

std::string pain_score(const std::string& id, const std::string& when, const std::string& value) {
  return R"({"resourceType": "Observation", "id": ")" + id + R"(", "status": "final",
    "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
    "code": {"coding": [{"system": "http://loinc.org", "code": "72514-3", "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}], "text": "Pain Score"},
    "subject": {"reference": "Patient/vcf-v5"}, "effectiveDateTime": ")" +
         when + R"(", )" + value + "}";
}

struct Answer {
  rapidjson::Document doc;
  std::string rating;
  int variant = 0;
  std::string detail;     // the first card's detail, "" without a card
  std::string summary;    // the first card's summary
  std::string indicator;  // the first card's indicator
};

Answer call(httplib::Client& client, const rapidjson::Document& request) {
  Answer out;
  out.doc = expect_valid_response(post_json(client, kSelect, to_json(request)));
  const auto ratings = pama_ratings(out.doc);
  BOOST_TEST_REQUIRE(ratings.size() == 1u);
  out.rating = ratings[0].second;
  out.variant = rated_variant(out.doc["systemActions"][0]["resource"]);
  if (out.doc["cards"].Size() > 0) {
    out.detail = out.doc["cards"][0]["detail"].GetString();
    out.summary = out.doc["cards"][0]["summary"].GetString();
    out.indicator = out.doc["cards"][0]["indicator"].GetString();
  }
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(service_record_fidelity)

BOOST_AUTO_TEST_CASE(condition_status_dates_and_code_families) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());

  {  // A bone metastasis recorded only as a differential diagnosis: variant 1, not 2.
    auto request = load_request("variant-1-order-select.json");
    add_resource(
        request, "conditions",
        condition(
            "dx-mets", kIcdUri, "C79.51", "Secondary malignant neoplasm of bone",
            "encounter-diagnosis", "differential",
            R"(, "recordedDate": "2024-05-30", "note": [{"text": "r/o mets vs osteoporotic"}])"));
    const Answer a = call(client, request);
    BOOST_TEST(a.variant == 1);
    BOOST_TEST(contains(a.detail, "malignancy_history taken as false"), a.detail);
    BOOST_TEST(contains(a.detail, "if malignancy_history were true, variant 2"), a.detail);
    BOOST_TEST(contains(a.detail, "Condition/dx-mets"), a.detail);
  }
  {  // A skin basal cell carcinoma is not a malignancy history.
    auto request = load_request("variant-1-order-select.json");
    add_resource(request, "conditions",
                 condition("bcc", kIcdUri, "C44.91", "Basal cell carcinoma of skin, unspecified",
                           "problem-list-item", "confirmed", R"(, "onsetDateTime": "2019-04-11")"));
    BOOST_TEST(call(client, request).variant == 1);
  }
  {  // A healed pathological fracture history beside the current fracture: not variant 3.
    auto request = load_request("variant-1-order-select.json");
    add_resource(request, "conditions",
                 condition("hx-fx", kIcdUri, "Z87.311",
                           "Personal history of (healed) other pathological fracture",
                           "problem-list-item", "confirmed", R"(, "recordedDate": "2021-09-14")"));
    BOOST_TEST(call(client, request).variant == 1);
  }
  {  // An onset in the future (2042 for 2024) is ignored, and the card says so.
    auto request = load_request("variant-1-order-select.json");
    add_resource(
        request, "conditions",
        condition("typo", kIcdUri, "M80.08XA",
                  "Age-related osteoporosis w current pathological fracture, vertebra(e)",
                  "encounter-diagnosis", "confirmed", R"(, "onsetDateTime": "2042-05-20")"));
    const Answer a = call(client, request);
    BOOST_TEST(a.variant == 1);
    BOOST_TEST(contains(a.detail, "Data quality: Condition/typo onset is after the order date"),
               a.detail);
  }
  {  // The same L1 fracture on the problem list and as today's encounter diagnosis: not variant 3.
    // The fixture's own fracture record is replaced by the two.
    auto request = load_request("variant-1-order-select.json");
    request["prefetch"]["conditions"]["entry"].Erase(
        request["prefetch"]["conditions"]["entry"].Begin());
    add_resource(request, "conditions",
                 condition("pl-l1", kIcdUri, "S32.010A",
                           "Wedge compression fracture of first lumbar vertebra, initial encounter",
                           "problem-list-item", "confirmed", R"(, "onsetDateTime": "2024-03-18")"));
    add_resource(
        request, "conditions",
        condition("ed-l1", kIcdUri, "S32.010D",
                  "Wedge compression fracture of first lumbar vertebra, subsequent encounter",
                  "encounter-diagnosis", "confirmed", R"(, "recordedDate": "2024-05-28")"));
    const Answer a = call(client, request);
    BOOST_TEST(a.variant == 1);
    BOOST_TEST(contains(a.detail, "Counted as one fracture: Condition/pl-l1 and Condition/ed-l1"),
               a.detail);
  }
}

BOOST_AUTO_TEST_CASE(abatement_and_the_seventh_character_in_variant_7) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  // Variant 7: a new fracture after prior augmentation. The fixture's fracture is M80.08XA in the
  // order's reason and on the problem list; each case recodes both.
  auto recode = [](rapidjson::Document& request, const char* system, const char* code) {
    const std::string coding =
        std::string(R"({"coding": [{"system": ")") + system + R"(", "code": ")" + code + R"("}]})";
    set_member(request, prefetch_resource(request, "conditions", 0), "code", coding);
    set_member(request, draft_order(request), "reasonCode", "[" + coding + "]");
  };
  for (const char* system : {kIcdUri, kIcdOid}) {
    BOOST_TEST_CONTEXT(system) {
      auto initial = load_request("variant-7-order-select.json");
      recode(initial, system, "M80.08XA");
      BOOST_TEST(call(client, initial).variant == 7);
      // Sequela: an old fracture under the OID as under the URI.
      auto sequela = load_request("variant-7-order-select.json");
      recode(sequela, system, "M80.08XS");
      BOOST_TEST(call(client, sequela).variant != 7);
    }
  }
  // A fracture with an abatement date is not current: not a new fracture after augmentation.
  auto abated = load_request("variant-7-order-select.json");
  draft_order(abated).RemoveMember("reasonCode");
  auto& fracture = prefetch_resource(abated, "conditions", 0);
  set_member(abated, fracture, "abatementDateTime", R"("2024-05-29")");
  BOOST_TEST(call(client, abated).variant != 7);
}

BOOST_AUTO_TEST_CASE(pain_scores_from_flowsheet_observations) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  // Variant 5 is an asymptomatic osteoporotic fracture: augmentation is warned against.
  const Answer baseline = call(client, load_request("variant-5-order-select.json"));
  BOOST_TEST(baseline.variant == 5);
  for (const char* value : {R"("valueInteger": 7)", R"("valueString": "8/10")"}) {
    BOOST_TEST_CONTEXT(value) {
      auto request = load_request("variant-5-order-select.json");
      add_resource(request, "observations",
                   pain_score("pain-1", "2024-05-30T14:05:00-05:00", value));
      const Answer a = call(client, request);
      // Symptomatic now: not variant 5; without an MRI no variant applies yet.
      BOOST_TEST(a.variant != 5);
      BOOST_TEST(a.rating == "no-criteria-apply");
      BOOST_TEST(contains(a.detail, "Observation/pain-1"), a.detail);
    }
  }
  // 4 then 8 within the window: worsening pain, variant 8.
  auto rising = load_request("variant-5-order-select.json");
  add_resource(rising, "observations",
               pain_score("pain-a", "2024-05-21T09:00:00Z", R"("valueInteger": 4)"));
  add_resource(rising, "observations",
               pain_score("pain-b", "2024-05-31T09:00:00Z", R"("valueString": "8/10")"));
  const Answer a = call(client, rising);
  BOOST_TEST(a.variant == 8);
  BOOST_TEST(a.rating == "appropriate");
}

BOOST_AUTO_TEST_CASE(order_codes_with_modifiers_and_codes_that_disagree) {
  auto server = start_service();
  httplib::Client client("127.0.0.1", server->port());
  for (const char* sent : {"72132-26", "72132 26", "72132TC", "7213226"}) {
    BOOST_TEST_CONTEXT(sent) {
      auto request = load_request("variant-1-order-select.json");
      set_member(
          request, draft_order(request), "code",
          std::string(R"({"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": ")") +
              sent + R"(", "display": "CT lumbar spine with contrast"}]})");
      const Answer a = call(client, request);
      BOOST_TEST(a.variant == 1);
      BOOST_TEST(a.rating == "not-appropriate");
      // The card names the code as it was sent.
      BOOST_TEST(contains(a.detail, std::string("|") + sent), a.detail);
    }
  }
  {  // A Category III code stays whole: 0200T is not read as 02000 or 0200 plus a modifier.
    auto request = load_request("variant-1-order-select.json");
    set_member(
        request, draft_order(request), "code",
        R"({"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "0200T", "display": "Percutaneous sacral augmentation (sacroplasty), unilateral"}]})");
    const Answer a = call(client, request);
    BOOST_TEST(a.rating == "no-criteria-apply");
    BOOST_TEST(a.variant == 0);
  }
  {  // CPT says CT without contrast, LOINC says without and with: not rated, an info card.
    auto request = load_request("variant-1-order-select.json");
    set_member(
        request, draft_order(request), "code",
        R"({"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "72131", "display": "CT lumbar spine without contrast"},
                              {"system": "http://loinc.org", "code": "36402-6", "display": "CT Lumbar spine WO and W contrast IV"}],
                   "text": "CT L-spine"})");
    const Answer a = call(client, request);
    BOOST_TEST(a.rating == "no-criteria-apply");
    BOOST_TEST(a.variant == 0);
    BOOST_TEST(a.indicator == "info");
    BOOST_TEST(contains(a.summary, "codes name studies of different modality or contrast"),
               a.summary);
    BOOST_TEST(contains(a.detail, "72131"), a.detail);
    BOOST_TEST(contains(a.detail, "36402-6"), a.detail);
    // No suggestion replaces an order whose intent is unknown.
    BOOST_TEST(!a.doc["cards"][0].HasMember("suggestions"));
  }
}

BOOST_AUTO_TEST_SUITE_END()
