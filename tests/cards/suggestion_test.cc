// One-click suggestions: which alternatives become buttons, and the replacement order each
// carries (the draft with only its code and rating changed).
#include <boost/test/unit_test.hpp>

#include "cards/card_plan.h"
#include "cards/extension_urls.h"
#include "render_fixture.h"

using namespace cards_test;
using auc::cards::CardPolicy;
using auc::engine::Category;

namespace {

std::vector<std::string> suggested_labels(const rapidjson::Value& card) {
  std::vector<std::string> out;
  if (!card.HasMember("suggestions")) return out;
  for (const auto& s : card["suggestions"].GetArray()) out.emplace_back(sv(s["label"]));
  return out;
}

const rapidjson::Value& suggested_resource(const rapidjson::Value& suggestion) {
  BOOST_REQUIRE_EQUAL(suggestion["actions"].Size(), 1u);
  const rapidjson::Value& action = suggestion["actions"][0];
  BOOST_REQUIRE(sv(action["type"]) == "update");
  return action["resource"];
}

std::string acr_sub(const rapidjson::Value& resource, std::string_view name) {
  const rapidjson::Value* e = find_extension(resource, auc::cards::kAcrRatingUrl);
  BOOST_REQUIRE(e != nullptr);
  for (const auto& sub : (*e)["extension"].GetArray()) {
    if (sv(sub["url"]) != name) continue;
    if (sub.HasMember("valueInteger")) return std::to_string(sub["valueInteger"].GetInt());
    if (sub.HasMember("valueCoding")) return std::string(sv(sub["valueCoding"]["code"]));
    return std::string(sv(sub["valueCode"]));
  }
  return "";
}

std::string consult_id(const rapidjson::Value& resource) {
  const rapidjson::Value* e = find_extension(resource, auc::cards::kPamaConsultIdUrl);
  return e ? std::string(sv((*e)["valueUri"])) : "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(suggestions)

BOOST_AUTO_TEST_CASE(suggestions_are_the_usually_appropriate_alternatives_best_first) {
  const Rendered r = render(full_draft(kCtLumbarWith), v2_symptomatic_malignancy());
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  const auto& a = r.assessments.front();
  std::vector<const auc::engine::RatedProcedure*> expected;
  for (const auto& alt : a.alternatives) {
    if (alt.procedure->category == Category::kUsuallyAppropriate) expected.push_back(alt.procedure);
  }
  BOOST_REQUIRE_EQUAL(expected.size(), 3u);  // MRI w/wo 9, CT w/o 7, MRI w/o 7
  BOOST_TEST(expected.front()->id == "mri-spine-without-and-with-iv-contrast");
  const rapidjson::Value& suggestions = r.card()["suggestions"];
  BOOST_REQUIRE_EQUAL(suggestions.Size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const rapidjson::Value& s = suggestions[i];
    BOOST_TEST(std::string(sv(s["label"])).find(expected[i]->name) != std::string::npos);
    BOOST_TEST(s.HasMember("isRecommended") == (i == 0));
    if (i == 0) BOOST_TEST(s["isRecommended"].GetBool());
    BOOST_TEST(s["uuid"].IsString());
    const rapidjson::Value& resource = suggested_resource(s);
    BOOST_TEST(sv(resource["code"]["text"]) == expected[i]->name);
    BOOST_TEST(acr_sub(resource, "procedure") == expected[i]->id);
    BOOST_TEST(acr_sub(resource, "rating") == std::to_string(expected[i]->rating));
    BOOST_TEST(acr_sub(resource, "variant") == "2");
    BOOST_TEST(acr_sub(resource, "category") == "usually-appropriate");
    BOOST_TEST(pama_code(resource) == "appropriate");
  }
  BOOST_REQUIRE_EQUAL(r.response.cards.size(), 1u);
  BOOST_TEST(r.response.cards[0].suggested_procedure_id == expected.front()->id);
}

BOOST_AUTO_TEST_CASE(max_suggestions_caps_the_buttons_and_lists_the_rest) {
  for (std::size_t max : {std::size_t{1}, std::size_t{2}}) {
    CardPolicy policy;
    policy.max_suggestions = max;
    const Rendered r = render(full_draft(kCtLumbarWith), v2_symptomatic_malignancy(), policy);
    BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
    BOOST_TEST(r.card()["suggestions"].Size() == max);
    const std::string detail(sv(r.card()["detail"]));
    // The Usually Appropriate studies past the cap are still named, as rows of the detail.
    const auto& alternatives = r.assessments.front().alternatives;
    for (std::size_t i = max; i < 3; ++i) {
      BOOST_REQUIRE((alternatives[i].procedure->category == Category::kUsuallyAppropriate));
      BOOST_TEST(detail.find("| Also better | " + alternatives[i].procedure->name + " |") !=
                     std::string::npos,
                 detail);
    }
  }
}

BOOST_AUTO_TEST_CASE(plan_offers_at_most_three_buttons_by_default) {
  // Variant 9 with every treatment given a verified code: four Usually Appropriate options.
  const auc::engine::Topic& topic = test::kb().topics().front();
  const auc::engine::Variant* v9 = topic.variant(9);
  BOOST_REQUIRE(v9 != nullptr);
  auc::engine::CodeMapping code;
  code.system = "http://www.ama-assn.org/go/cpt";
  code.code = "00000";
  auc::engine::Assessment a;
  a.outcome = auc::engine::Outcome::kRated;
  a.topic = &topic;
  a.variant = v9;
  a.ordered = v9->procedure("systemic-radionuclide-therapy");
  BOOST_REQUIRE(a.ordered != nullptr);
  for (const auto* p : test::kb().ranked(*v9, false)) {
    if (p == a.ordered) break;
    auc::engine::Alternative alt;
    alt.procedure = p;
    if (p->orderable) alt.codes.push_back(&code);
    a.alternatives.push_back(alt);
  }
  const auc::cards::CardPlan plan = auc::cards::plan_card(a, CardPolicy{});
  BOOST_TEST(plan.show);
  BOOST_TEST(plan.indicator == "info");
  BOOST_REQUIRE_EQUAL(plan.suggested.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) BOOST_TEST(plan.suggested[i] == &a.alternatives[i]);
  BOOST_REQUIRE_EQUAL(plan.listed.size(), a.alternatives.size() - 3);
  BOOST_TEST(plan.listed.front() == &a.alternatives[3]);
  BOOST_TEST(plan.listed.back()->procedure->id == "medical-management-only");

  // An unverified crosswalk code is never put into an order.
  code.unverified = true;
  BOOST_TEST(auc::cards::plan_card(a, CardPolicy{}).suggested.empty());
}

BOOST_AUTO_TEST_CASE(treatment_suggestions_skip_options_without_a_verified_code) {
  // Variant 9: the consultations are only coded by the test site's (unverified) local codes.
  const Rendered r = render(full_draft(kRadium), v9_pathological_with_pain());
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  const auto& a = r.assessments.front();
  BOOST_REQUIRE(a.variant != nullptr);
  BOOST_TEST(a.variant->number == 9);
  const auto labels = suggested_labels(r.card());
  BOOST_REQUIRE(!labels.empty());
  for (const auto& l : labels) BOOST_TEST(l.find("consultation") == std::string::npos, l);
  const std::string detail(sv(r.card()["detail"]));
  BOOST_TEST(detail.find("Surgical consultation (no order code known") != std::string::npos,
             detail);
  BOOST_TEST(detail.find("Medical management only (not an order)") != std::string::npos, detail);
}

BOOST_AUTO_TEST_CASE(suggested_order_keeps_every_draft_field_but_the_code) {
  const Rendered r = render(full_draft(kCtLumbarWith), v1_new_symptomatic());
  BOOST_TEST(r.violations().empty(), auc::test::describe_violations(r.violations()));
  const rapidjson::Value& draft = r.draft();
  for (const auto& s : r.card()["suggestions"].GetArray()) {
    const rapidjson::Value& resource = suggested_resource(s);
    BOOST_TEST(resource.MemberCount() == draft.MemberCount());
    for (const auto& m : draft.GetObject()) {
      const std::string name(sv(m.name));
      BOOST_TEST_CONTEXT(name) {
        BOOST_REQUIRE(resource.HasMember(m.name));
        if (name == "code" || name == "extension") continue;
        BOOST_TEST((resource[m.name] == m.value), to_json(resource[m.name]));
      }
    }
    // The EHR's own extension survives, ahead of ours.
    BOOST_TEST(sv(resource["extension"][0]["url"]) ==
               "https://ehr.example.org/fhir/StructureDefinition/order-priority-reason");
    BOOST_TEST((resource["reasonCode"] == draft["reasonCode"]));
  }
}

BOOST_AUTO_TEST_CASE(suggested_code_is_cpt_then_loinc_for_the_same_region) {
  const Rendered r = render(full_draft(kCtLumbarWith), v1_new_symptomatic());
  const rapidjson::Value& first = suggested_resource(r.card()["suggestions"][0]);
  const rapidjson::Value& coding = first["code"]["coding"];
  BOOST_REQUIRE(coding.Size() >= 2u);
  BOOST_TEST(sv(coding[0]["system"]) == "http://www.ama-assn.org/go/cpt");
  BOOST_TEST(sv(coding[0]["code"]) == "72148");
  BOOST_TEST(sv(coding[1]["system"]) == "http://loinc.org");
  BOOST_TEST(sv(coding[1]["code"]) == "30679-5");
  std::vector<std::string_view> systems;
  for (const auto& c : coding.GetArray()) {
    BOOST_TEST_CONTEXT(sv(c["code"])) {
      BOOST_TEST((std::find(systems.begin(), systems.end(), sv(c["system"])) == systems.end()));
      systems.push_back(sv(c["system"]));
      const auto* mapping = test::kb().terminology().lookup(sv(c["system"]), sv(c["code"]));
      BOOST_REQUIRE(mapping != nullptr);
      BOOST_TEST(mapping->concept_id == "procedure/mri-spine-without-iv-contrast");
      BOOST_TEST((mapping->region == auc::engine::Region::kLumbar));
      BOOST_TEST(!sv(c["display"]).empty());
    }
  }
  BOOST_TEST(sv(first["code"]["text"]) == "MRI spine area of interest without IV contrast");
}

BOOST_AUTO_TEST_CASE(suggestion_shares_the_consultation_of_its_order) {
  const Rendered r = render(full_draft(kCtLumbarWith), v1_new_symptomatic());
  const std::string order_consult = consult_id(r.body["systemActions"][0]["resource"]);
  BOOST_TEST(order_consult.starts_with("urn:uuid:"));
  for (const auto& s : r.card()["suggestions"].GetArray()) {
    BOOST_TEST(consult_id(suggested_resource(s)) == order_consult);
  }
}

BOOST_AUTO_TEST_SUITE_END()
