// Ratings as systemActions: the draft unchanged but for its rating extensions, sent both where
// CDS Hooks 2.0 clients and where the sandbox read them; ledger entries; byte-stable output.
#include <boost/test/unit_test.hpp>

#include "cards/extension_urls.h"
#include "render_fixture.h"

using namespace cards_test;

namespace {

std::size_t count_extensions(const rapidjson::Value& resource, std::string_view url) {
  std::size_t n = 0;
  for (const auto& e : resource["extension"].GetArray()) n += sv(e["url"]) == url;
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(system_actions)

BOOST_AUTO_TEST_CASE(rating_update_is_the_draft_plus_rating_extensions) {
  const Rendered r = render(full_draft(kCtLumbarWith), v1_new_symptomatic());
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  BOOST_REQUIRE_EQUAL(r.body["systemActions"].Size(), 1u);
  const rapidjson::Value& action = r.body["systemActions"][0];
  BOOST_TEST(sv(action["type"]) == "update");
  const rapidjson::Value& resource = action["resource"];
  const rapidjson::Value& draft = r.draft();
  BOOST_TEST(resource.MemberCount() == draft.MemberCount());
  for (const auto& m : draft.GetObject()) {
    if (sv(m.name) == "extension") continue;
    BOOST_TEST((resource[m.name] == m.value), sv(m.name));
  }
  BOOST_TEST(pama_code(resource) == "not-appropriate");
  const rapidjson::Value* applied = find_extension(resource, auc::cards::kPamaAucAppliedUrl);
  BOOST_REQUIRE(applied != nullptr);
  BOOST_TEST(sv((*applied)["valueUri"]) == r.assessments.front().topic->source_url);
  const rapidjson::Value* acr = find_extension(resource, auc::cards::kAcrRatingUrl);
  BOOST_REQUIRE(acr != nullptr);
  BOOST_TEST(to_json((*acr)["extension"]) ==
             "[{\"url\":\"category\",\"valueCoding\":{\"system\":\"https://auc-hooks.example.org/"
             "fhir/CodeSystem/acr-category\",\"code\":\"usually-not-appropriate\",\"display\":"
             "\"Usually Not Appropriate\"}},{\"url\":\"rating\",\"valueInteger\":3},{\"url\":"
             "\"variant\",\"valueInteger\":1},{\"url\":\"procedure\",\"valueCode\":\"ct-spine-with-"
             "iv-contrast\"}]");
}

BOOST_AUTO_TEST_CASE(earlier_ratings_on_the_draft_are_replaced_not_duplicated) {
  const std::string stale =
      "{\"url\":\"http://fhir.org/argonaut/Extension/pama-rating\",\"valueCodeableConcept\":{"
      "\"coding\":[{\"system\":\"http://fhir.org/argonaut/CodeSystem/pama-rating\",\"code\":"
      "\"appropriate\"}]}},{\"url\":\"http://fhir.org/argonaut/Extension/pama-rating-consult-id\","
      "\"valueUri\":\"urn:uuid:11111111-1111-4111-8111-111111111111\"},{\"url\":\"" +
      std::string(auc::cards::kAcrRatingUrl) +
      "\",\"extension\":[{\"url\":\"rating\",\"valueInteger\":9}]}";
  const Rendered r = render(full_draft(kCtLumbarWith, "draft-1", stale), v1_new_symptomatic());
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  const rapidjson::Value& resource = r.body["systemActions"][0]["resource"];
  BOOST_TEST(count_extensions(resource, auc::cards::kPamaRatingUrl) == 1u);
  BOOST_TEST(count_extensions(resource, auc::cards::kPamaConsultIdUrl) == 1u);
  BOOST_TEST(count_extensions(resource, auc::cards::kAcrRatingUrl) == 1u);
  BOOST_TEST(pama_code(resource) == "not-appropriate");
  BOOST_TEST(count_extensions(resource,
                              "https://ehr.example.org/fhir/StructureDefinition/"
                              "order-priority-reason") == 1u);
  BOOST_TEST(r.response.body.find("11111111-1111") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(draft_without_extensions_and_with_empty_fields) {
  const std::string draft =
      "{\"resourceType\":\"ServiceRequest\",\"id\":\"d9\",\"status\":\"draft\",\"intent\":"
      "\"order\",\"priority\":\"\",\"note\":[],\"requester\":null,\"performer\":[{}],"
      "\"subject\":{\"reference\":\"Patient/p1\"},\"code\":" +
      test::concept_json({kCtLumbarWith, {"", "", ""}}) + ",\"reasonCode\":[]}";
  const Rendered r = render(draft, v1_new_symptomatic());
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  const rapidjson::Value& resource = r.body["systemActions"][0]["resource"];
  for (const char* gone : {"priority", "note", "requester", "performer", "reasonCode"}) {
    BOOST_TEST(!resource.HasMember(gone), gone);
  }
  BOOST_TEST(resource["code"]["coding"].Size() == 1u);
  BOOST_TEST(pama_code(resource) == "not-appropriate");
}

BOOST_AUTO_TEST_CASE(system_actions_are_mirrored_for_the_sandbox) {
  const Rendered r = render(full_draft(kCtLumbarWith), v1_new_symptomatic());
  BOOST_REQUIRE(r.body.HasMember("extension"));
  BOOST_TEST((r.body["systemActions"] == r.body["extension"]["systemActions"]));
  BOOST_TEST(to_json(r.body["systemActions"]) == r.response.system_actions_json);
  BOOST_TEST(to_json(r.body["cards"]) == r.response.cards_json);
}

BOOST_AUTO_TEST_CASE(several_orders_each_get_their_own_consultation_and_ledger_entries) {
  std::vector<test::Request> requests;
  requests.push_back(test::request(full_draft(kCtLumbarWith, "draft-1"), v1_new_symptomatic(), {},
                                   test::patient("1948-04-02")));
  requests.push_back(test::request(full_draft(kMriLumbarWithout, "draft-2"), v1_new_symptomatic(),
                                   {}, test::patient("1948-04-02")));
  const Rendered r = render(std::move(requests));
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  const rapidjson::Value& actions = r.body["systemActions"];
  BOOST_REQUIRE_EQUAL(actions.Size(), 2u);
  BOOST_TEST(sv(actions[0]["resource"]["id"]) == "draft-1");
  BOOST_TEST(sv(actions[1]["resource"]["id"]) == "draft-2");
  const auto consult = [](const rapidjson::Value& resource) {
    return std::string(sv((*find_extension(resource, auc::cards::kPamaConsultIdUrl))["valueUri"]));
  };
  BOOST_TEST(consult(actions[0]["resource"]) != consult(actions[1]["resource"]));
  BOOST_TEST(pama_code(actions[1]["resource"]) == "appropriate");

  BOOST_REQUIRE_EQUAL(r.response.orders.size(), 2u);
  const auto& o1 = r.response.orders[0];
  BOOST_TEST(o1.order_reference == "ServiceRequest/draft-1");
  BOOST_TEST(o1.procedure_id == "ct-spine-with-iv-contrast");
  BOOST_TEST(o1.variant == "variant-1");
  BOOST_TEST(o1.category == "usually-not-appropriate");
  BOOST_TEST(o1.rating == 3);
  BOOST_TEST(o1.pama_rating == "not-appropriate");
  BOOST_REQUIRE_EQUAL(o1.ordered_codes.size(), 1u);
  BOOST_TEST(o1.ordered_codes[0].code == "72132");
  BOOST_TEST(r.response.orders[1].category == "usually-appropriate");

  BOOST_REQUIRE_EQUAL(r.cards().Size(), 1u);
  BOOST_REQUIRE_EQUAL(r.response.cards.size(), 1u);
  const auto& c = r.response.cards[0];
  BOOST_TEST(c.uuid == sv(r.card()["uuid"]));
  BOOST_TEST(c.summary == sv(r.card()["summary"]));
  BOOST_TEST(c.indicator == "warning");
  BOOST_TEST(c.order_reference == "ServiceRequest/draft-1");
  BOOST_TEST(c.variant == "variant-1");
  BOOST_TEST(c.suggested_procedure_id == "mri-spine-without-iv-contrast");
}

BOOST_AUTO_TEST_CASE(sequential_uuids_give_byte_stable_responses) {
  const Rendered a = render(full_draft(kCtLumbarWith), v2_symptomatic_malignancy());
  const Rendered b = render(full_draft(kCtLumbarWith), v2_symptomatic_malignancy());
  BOOST_TEST(a.response.body == b.response.body);
  BOOST_TEST(a.response.body.find("00000000-0000-4000-8000-000000000001") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(random_uuids_differ_between_calls) {
  std::vector<test::Request> requests;
  requests.push_back(test::request(full_draft(kCtLumbarWith), v1_new_symptomatic(), {},
                                   test::patient("1948-04-02")));
  const auto assessment = test::assess(requests.front());
  const auc::cards::AssessedOrder order{&(*requests.front().doc)["order"], &assessment};
  auc::cards::RandomUuidSource uuids;
  const auto first = auc::cards::render_hook_response({&order, 1}, {}, uuids);
  const auto second = auc::cards::render_hook_response({&order, 1}, {}, uuids);
  BOOST_TEST(first.body != second.body);
  BOOST_TEST(auc::test::validate_cds_response(first.body).empty());
}

BOOST_AUTO_TEST_SUITE_END()
